/* The answer boxes on the page: reading and filling them, what each one asks, and their size.
   Answers only ever reach the page as form values (.value) and text (.textContent), never as markup. */

export function controls(root) {
  return Array.from(root.querySelectorAll(".ws-field textarea, .ws-field input[name], .ws-field select"));
}

export function collect(fields) {
  const answers = {};
  fields.forEach(function (el) {
    if (el.type === "checkbox") {
      if (el.checked) answers[el.name] = true;
    } else if (el.type === "radio") {
      if (el.checked) answers[el.name] = el.value;
    } else if (el.value !== "") {
      answers[el.name] = el.value;
    }
  });
  return answers;
}

export function restore(fields, answers) {
  fields.forEach(function (el) {
    const value = answers[el.name];
    if (el.type === "checkbox") {
      el.checked = value === true;
    } else if (el.type === "radio") {
      el.checked = value === el.value;
    } else {
      el.value = typeof value === "string" ? value : "";
    }
  });
}

/* What each answer box asks, for readable Markdown exports (kept with the entries). */
export function labelsOf(fields) {
  const labels = {};
  fields.forEach(function (el) {
    const set = el.closest("fieldset");
    const legend = set && set.querySelector("legend");
    const caption = el.closest(".ws-field").querySelector("caption");
    const own = el.getAttribute("aria-label") || (el.labels && el.labels[0] ? el.labels[0].textContent : "");
    let text = el.type === "radio" ? legend.textContent : own;
    if (el.type === "checkbox" && legend) text = legend.textContent + ": " + own;
    if (caption) text = caption.textContent + ": " + own;
    if (set && set.hasAttribute("data-ws-calc") && legend) text = legend.textContent + ": " + own;
    labels[el.name] = text.trim();
  });
  return labels;
}

/* Chromium grows text boxes by itself (field-sizing); elsewhere this script does. */
const needsFit = !(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"));

function fitCell(el) {
  if (!needsFit) return;
  el.style.height = "";
  if (el.value && el.scrollHeight > el.clientHeight) el.style.height = el.scrollHeight + 2 + "px";
}

/* Size a text box to its answer, never below its declared lines, and give a "lines" answer as
   many ruled lines for paper as it fills on screen (the screen line is longer and its font
   larger than on paper, so this never gives too few). */
export function fit(el) {
  if (el.type === "date" || el.tagName === "SELECT") el.classList.toggle("ws-empty", !el.value);
  /* An empty box that never grew is already the size CSS gives it: measuring it would force a
     layout per box, which made a long task on load. */
  if (el.tagName !== "TEXTAREA" || (!el.value && !el.hasAttribute("data-ws-grown"))) return;
  el.setAttribute("data-ws-grown", "");
  if (el.classList.contains("ws-cell")) return fitCell(el);
  const field = el.closest(".ws-field");
  const rules = field.querySelector(".ws-rules");
  const declared = parseInt(el.getAttribute("data-ws-lines"), 10) || 1;
  let needed = declared;
  el.style.height = "";
  if (el.value) {
    const style = window.getComputedStyle(el);
    const lineHeight = parseFloat(style.lineHeight) || 24;
    const text = el.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    needed = Math.max(declared, Math.ceil(text / lineHeight - 0.1));
  }
  if (rules) {
    while (rules.children.length < needed) rules.appendChild(document.createElement("span"));
    while (rules.children.length > needed) rules.removeChild(rules.lastChild);
  }
  field.style.setProperty("--ws-lines", String(needed));
  if (el.scrollHeight > el.clientHeight) el.style.height = el.scrollHeight + 2 + "px";
}

export function element(tag, text, attrs) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  Object.keys(attrs || {}).forEach((name) => el.setAttribute(name, attrs[name]));
  return el;
}

/* Dates are written out here: the first toLocaleDateString call loads locale data, a long task on load. */
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

export function dateOf(iso) {
  const day = new Date(iso);
  return day.getDate() + " " + MONTHS[day.getMonth()].slice(0, 3) + " " + day.getFullYear();
}
