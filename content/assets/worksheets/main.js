/* A worksheet page: loads the reader's answers for this worksheet, keeps them saved as they type,
   and wires the entry, print and backup controls. Nothing is ever sent anywhere. Without
   JavaScript the page still shows (and prints) the blank worksheet; the controls stay hidden.
   The calculators (runway.js, tracker.js) load only on pages that have those fields; export and
   import (backup.js) and printing (print.js) load the first time someone uses them. */
import { isQuotaError, loadRecord, now, readMeta, writeMeta, writeRecord } from "./storage.js";
import { controls, current, dateOf, element, entryActions, fit, labelsOf, openEntry, saveAnswers, show } from "./entries.js";

const CALCULATORS = ["runway", "tracker"];
const WEEK = 7 * 24 * 60 * 60 * 1000;
const SAVE_FAILED = "Could not save: this browser's storage is switched off, so new answers will be lost when you " +
  "leave. Export what you have (Back up, move or import) to keep it.";
const STORAGE_FULL = "Could not save: this browser's storage for Rebound is full. What you typed is still on the page: " +
  "export it (Back up, move or import) to keep it, or delete an old entry to make room.";
const KEPT = "This browser has agreed to keep your answers until you delete them (they're still only on this " +
  "device, so a backup file now and then is wise).";
const NOT_KEPT = "This browser hasn't promised to keep your answers: it may clear them if space runs low or after a " +
  "while without a visit. Download a backup now and then to be safe.";

async function loadCalculators(root) {
  const kinds = CALCULATORS.filter((kind) => root.querySelector('[data-ws-calc="' + kind + '"]'));
  const found = {};
  await Promise.all(kinds.map((kind) => import("./" + kind + ".js").then((module) => { found[kind] = module.workOut; })));
  return function workOut() {
    root.querySelectorAll("[data-ws-calc]").forEach(function (field) {
      const work = found[field.getAttribute("data-ws-calc")];
      if (work) work(field);
    });
  };
}

function readIds() {
  const el = document.getElementById("ws-ids");
  const data = el ? JSON.parse(el.textContent) : {};
  return { sheet: data.sheet, moves: data.moves || {} };
}

function makePage(root, toolbar, ids, workOut) {
  const status = toolbar.querySelector("[data-ws-status]");
  const printEntry = element("p", "", { class: "ws-print-entry" });
  toolbar.parentNode.insertBefore(printEntry, toolbar);
  const page = {
    root: root, toolbar: toolbar, sheet: ids.sheet, moves: ids.moves, fields: controls(root), printEntry: printEntry,
    record: null, storageOk: true, workOut: workOut,
    say: function (message, isError) {
      status.textContent = message;
      status.setAttribute("role", isError ? "alert" : "status");
      status.classList.toggle("ws-error", !!isError);
    },
    failed: function (error) {
      page.storageOk = false;
      page.say(isQuotaError(error) ? STORAGE_FULL : SAVE_FAILED, true);
      return false;
    },
    persist: function () {
      try {
        writeRecord(page.sheet, page.record);
      } catch (error) {
        return page.failed(error);
      }
      if (!page.storageOk) page.say("Saved in this browser again.");
      page.storageOk = true;
      return true;
    },
    show: (entry) => show(page, entry),
    current: () => current(page.record)
  };
  return page;
}

function loadAnswers(page) {
  const title = (page.root.querySelector("h1") || document).textContent.replace(/¶/g, "").trim();
  const path = window.location.pathname.replace(/index\.html$/, "");
  try {
    const loaded = loadRecord(page.sheet, page.moves[page.sheet] || {}, path, title);
    page.record = loaded.record;
    page.record.title = title;
    page.record.labels = labelsOf(page.fields);
    const notes = loaded.notes;
    if (notes.skipped) {
      page.say((notes.whole ? "Your saved answers for this worksheet were damaged and could not be read" :
        notes.skipped + " saved entr" + (notes.skipped === 1 ? "y was" : "ies were") + " damaged and could not be read") +
        "; the rest are here. The damaged copy is kept aside in this browser, untouched.", true);
    } else if (notes.first) {
      page.say("Your earlier answers are now your first entry.");
    } else if (notes.moved) {
      page.say("Your earlier answers are here, moved to this version of the worksheet.");
    }
  } catch (error) {
    page.record = { version: 3, title: title, labels: labelsOf(page.fields), current: "", entries: [] };
    page.storageOk = false;
    page.say("This browser is not letting the page read or save answers, so they will be lost when you leave.", true);
  }
}

/* ---- Keeping answers safe: persistent storage, backup dates, the home screen on iPhone/iPad ---- */

/* The reminder ----------------------------------------------------------------------------- */

/* What the worksheet says about backups: when the last one was made, and after a week of new
   answers without one, a one-tap button (a line on the page, never a dialog). */
function showBackupState(box, meta, at) {
  const line = box.querySelector("[data-ws-last-backup]");
  const nudge = box.querySelector("[data-ws-nudge]");
  line.textContent = meta.exported
    ? "Last backup downloaded from this browser: " + dateOf(meta.exported) + "."
    : "You haven't downloaded a backup from this browser yet.";
  const unsaved = meta.changed && (!meta.exported || meta.changed > meta.exported);
  const since = Date.parse(meta.since || meta.changed || "");
  nudge.hidden = !(unsaved && !isNaN(since) && (at || Date.now()) - since >= WEEK);
}

/* A change since the last backup starts the week's count (if none is running yet). */
function noteChange(meta) {
  const stamp = now();
  const unsaved = meta.changed && (!meta.exported || meta.changed > meta.exported);
  return { changed: stamp, since: unsaved && meta.since ? meta.since : stamp };
}

function showKept(page, granted) {
  page.toolbar.querySelector("[data-ws-keep]").textContent = granted ? KEPT : NOT_KEPT;
}

function askToKeep(page) {
  if (readMeta().asked || !navigator.storage || !navigator.storage.persist) return;
  writeMeta({ asked: now() });
  navigator.storage.persist().then((granted) => showKept(page, granted), () => showKept(page, false));
}

function isAppleTouch() {
  const touchMac = navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1;
  const standalone = navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  return (/iPhone|iPad|iPod/.test(navigator.userAgent) || touchMac) && !standalone;
}

function showSafety(page) {
  showBackupState(page.toolbar, readMeta());
  page.toolbar.querySelector("[data-ws-ios]").hidden = !isAppleTouch();
  if (readMeta().asked && navigator.storage && navigator.storage.persisted) {
    navigator.storage.persisted().then((granted) => showKept(page, granted), () => {});
  }
}

function answered(page) {
  if (!saveAnswers(page) || !page.storageOk) return;
  showBackupState(page.toolbar, writeMeta(noteChange(readMeta())));
  askToKeep(page);
}

/* ---- Controls --------------------------------------------------------------------------------- */

/* Export and import load backup.js the first time they're used: most visits never need it. */
function withBackup(work) {
  return () => import("./backup.js").then(work);
}

function exported(page, backup, name, text) {
  backup.download(name, "application/json", text);
  showBackupState(page.toolbar, writeMeta({ exported: now(), since: "" }));
}

function backupActions(page) {
  const one = () => ({ [page.sheet]: page.record });
  return {
    "export-json": withBackup((b) => exported(page, b, "rebound-" + page.sheet + ".json", b.exportFile(one()))),
    "export-md": withBackup((b) => b.download("rebound-" + page.sheet + ".md", "text/markdown", b.markdownOf(one()))),
    "export-all-json": withBackup((b) => exported(page, b, "rebound-worksheets.json", b.exportFile(b.allSheets(page)))),
    "export-all-md": withBackup((b) => b.download("rebound-worksheets.md", "text/markdown", b.markdownOf(b.allSheets(page))))
  };
}

function printActions(page) {
  /* Print from the browser menu with the page still as laid out on screen. */
  window.addEventListener("beforeprint", () => page.fields.forEach(fit));
  const printing = (answers) => () => import("./print.js").then((print) => print.printWith(page, answers));
  return { "print": printing(true), "print-blank": printing(false) };
}

function listen(page, actions) {
  const isField = (target) => page.fields.indexOf(target) > -1;
  page.root.addEventListener("input", function (event) {
    if (!isField(event.target)) return;
    fit(event.target);
    page.workOut();
    answered(page);
  });
  page.root.addEventListener("change", function (event) {
    if (!isField(event.target)) return;
    page.workOut();
    answered(page);
  });
  page.toolbar.addEventListener("click", function (event) {
    const open = event.target.closest("[data-ws-open]");
    if (open) return openEntry(page, open.getAttribute("data-ws-open"));
    const button = event.target.closest("[data-ws-action]");
    if (button) actions[button.getAttribute("data-ws-action")]();
  });
  page.toolbar.querySelector("[data-ws-import]").addEventListener("change", function (event) {
    const file = event.target.files[0];
    if (file) import("./backup.js").then((backup) => backup.importFile(page, file));
    event.target.value = "";
  });
}

async function init() {
  const root = document.querySelector(".md-content");
  const toolbar = root && root.querySelector("[data-ws-toolbar]");
  if (!toolbar) return;
  const page = makePage(root, toolbar, readIds(), await loadCalculators(root));
  loadAnswers(page);
  show(page, current(page.record));
  listen(page, Object.assign({}, entryActions(page), printActions(page), backupActions(page)));
  showSafety(page);
  toolbar.querySelector(".ws-controls").hidden = false;
}

init();
