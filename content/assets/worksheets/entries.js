/* The answer boxes and a worksheet's dated entries: reading and filling the boxes, what each one
   asks, their size; which entry is open, the list to pick from, and new, rename, delete and clear.
   Every change is saved at once. Answers only ever reach the page as form values (.value) and
   text (.textContent), never as markup. */
import { newEntry, now } from "./storage.js";

/* ---- The answer boxes ------------------------------------------------------------------------ */

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

/* ---- Entries --------------------------------------------------------------------------------- */


export function newest(entries) {
  return entries.slice().sort((a, b) => (a.created < b.created ? 1 : -1));
}

/* The open entry: the one last opened, else the newest, else a new blank one (saved once typed in). */
export function current(record) {
  const open = record.entries.filter((entry) => entry.id === record.current)[0];
  if (open) return open;
  if (record.entries.length) {
    record.current = newest(record.entries)[0].id;
    return current(record);
  }
  const entry = newEntry();
  record.entries.push(entry);
  record.current = entry.id;
  return entry;
}

function firstLine(record, entry) {
  const names = Object.keys(record.labels);
  for (let i = 0; i < names.length; i++) {
    const value = entry.fields[names[i]];
    if (typeof value === "string" && value.trim()) return value.trim().split("\n")[0].slice(0, 60);
  }
  return "no answers yet";
}

export function describe(record, entry) {
  return dateOf(entry.created) + " · " + (entry.name || firstLine(record, entry));
}

export function showList(page) {
  const record = page.record, open = current(record), list = page.toolbar.querySelector("[data-ws-list]");
  list.textContent = "";
  newest(record.entries).forEach(function (entry) {
    const button = element("button", describe(record, entry), { type: "button", "data-ws-open": entry.id, class: "ws-entry" });
    if (entry.id === open.id) button.setAttribute("aria-current", "true");
    const li = element("li");
    li.appendChild(button);
    list.appendChild(li);
  });
  page.toolbar.querySelector("[data-ws-current]").textContent = "(" + record.entries.length + ")";
  /* On paper, a filled-in sheet says which entry it is; a blank one says nothing. */
  page.printEntry.textContent = Object.keys(open.fields).length ? "Entry: " + describe(record, open) : "";
}

export function show(page, entry) {
  page.record.current = entry.id;
  restore(page.fields, entry.fields);
  page.fields.forEach(fit);
  page.workOut();
  showList(page);
}

/* Answers to boxes this page no longer has (a retired field) stay with the entry. */
export function saveAnswers(page) {
  const entry = current(page.record);
  const onPage = {};
  page.fields.forEach((el) => { onPage[el.name] = true; });
  const answers = collect(page.fields);
  Object.keys(entry.fields).forEach(function (name) {
    if (!onPage[name]) answers[name] = entry.fields[name];
  });
  if (JSON.stringify(answers) === JSON.stringify(entry.fields)) return false;
  entry.fields = answers;
  entry.updated = now();
  if (page.persist()) page.say("Saved in this browser.");
  showList(page);
  return true;
}

export function entryActions(page) {
  const record = () => page.record;
  return {
    "new": function () {
      const entry = newEntry();
      record().entries.push(entry);
      show(page, entry);
      page.persist();
      page.say("A new, empty entry. Your earlier ones are in the list.");
    },
    "rename": function () {
      const entry = current(record());
      const name = window.prompt("A name for this entry (leave empty to show its first line):", entry.name);
      if (name === null) return;
      entry.name = name.trim().slice(0, 120);
      page.persist();
      showList(page);
    },
    "delete": function () {
      const entry = current(record());
      if (!window.confirm('Delete the entry "' + describe(record(), entry) + '"? Its answers will be gone from this browser.')) return;
      record().entries = record().entries.filter((e) => e.id !== entry.id);
      show(page, current(record()));
      page.persist();
      page.say("The entry is deleted.");
    },
    "clear": function () {
      if (!window.confirm("Clear all your answers in this entry? This cannot be undone.")) return;
      restore(page.fields, {});
      saveAnswers(page);
      show(page, current(record()));
      page.say("Your answers are cleared.");
    }
  };
}

export function openEntry(page, id) {
  const entry = page.record.entries.filter((e) => e.id === id)[0];
  if (entry) show(page, entry);
  page.persist();
}
