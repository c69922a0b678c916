/* A worksheet's dated entries: which one is open, the list to pick from, and new, rename, delete
   and clear. Every change is saved at once. */
import { newEntry, now } from "./storage.js";
import { collect, dateOf, element, fit, restore } from "./fields.js";

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
