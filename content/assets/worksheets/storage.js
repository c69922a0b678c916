/* Where answers live: one record of entries per worksheet in this browser's localStorage, keyed by
   the worksheet's id; checking a record (the same rules as an imported file); moving answers saved
   under older names (format 1 and 2, renamed worksheets and fields) to today's ids.
   Format 1 kept one copy per page under its path; format 2 one record per page under the last part
   of its URL, with answer names taken from the first words of each prompt; format 3 (now) keys
   both by ids that content edits never touch. */

export const VERSION = 3;
export const PREFIX = "rebound:worksheets:v3:";
const V2_PREFIX = "rebound:worksheets:v2:";
const V1_PREFIX = "rebound:worksheet:";
const DAMAGED_PREFIX = "rebound:damaged:";
const META_KEY = "rebound:backup";

const NAME_RE = /^ws-[a-z0-9-]{1,200}$/;
const SHEET_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ENTRY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const SHEET_KEYS = ["version", "title", "labels", "current", "entries"];
const ENTRY_KEYS = ["id", "name", "created", "updated", "fields"];

export function now() {
  return new Date().toISOString();
}

export function newEntry(fields) {
  const stamp = now();
  const id = "e" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  return { id: id, name: "", created: stamp, updated: stamp, fields: fields || {} };
}

export function emptyRecord(title) {
  return { version: VERSION, title: title || "", labels: {}, current: "", entries: [] };
}

/* ---- Checking (all or nothing for a file; entry by entry for what is stored) ---------------- */

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function unknownKeys(object, allowed, problems, where) {
  const extra = Object.keys(object).filter((key) => allowed.indexOf(key) === -1);
  extra.forEach((key) => problems.push(where + ' has an unknown field "' + key.slice(0, 40) + '"'));
  return extra.length === 0;
}

function isFields(fields, problems, where) {
  if (!isObject(fields)) return !problems.push(where + ": answers must be an object");
  return Object.keys(fields).every(function (name) {
    const value = fields[name];
    if (!NAME_RE.test(name)) return !problems.push(where + ': "' + name.slice(0, 40) + '" is not an answer box name');
    if (value !== true && (typeof value !== "string" || value.length > 100000)) {
      return !problems.push(where + ': the answer to "' + name + '" must be text (or true for a tick)');
    }
    return true;
  });
}

export function checkEntry(entry, problems, where) {
  if (!isObject(entry)) return !problems.push(where + " is not an entry");
  if (!unknownKeys(entry, ENTRY_KEYS, problems, where)) return false;
  if (typeof entry.id !== "string" || !ENTRY_ID_RE.test(entry.id)) return !problems.push(where + " has no valid id");
  if (typeof entry.name !== "string" || entry.name.length > 200) return !problems.push(where + ": name must be short text");
  if (typeof entry.created !== "string" || isNaN(Date.parse(entry.created))) {
    return !problems.push(where + ": created must be a date");
  }
  return isFields(entry.fields, problems, where);
}

/* The record's own shape; its entries are checked one by one by the caller. */
export function checkSheetShape(sheet, key, problems) {
  const where = "worksheet " + key;
  if (!SHEET_RE.test(key)) return !problems.push('"' + key.slice(0, 40) + '" is not a worksheet name');
  if (!isObject(sheet) || !Array.isArray(sheet.entries)) return !problems.push(where + " has no list of entries");
  if (!unknownKeys(sheet, SHEET_KEYS, problems, where)) return false;
  if (sheet.entries.length > 1000) return !problems.push(where + " has more than 1,000 entries");
  if (sheet.labels !== undefined && !isObject(sheet.labels)) return !problems.push(where + ": labels must be an object");
  return true;
}

export function checkSheet(sheet, key, problems) {
  if (!checkSheetShape(sheet, key, problems)) return false;
  return sheet.entries.every((entry, index) => checkEntry(entry, problems, "worksheet " + key + ", entry " + (index + 1)));
}

/* ---- Reading and writing ------------------------------------------------------------------- */

/* Keep text that cannot be read under a key of its own, so saving afresh never destroys it. */
function setAside(key, raw) {
  const base = DAMAGED_PREFIX + key;
  const existing = window.localStorage.getItem(base);
  if (existing === raw) return;
  try {
    window.localStorage.setItem(existing === null ? base : base + ":" + Date.now(), raw);
  } catch (error) {
    /* Storage is full: the damaged copy stays where it is until a save replaces it. */
  }
}

/* A stored record with its sound entries; damaged ones are set aside and counted in `skipped`. */
export function readStored(key) {
  const raw = window.localStorage.getItem(key);
  if (!raw) return null;
  let record;
  try {
    record = JSON.parse(raw);
  } catch (error) {
    setAside(key, raw);
    return { record: null, skipped: 1, whole: true };
  }
  const problems = [];
  if (!checkSheetShape(record, "stored", problems)) {
    setAside(key, raw);
    return { record: null, skipped: 1, whole: true };
  }
  const sound = record.entries.filter((entry, index) => checkEntry(entry, [], "entry " + (index + 1)));
  const skipped = record.entries.length - sound.length;
  if (skipped) setAside(key, JSON.stringify(record.entries.filter((entry) => sound.indexOf(entry) === -1)));
  record.entries = sound;
  return { record: record, skipped: skipped, whole: false };
}

export function writeRecord(sheet, record) {
  window.localStorage.setItem(PREFIX + sheet, JSON.stringify(record));
}

export function storedSheets() {
  const sheets = [];
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i);
    if (key && key.indexOf(PREFIX) === 0) sheets.push(key.slice(PREFIX.length));
  }
  return sheets.sort();
}

/* ---- Moving answers to today's names ------------------------------------------------------- */

/* "ws-old" and its parts ("ws-old--r1-c2") take the new field's name; other names stay. */
export function renameFields(fields, names) {
  const out = {};
  Object.keys(fields).forEach(function (name) {
    const cut = name.indexOf("--");
    const base = cut === -1 ? name : name.slice(0, cut);
    const moved = names[base] ? names[base] + name.slice(base.length) : name;
    if (!(moved in out) || moved === name) out[moved] = fields[name];
  });
  return out;
}

function addEntries(record, entries, names) {
  let added = 0;
  entries.forEach(function (entry) {
    const fields = renameFields(entry.fields, names);
    if (record.entries.some((e) => e.id === entry.id)) return;
    record.entries.push(Object.assign({}, entry, { fields: fields }));
    added += 1;
  });
  return added;
}

function oldKey(key) {
  const cut = key.indexOf(":");
  return (key.slice(0, cut) === "v2" ? V2_PREFIX : PREFIX) + key.slice(cut + 1);
}

/* Answers saved by format 1 (one copy of one page) become an entry of their own. */
function takeVersion1(record, names, pagePath) {
  if (!pagePath) return [];
  const key = V1_PREFIX + pagePath;
  const raw = window.localStorage.getItem(key);
  if (!raw) return [];
  let old;
  try {
    old = JSON.parse(raw);
  } catch (error) {
    return [];
  }
  if (!old || !isFields(old.fields, [], "format 1")) return [];
  const entry = newEntry(renameFields(old.fields, names));
  entry.name = "Saved before entries";
  record.entries.push(entry);
  record.current = entry.id;
  return [key];
}

/* Load a worksheet's record, bringing in answers kept under older keys and names. The old copies
   are removed only once the new record is saved. `pagePath` (the page's own path) is where
   format 1 kept its copy; without it, format 1 is left alone. Returns what the page should say. */
export function loadRecord(sheet, moves, pagePath, title) {
  const found = readStored(PREFIX + sheet);
  const record = (found && found.record) || emptyRecord(title);
  const names = moves.names || {};
  const notes = { skipped: found ? found.skipped : 0, whole: !!(found && found.whole), moved: 0 };
  const done = [];
  let changed = false;
  (moves.keys || []).forEach(function (key) {
    const old = readStored(oldKey(key));
    if (!old) return;
    if (old.record) notes.moved += addEntries(record, old.record.entries, names);
    if (old.record && !record.title) record.title = old.record.title || "";
    notes.skipped += old.skipped;
    done.push(oldKey(key));
  });
  record.entries.forEach(function (entry) {
    const fields = renameFields(entry.fields, names);
    if (JSON.stringify(fields) === JSON.stringify(entry.fields)) return;
    entry.fields = fields;
    changed = true;
  });
  if (!record.entries.length) {
    done.push(...takeVersion1(record, names, pagePath));
    notes.first = record.entries.length > 0;
  }
  if (done.length || changed) {
    writeRecord(sheet, record);
    done.forEach((key) => window.localStorage.removeItem(key));
  }
  return { record: record, notes: notes };
}

/* ---- Backup dates and persistent storage -------------------------------------------------- */

export function readMeta() {
  try {
    const meta = JSON.parse(window.localStorage.getItem(META_KEY) || "{}");
    return isObject(meta) ? meta : {};
  } catch (error) {
    return {};
  }
}

export function writeMeta(changes) {
  const meta = Object.assign(readMeta(), changes);
  try {
    window.localStorage.setItem(META_KEY, JSON.stringify(meta));
  } catch (error) {
    /* Only the backup reminder's dates are lost; the answers themselves were saved (or said why not). */
  }
  return meta;
}

export function isQuotaError(error) {
  return !!error && (error.name === "QuotaExceededError" || error.code === 22 || error.code === 1014);
}
