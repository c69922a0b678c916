/* Backups: export as JSON or Markdown, and import a JSON file of any format Rebound has written
   (moved to today's ids on the way in). Files are made and read in the page and never sent
   anywhere. Loaded the first time a reader exports or imports (main.js). */
import { PREFIX, VERSION, checkEntry, checkSheet, emptyRecord, isObject, loadRecord, newEntry, now, readStored, renameFields, storedSheets,
  writeRecord } from "./storage.js";
import { dateOf, element } from "./entries.js";

export const FORMAT = "rebound-worksheets";
export const MAX_FILE = 5 * 1024 * 1024;
const FILE_KEYS = ["format", "version", "exported", "worksheets"];

export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type: type }));
  const a = element("a", undefined, { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportFile(sheets) {
  return JSON.stringify({ format: FORMAT, version: VERSION, exported: now(), worksheets: sheets }, null, 2);
}

export function markdownOf(sheets) {
  const out = [];
  Object.keys(sheets).forEach(function (key) {
    const sheet = sheets[key], labels = sheet.labels || {};
    out.push("# " + (sheet.title || key), "");
    sheet.entries.forEach(function (entry) {
      out.push("## " + dateOf(entry.created) + (entry.name ? ": " + entry.name : ""), "");
      Object.keys(entry.fields).forEach(function (name) {
        const value = entry.fields[name], label = labels[name] || name;
        if (value === true) out.push("- [x] " + label, "");
        else out.push("**" + label + "**", "", String(value).replace(/\n/g, "  \n"), "");
      });
    });
  });
  return out.join("\n");
}

/* ---- Reading a file: every version ever written, moved to today's ids ---------------------- */

/* Which worksheet (today's id) held answers under an old key ("v2:<url slug>", "v3:<old id>"). */
function ownerOf(key, moves) {
  if (key.indexOf("v3:") === 0 && moves[key.slice(3)]) return key.slice(3);
  const found = Object.keys(moves).filter((sheet) => (moves[sheet].keys || []).indexOf(key) > -1);
  return found[0] || key.slice(3);
}

function moveSheets(worksheets, keyPrefix, moves) {
  const out = {};
  Object.keys(worksheets).forEach(function (key) {
    const sheet = ownerOf(keyPrefix + key, moves);
    const names = (moves[sheet] || {}).names || {};
    const theirs = worksheets[key];
    const labels = renameFields(theirs.labels || {}, names);
    const target = out[sheet] || (out[sheet] = Object.assign(emptyRecord(theirs.title || sheet), { labels: labels }));
    theirs.entries.forEach((entry) => target.entries.push(Object.assign({}, entry, { fields: renameFields(entry.fields, names) })));
  });
  return out;
}

function checkSheets(data, problems) {
  if (!isObject(data.worksheets)) return !problems.push('"worksheets" must be an object of worksheets');
  Object.keys(data.worksheets).forEach((key) => checkSheet(data.worksheets[key], key, problems));
  return problems.length === 0;
}

function refuse(problems, message) {
  problems.push(message);
  return null;
}

/* Format 1 was never a file: it is one page's stored copy ({"version": 1, "fields": {...}}). */
function readVersion1(data, here, moves, problems) {
  const extra = Object.keys(data).filter((key) => ["version", "fields"].indexOf(key) === -1);
  if (extra.length) return refuse(problems, 'the file has an unknown field "' + extra[0].slice(0, 40) + '"');
  const entry = newEntry(renameFields(isObject(data.fields) ? data.fields : {}, (moves[here] || {}).names || {}));
  entry.name = "Imported early copy";
  if (!checkEntry(entry, problems, "the file")) return null;
  const sheets = {};
  sheets[here] = emptyRecord("");
  sheets[here].entries.push(entry);
  return sheets;
}

/* The file's worksheets under today's ids, or null with the reasons in `problems`. */
export function readFile(data, here, moves, problems) {
  if (isObject(data) && data.version === 1 && data.format === undefined) return readVersion1(data, here, moves, problems);
  if (!isObject(data) || data.format !== FORMAT) {
    return refuse(problems, 'this is not a Rebound worksheets file (it lacks "format": "' + FORMAT + '")');
  }
  if (typeof data.version !== "number" || data.version > VERSION) {
    return refuse(problems, "this file was made by a newer Rebound (format version " + String(data.version).slice(0, 20) +
      "); this page reads versions 1 to " + VERSION + ". Reload the page to get the newest Rebound, then import again");
  }
  if (data.version !== 2 && data.version !== VERSION) return refuse(problems, "Rebound never wrote a file of format " + data.version);
  const extra = Object.keys(data).filter((key) => FILE_KEYS.indexOf(key) === -1);
  if (extra.length) return refuse(problems, 'the file has an unknown field "' + extra[0].slice(0, 40) + '"');
  if (!checkSheets(data, problems)) return null;
  return moveSheets(data.worksheets, data.version === 2 ? "v2:" : "v3:", moves);
}

/* ---- Import: merged with what is here; nothing is replaced without asking ------------------- */

function isBlank(entry) {
  return !entry.name && !Object.keys(entry.fields).length;
}

function storedRecord(key) {
  const found = readStored(PREFIX + key);
  return found && found.record;
}

function mergeEntry(record, entry, tally) {
  const clean = { id: entry.id, name: entry.name, created: entry.created, updated: entry.updated || entry.created, fields: entry.fields };
  const existing = record.entries.filter((e) => e.id === entry.id)[0];
  if (!existing) {
    record.entries.push(clean);
    tally.added += 1;
  } else if (JSON.stringify(existing.fields) === JSON.stringify(clean.fields) && existing.name === clean.name) {
    tally.same += 1;
  } else {
    tally.conflicts.push([record, existing, clean]);
  }
}

function plural(count, one, many) {
  return count + " " + (count === 1 ? one : many);
}

function askToReplace(tally) {
  const count = tally.conflicts.length;
  if (!count || !window.confirm(plural(count, "entry", "entries") + " in this file already exist here with different " +
      "answers. Replace yours with the file's? (Cancel keeps yours and imports the rest.)")) return;
  tally.conflicts.forEach(function (c) {
    c[0].entries[c[0].entries.indexOf(c[1])] = c[2];
    tally.replaced += 1;
  });
}

function summary(tally) {
  const kept = tally.conflicts.length - tally.replaced;
  return "Imported " + plural(tally.added, "new entry", "new entries") + (tally.replaced ? ", replaced " + tally.replaced : "") +
    (tally.same ? "; " + tally.same + " already here" : "") + (kept ? "; kept " + kept + " of yours" : "") + ".";
}

export function merge(page, sheets) {
  const tally = { added: 0, same: 0, replaced: 0, conflicts: [] };
  const records = {};
  /* An untouched blank entry is nothing to keep beside imported ones. */
  page.record.entries = page.record.entries.filter((entry) => !isBlank(entry));
  Object.keys(sheets).forEach(function (key) {
    const theirs = sheets[key];
    records[key] = key === page.sheet ? page.record
      : storedRecord(key) || Object.assign(emptyRecord(theirs.title || key), { labels: theirs.labels || {} });
    theirs.entries.forEach((entry) => mergeEntry(records[key], entry, tally));
  });
  askToReplace(tally);
  try {
    Object.keys(records).forEach((key) => writeRecord(key, records[key]));
  } catch (error) {
    return page.failed(error);
  }
  page.record = records[page.sheet] || page.record;
  page.show(page.current());
  page.say(summary(tally));
}

function listed(problems) {
  return problems.slice(0, 3).join("; ") + (problems.length > 3 ? "; and " + (problems.length - 3) + " more" : "");
}

export function importFile(page, file) {
  if (file.size > MAX_FILE) return page.say("Nothing was imported: the file is larger than 5 MB, so it is not a Rebound backup.", true);
  file.text().then(function (text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return page.say("Nothing was imported: the file is not valid JSON (" + error.message + ").", true);
    }
    const problems = [];
    const sheets = readFile(data, page.sheet, page.moves, problems);
    if (!sheets) return page.say("Nothing was imported: " + listed(problems) + ".", true);
    merge(page, sheets);
  }, () => page.say("Nothing was imported: the browser could not read the file.", true));
}

/* Every stored worksheet, for "Export all"; a damaged record of another worksheet is left out. */
export function allSheets(page) {
  const sheets = {};
  /* Worksheets not opened since their answers' names changed are moved first, so the backup has them. */
  Object.keys(page.moves).forEach(function (other) {
    if (other === page.sheet) return;
    try {
      loadRecord(other, page.moves[other], "", "");
    } catch (error) {
      /* Storage refused: what is stored stays where it is, and the export has what can be read. */
    }
  });
  storedSheets().forEach(function (other) {
    const found = storedRecord(other);
    if (found) sheets[other] = found;
  });
  sheets[page.sheet] = page.record;
  return sheets;
}
