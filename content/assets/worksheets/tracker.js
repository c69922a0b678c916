/* The application tracker's sums: totals, rates, a funnel chart and weekly totals from the log.
   Loaded only by pages with a tracker field (main.js imports it when it finds one). */
import { element } from "./entries.js";

const STAGES = ["sent", "reply", "call", "offer"];
const STAGE_NAMES = ["Sent", "Replied", "Call", "Offer"];

function mondayOf(iso) {
  const day = new Date(iso + "T12:00:00");
  if (isNaN(day)) return "";
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/* Applications from the log: a row counts once it has a date or a stage. */
function readLog(field) {
  const rows = [];
  field.querySelectorAll("tbody tr").forEach(function (tr) {
    const date = tr.querySelector("input[type=date]").value;
    const stage = STAGES.indexOf(tr.querySelector("select").value);
    if (date || stage > -1) rows.push({ week: date ? mondayOf(date) : "", stage: Math.max(stage, 0) });
  });
  return rows;
}

function tally(rows) {
  const counts = [0, 0, 0, 0];
  rows.forEach(function (row) {
    for (let s = 0; s <= row.stage; s++) counts[s] += 1;
  });
  return counts;
}

function percent(part, whole) {
  return whole ? Math.round((part / whole) * 100) + "%" : "–";
}

function row(cells, head) {
  const tr = element("tr");
  cells.forEach(function (cell, index) {
    // Head cells label their column; in the body only the first cell (the week) labels its row.
    const attrs = head ? { scope: "col" } : index === 0 ? { scope: "row" } : undefined;
    tr.appendChild(element(head || index === 0 ? "th" : "td", String(cell), attrs));
  });
  return tr;
}

function weeklyTable(rows) {
  const weeks = {};
  rows.forEach((r) => (weeks[r.week] = weeks[r.week] || []).push(r));
  const table = element("table", undefined, { class: "ws-table ws-weeks" });
  table.appendChild(element("caption", "Weekly totals, worked out from the log"));
  const head = element("thead");
  head.appendChild(row(["Week starting", "Sent", "Replies", "Calls", "Offers"], true));
  table.appendChild(head);
  const body = element("tbody");
  Object.keys(weeks).sort().forEach((week) => body.appendChild(row([week || "No date"].concat(tally(weeks[week])))));
  body.appendChild(row(["All weeks"].concat(tally(rows))));
  table.appendChild(body);
  return table;
}

function funnelChart(counts) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const words = STAGE_NAMES.map((name, i) => name + " " + counts[i]);
  svg.setAttribute("viewBox", "0 0 400 120");
  svg.setAttribute("class", "ws-funnel");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Funnel: " + words.join(", "));
  counts.forEach(function (count, i) {
    const width = counts[0] ? Math.max(2, (count / counts[0]) * 280) : 2;
    const bar = document.createElementNS(ns, "rect");
    bar.setAttribute("x", String(110 + (280 - width) / 2));
    bar.setAttribute("y", String(4 + i * 29));
    bar.setAttribute("width", String(width));
    bar.setAttribute("height", "24");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "0");
    label.setAttribute("y", String(21 + i * 29));
    label.textContent = words[i];
    svg.appendChild(bar);
    svg.appendChild(label);
  });
  return svg;
}

/* The step where most applications stop, and the page's advice for it (#advice-reply, ...). */
function adviceFor(counts) {
  const drops = [counts[0] - counts[1], counts[1] - counts[2], counts[2] - counts[3]];
  const most = drops.indexOf(Math.max.apply(null, drops));
  if (!counts[0] || drops[most] <= 0) return null;
  const steps = ["before a reply", "after a reply, before a call", "after a call, before an offer"];
  const p = element("p", "Most of your applications stop " + steps[most] + " (" + drops[most] + " of " + counts[0] + "). ");
  const advice = document.getElementById("advice-" + STAGES[most + 1]);
  const link = advice && advice.querySelector("a[href]");
  if (link) {
    p.appendChild(element("a", "What can help at this step", { href: link.getAttribute("href") }));
    p.appendChild(document.createTextNode(" (or read "));
    p.appendChild(element("a", "the notes below", { href: "#" + advice.id }));
    p.appendChild(document.createTextNode(")."));
  }
  return p;
}

/* On screen, the log shows the rows in use and one or two empty ones (twenty empty cards
   were a very long page on a phone, and laying out 120 boxes slowed the page's load; the
   stylesheet shows three rows until this runs); a row appears as the one before it fills. */
function showRowsInUse(field) {
  const rows = Array.from(field.querySelectorAll("tbody tr"));
  let last = -1;
  rows.forEach(function (tr, index) {
    if (Array.from(tr.querySelectorAll("input, textarea, select")).some((el) => el.value !== "")) last = index;
  });
  rows.forEach((tr, index) => tr.classList.toggle("ws-open", index <= Math.max(last + 1, 2)));
}

function rates(counts) {
  const list = element("ul", undefined, { class: "ws-rates" });
  list.appendChild(element("li", "Reply rate: " + percent(counts[1], counts[0]) + " (" + counts[1] + " of " + counts[0] + " sent)"));
  list.appendChild(element("li", "Call rate: " + percent(counts[2], counts[1]) + " (" + counts[2] + " of " + counts[1] + " replies)"));
  list.appendChild(element("li", "Offer rate: " + percent(counts[3], counts[2]) + " (" + counts[3] + " of " + counts[2] + " calls)"));
  return list;
}

export function workOut(field) {
  const summary = document.querySelector('[data-ws-summary="' + field.id + '"]');
  showRowsInUse(field);
  const rows = readLog(field);
  const counts = tally(rows);
  summary.textContent = "";
  if (!rows.length) return;
  summary.appendChild(element("p", "Worked out from your log:", { class: "ws-prompt" }));
  summary.appendChild(rates(counts));
  summary.appendChild(funnelChart(counts));
  summary.appendChild(weeklyTable(rows));
  const advice = adviceFor(counts);
  if (advice) summary.appendChild(advice);
}
