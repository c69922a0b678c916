/* Worksheets: dated entries kept in this browser's localStorage, export and import as files,
   the tracker's and the runway's sums, and printing blank or filled in. Nothing is ever sent
   anywhere: files are made and read in the page. Without JavaScript the page still shows (and
   prints) the blank worksheet; the controls stay hidden because they need this script.
   Answers only ever reach the page as form values (.value) and text (.textContent), never as markup. */
(function () {
  "use strict";

  var OLD_PREFIX = "rebound:worksheet:"; /* version 1: one copy per page, keyed by its path */
  var PREFIX = "rebound:worksheets:v2:"; /* version 2: one record of entries per worksheet */
  var FORMAT = "rebound-worksheets";
  var VERSION = 2;
  var MAX_FILE = 5 * 1024 * 1024;
  var NAME_RE = /^ws-[a-z0-9-]{1,200}$/;
  var SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
  var STAGES = ["sent", "reply", "call", "offer"];
  var STAGE_NAMES = ["Sent", "Replied", "Call", "Offer"];
  /* Dates are written out here: the first toLocaleDateString call loads locale data, a long task on load. */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var SAVE_FAILED = "Could not save: this browser's storage is full or switched off, so new answers " +
    "will be lost when you leave. Export what you have (Back up, move or import) to keep it.";

  /* ---- Storage ------------------------------------------------------------------------ */

  function now() {
    return new Date().toISOString();
  }

  function newEntry(fields) {
    var stamp = now();
    var id = "e" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    return { id: id, name: "", created: stamp, updated: stamp, fields: fields || {} };
  }

  function readRecord(slug) {
    var raw = window.localStorage.getItem(PREFIX + slug);
    if (!raw) return null;
    var record = JSON.parse(raw);
    return checkSheet(record, slug, []) ? record : null;
  }

  function writeRecord(slug, record) {
    window.localStorage.setItem(PREFIX + slug, JSON.stringify(record));
  }

  function storedSlugs() {
    var slugs = [];
    for (var i = 0; i < window.localStorage.length; i++) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf(PREFIX) === 0) slugs.push(key.slice(PREFIX.length));
    }
    return slugs.sort();
  }

  /* Answers saved by version 1 become the first entry; the old copy goes only once the new one is saved. */
  function migrate(slug, record) {
    var oldKey = OLD_PREFIX + window.location.pathname.replace(/index\.html$/, "");
    var raw = window.localStorage.getItem(oldKey);
    if (!raw) return false;
    var old;
    try {
      old = JSON.parse(raw);
    } catch (error) {
      return false;
    }
    if (!old || !isFields(old.fields, [])) return false;
    var entry = newEntry(old.fields);
    entry.name = "Saved before entries";
    record.entries.push(entry);
    record.current = entry.id;
    writeRecord(slug, record);
    window.localStorage.removeItem(oldKey);
    return true;
  }

  /* ---- Checking a record or an imported file (all or nothing) -------------------------------- */

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isFields(fields, problems, where) {
    if (!isObject(fields)) return !problems.push((where || "answers") + " must be an object");
    return Object.keys(fields).every(function (name) {
      var value = fields[name];
      if (!NAME_RE.test(name)) return !problems.push(where + ': "' + name.slice(0, 40) + '" is not an answer box name');
      if (value !== true && (typeof value !== "string" || value.length > 100000)) {
        return !problems.push(where + ': the answer to "' + name + '" must be text (or true for a tick)');
      }
      return true;
    });
  }

  function checkEntry(entry, problems, where) {
    if (!isObject(entry)) return !problems.push(where + " is not an entry");
    if (typeof entry.id !== "string" || !ID_RE.test(entry.id)) return !problems.push(where + " has no valid id");
    if (typeof entry.name !== "string" || entry.name.length > 200) return !problems.push(where + ": name must be short text");
    if (typeof entry.created !== "string" || isNaN(Date.parse(entry.created))) {
      return !problems.push(where + ": created must be a date");
    }
    return isFields(entry.fields, problems, where);
  }

  function checkSheet(sheet, slug, problems) {
    var where = "worksheet " + slug;
    if (!SLUG_RE.test(slug)) return !problems.push('"' + slug.slice(0, 40) + '" is not a worksheet name');
    if (!isObject(sheet) || !Array.isArray(sheet.entries)) return !problems.push(where + " has no list of entries");
    if (sheet.entries.length > 1000) return !problems.push(where + " has more than 1,000 entries");
    if (sheet.labels !== undefined && !isObject(sheet.labels)) return !problems.push(where + ": labels must be an object");
    return sheet.entries.every(function (entry, index) {
      return checkEntry(entry, problems, where + ", entry " + (index + 1));
    });
  }

  /* Returns the problems with an exported file; an empty list means every part of it is sound. */
  function checkFile(data) {
    var problems = [];
    if (!isObject(data) || data.format !== FORMAT) {
      return ['this is not a Rebound worksheets file (it lacks "format": "' + FORMAT + '")'];
    }
    if (data.version !== VERSION) return ["this file is format version " + String(data.version) + "; this page reads version " + VERSION];
    if (!isObject(data.worksheets)) return ['"worksheets" must be an object of worksheets'];
    Object.keys(data.worksheets).forEach(function (slug) {
      checkSheet(data.worksheets[slug], slug, problems);
    });
    return problems;
  }

  /* ---- Answer boxes --------------------------------------------------------------------------- */

  function controls(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".ws-field textarea, .ws-field input[name], .ws-field select"));
  }

  function collect(fields) {
    var answers = {};
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

  function restore(fields, answers) {
    fields.forEach(function (el) {
      var value = answers[el.name];
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
  function labelsOf(fields) {
    var labels = {};
    fields.forEach(function (el) {
      var set = el.closest("fieldset");
      var legend = set && set.querySelector("legend");
      var caption = el.closest(".ws-field").querySelector("caption");
      var own = el.getAttribute("aria-label") || (el.labels && el.labels[0] ? el.labels[0].textContent : "");
      var text = el.type === "radio" ? legend.textContent : own;
      if (el.type === "checkbox" && legend) text = legend.textContent + ": " + own;
      if (caption) text = caption.textContent + ": " + own;
      if (set && set.hasAttribute("data-ws-calc") && legend) text = legend.textContent + ": " + own;
      labels[el.name] = text.trim();
    });
    return labels;
  }

  /* Chromium grows text boxes by itself (field-sizing); elsewhere this script does. */
  var needsFit = !(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"));

  /* Size a text box to its answer, never below its declared lines, and give a "lines" answer as
     many ruled lines for paper as it fills on screen (the screen line is longer and its font
     larger than on paper, so this never gives too few). */
  function fit(el) {
    if (el.type === "date" || el.tagName === "SELECT") el.classList.toggle("ws-empty", !el.value);
    /* An empty box that never grew is already the size CSS gives it: measuring it would force a
       layout per box, which made a long task on load. */
    if (el.tagName !== "TEXTAREA" || (!el.value && !el.hasAttribute("data-ws-grown"))) return;
    el.setAttribute("data-ws-grown", "");
    if (el.classList.contains("ws-cell")) {
      if (!needsFit) return;
      el.style.height = "";
      if (el.value && el.scrollHeight > el.clientHeight) el.style.height = el.scrollHeight + 2 + "px";
      return;
    }
    var field = el.closest(".ws-field");
    var rules = field.querySelector(".ws-rules");
    var declared = parseInt(el.getAttribute("data-ws-lines"), 10) || 1;
    var needed = declared;
    el.style.height = "";
    if (el.value) {
      var style = window.getComputedStyle(el);
      var lineHeight = parseFloat(style.lineHeight) || 24;
      var text = el.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      needed = Math.max(declared, Math.ceil(text / lineHeight - 0.1));
    }
    if (rules) {
      while (rules.children.length < needed) rules.appendChild(document.createElement("span"));
      while (rules.children.length > needed) rules.removeChild(rules.lastChild);
    }
    field.style.setProperty("--ws-lines", String(needed));
    if (el.scrollHeight > el.clientHeight) el.style.height = el.scrollHeight + 2 + "px";
  }

  /* ---- Sums: the runway and the application tracker ------------------------------------------ */

  /* "1,200", "1.200", "1.200,50", "€900" and "900 a month" all read as numbers. A lone separator
     before exactly three digits groups thousands (money is rarely written "1.800" for 1.8). */
  function toNumber(text) {
    var t = String(text).replace(/[^\d.,-]/g, "");
    var comma = t.lastIndexOf(","), dot = t.lastIndexOf(".");
    if (comma > -1 && dot > -1) {
      t = comma > dot ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
    } else if (comma > -1) {
      t = /,\d{3}$/.test(t) ? t.replace(/,/g, "") : t.replace(/,/g, ".");
    } else if ((t.match(/\./g) || []).length > 1 || /\.\d{3}$/.test(t)) {
      t = t.replace(/\./g, "");
    }
    return t ? parseFloat(t) : NaN;
  }

  function valueOf(scope, role) {
    var el = scope.querySelector('[data-ws-role="' + role + '"] input');
    return el && el.value.trim() ? toNumber(el.value) : NaN;
  }

  function workOutRunway(field) {
    var out = field.querySelector("[data-ws-result]");
    var savings = valueOf(field, "savings"), costs = valueOf(field, "costs"), income = valueOf(field, "income");
    if (isNaN(income)) income = 0;
    var text = "";
    if (!isNaN(savings) && !isNaN(costs)) {
      var gap = costs - income;
      if (gap <= 0) {
        text = "your income covers your essential costs each month";
      } else {
        var months = Math.max(0, savings) / gap;
        if (months >= 120) {
          out.textContent = "more than ten years";
          return;
        }
        var end = new Date();
        end.setMonth(end.getMonth() + Math.floor(months));
        text = "about " + (Math.floor(months * 10) / 10) + " (a gap of " + Math.round(gap) + " a month; savings last until around " +
          MONTHS[end.getMonth()] + " " + end.getFullYear() + ")";
      }
    }
    out.textContent = text;
  }

  function mondayOf(iso) {
    var day = new Date(iso + "T12:00:00");
    if (isNaN(day)) return "";
    day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
    return day.toISOString().slice(0, 10);
  }

  /* Applications from the log: a row counts once it has a date or a stage. */
  function readLog(field) {
    var rows = [];
    Array.prototype.forEach.call(field.querySelectorAll("tbody tr"), function (tr) {
      var date = tr.querySelector("input[type=date]").value;
      var stage = STAGES.indexOf(tr.querySelector("select").value);
      if (date || stage > -1) rows.push({ week: date ? mondayOf(date) : "", stage: Math.max(stage, 0) });
    });
    return rows;
  }

  function tally(rows) {
    var counts = [0, 0, 0, 0];
    rows.forEach(function (row) {
      for (var s = 0; s <= row.stage; s++) counts[s] += 1;
    });
    return counts;
  }

  function percent(part, whole) {
    return whole ? Math.round((part / whole) * 100) + "%" : "–";
  }

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    Object.keys(attrs || {}).forEach(function (name) {
      el.setAttribute(name, attrs[name]);
    });
    return el;
  }

  function row(cells, head) {
    var tr = element("tr");
    cells.forEach(function (cell, index) {
      tr.appendChild(element(head || index === 0 ? "th" : "td", String(cell), head ? { scope: "col" } : { scope: "row" }));
    });
    return tr;
  }

  function weeklyTable(rows) {
    var weeks = {};
    rows.forEach(function (r) {
      (weeks[r.week] = weeks[r.week] || []).push(r);
    });
    var table = element("table", undefined, { class: "ws-table ws-weeks" });
    table.appendChild(element("caption", "Weekly totals, worked out from the log"));
    var head = element("thead");
    head.appendChild(row(["Week starting", "Sent", "Replies", "Calls", "Offers"], true));
    table.appendChild(head);
    var body = element("tbody");
    Object.keys(weeks).sort().forEach(function (week) {
      body.appendChild(row([week || "No date"].concat(tally(weeks[week]))));
    });
    body.appendChild(row(["All weeks"].concat(tally(rows))));
    table.appendChild(body);
    return table;
  }

  function funnelChart(counts) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    var words = STAGE_NAMES.map(function (name, i) {
      return name + " " + counts[i];
    });
    svg.setAttribute("viewBox", "0 0 400 120");
    svg.setAttribute("class", "ws-funnel");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Funnel: " + words.join(", "));
    counts.forEach(function (count, i) {
      var width = counts[0] ? Math.max(2, (count / counts[0]) * 280) : 2;
      var bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", String(110 + (280 - width) / 2));
      bar.setAttribute("y", String(4 + i * 29));
      bar.setAttribute("width", String(width));
      bar.setAttribute("height", "24");
      var label = document.createElementNS(ns, "text");
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
    var drops = [counts[0] - counts[1], counts[1] - counts[2], counts[2] - counts[3]];
    var most = drops.indexOf(Math.max.apply(null, drops));
    if (!counts[0] || drops[most] <= 0) return null;
    var steps = ["before a reply", "after a reply, before a call", "after a call, before an offer"];
    var p = element("p", "Most of your applications stop " + steps[most] + " (" + drops[most] + " of " + counts[0] + "). ");
    var advice = document.getElementById("advice-" + STAGES[most + 1]);
    var link = advice && advice.querySelector("a[href]");
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
    var rows = field.querySelectorAll("tbody tr"), last = -1;
    Array.prototype.forEach.call(rows, function (tr, index) {
      var used = Array.prototype.some.call(tr.querySelectorAll("input, textarea, select"), function (el) {
        return el.value !== "";
      });
      if (used) last = index;
    });
    Array.prototype.forEach.call(rows, function (tr, index) {
      tr.classList.toggle("ws-open", index <= Math.max(last + 1, 2));
    });
  }

  function workOutTracker(field) {
    var summary = document.querySelector('[data-ws-summary="' + field.id + '"]');
    showRowsInUse(field);
    var rows = readLog(field);
    var counts = tally(rows);
    summary.textContent = "";
    if (!rows.length) return;
    summary.appendChild(element("p", "Worked out from your log:", { class: "ws-prompt" }));
    var rates = element("ul", undefined, { class: "ws-rates" });
    rates.appendChild(element("li", "Reply rate: " + percent(counts[1], counts[0]) + " (" + counts[1] + " of " + counts[0] + " sent)"));
    rates.appendChild(element("li", "Call rate: " + percent(counts[2], counts[1]) + " (" + counts[2] + " of " + counts[1] + " replies)"));
    rates.appendChild(element("li", "Offer rate: " + percent(counts[3], counts[2]) + " (" + counts[3] + " of " + counts[2] + " calls)"));
    summary.appendChild(rates);
    summary.appendChild(funnelChart(counts));
    summary.appendChild(weeklyTable(rows));
    var advice = adviceFor(counts);
    if (advice) summary.appendChild(advice);
  }

  function workOut(root) {
    Array.prototype.forEach.call(root.querySelectorAll('[data-ws-calc="runway"]'), workOutRunway);
    Array.prototype.forEach.call(root.querySelectorAll('[data-ws-calc="tracker"]'), workOutTracker);
  }

  /* ---- Export ---------------------------------------------------------------------------------- */

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = element("a", undefined, { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  function exportFile(sheets) {
    return JSON.stringify({ format: FORMAT, version: VERSION, exported: now(), worksheets: sheets }, null, 2);
  }

  function dateOf(entry) {
    var day = new Date(entry.created);
    return day.getDate() + " " + MONTHS[day.getMonth()].slice(0, 3) + " " + day.getFullYear();
  }

  function markdownOf(sheets) {
    var out = [];
    Object.keys(sheets).forEach(function (slug) {
      var sheet = sheets[slug], labels = sheet.labels || {};
      out.push("# " + (sheet.title || slug), "");
      sheet.entries.forEach(function (entry) {
        out.push("## " + dateOf(entry) + (entry.name ? ": " + entry.name : ""), "");
        Object.keys(entry.fields).forEach(function (name) {
          var value = entry.fields[name], label = labels[name] || name;
          if (value === true) out.push("- [x] " + label, "");
          else out.push("**" + label + "**", "", String(value).replace(/\n/g, "  \n"), "");
        });
      });
    });
    return out.join("\n");
  }

  /* ---- The page ----------------------------------------------------------------------------- */

  function init() {
    var root = document.querySelector(".md-content");
    var toolbar = root && root.querySelector("[data-ws-toolbar]");
    if (!toolbar) return;

    var slug = window.location.pathname.replace(/index\.html$/, "").split("/").filter(Boolean).pop() || "worksheet";
    var fields = controls(root);
    var status = toolbar.querySelector("[data-ws-status]");
    var list = toolbar.querySelector("[data-ws-list]");
    var title = (root.querySelector("h1") || document).textContent.replace(/¶/g, "").trim();
    var record = { version: VERSION, title: title, labels: labelsOf(fields), current: "", entries: [] };
    var storageOk = true;
    var printEntry = element("p", "", { class: "ws-print-entry" });
    toolbar.parentNode.insertBefore(printEntry, toolbar);

    function say(message, isError) {
      status.textContent = message;
      status.setAttribute("role", isError ? "alert" : "status");
      status.classList.toggle("ws-error", !!isError);
    }

    function persist() {
      try {
        writeRecord(slug, record);
        if (!storageOk) say("Saved in this browser again.");
        storageOk = true;
        return true;
      } catch (error) {
        storageOk = false;
        say(SAVE_FAILED, true);
        return false;
      }
    }

    /* The open entry: the one last opened, else the newest, else a new blank one (saved once typed in). */
    function current() {
      for (var i = 0; i < record.entries.length; i++) if (record.entries[i].id === record.current) return record.entries[i];
      if (record.entries.length) {
        record.current = newest(record.entries)[0].id;
        return current();
      }
      var entry = newEntry();
      record.entries.push(entry);
      record.current = entry.id;
      return entry;
    }

    function firstLine(entry) {
      var names = Object.keys(record.labels);
      for (var i = 0; i < names.length; i++) {
        var value = entry.fields[names[i]];
        if (typeof value === "string" && value.trim()) return value.trim().split("\n")[0].slice(0, 60);
      }
      return "no answers yet";
    }

    function describe(entry) {
      return dateOf(entry) + " · " + (entry.name || firstLine(entry));
    }

    function showList() {
      var open = current();
      list.textContent = "";
      newest(record.entries).forEach(function (entry) {
        var button = element("button", describe(entry), { type: "button", "data-ws-open": entry.id, class: "ws-entry" });
        if (entry.id === open.id) button.setAttribute("aria-current", "true");
        var li = element("li");
        li.appendChild(button);
        list.appendChild(li);
      });
      toolbar.querySelector("[data-ws-current]").textContent = "(" + record.entries.length + ")";
      /* On paper, a filled-in sheet says which entry it is; a blank one says nothing. */
      printEntry.textContent = Object.keys(open.fields).length ? "Entry: " + describe(open) : "";
    }

    function show(entry) {
      record.current = entry.id;
      restore(fields, entry.fields);
      fields.forEach(fit);
      workOut(root);
      showList();
    }

    function saveAnswers() {
      var entry = current();
      var answers = collect(fields);
      if (JSON.stringify(answers) === JSON.stringify(entry.fields)) return;
      entry.fields = answers;
      entry.updated = now();
      if (persist() && storageOk) say("Saved in this browser.");
      showList();
    }

    try {
      record = readRecord(slug) || record;
      record.title = title;
      record.labels = labelsOf(fields);
      if (!record.entries.length && migrate(slug, record)) say("Your earlier answers are now your first entry.");
    } catch (error) {
      storageOk = false;
      say("This browser is not letting the page read or save answers, so they will be lost when you leave.", true);
    }
    show(current());

    root.addEventListener("input", function (event) {
      if (fields.indexOf(event.target) === -1) return;
      fit(event.target);
      workOut(root);
      saveAnswers();
    });
    root.addEventListener("change", function (event) {
      if (fields.indexOf(event.target) === -1) return;
      workOut(root);
      saveAnswers();
    });

    function printWith(answers) {
      var mine = collect(fields);
      document.documentElement.classList.toggle("ws-printing-blank", !answers);
      if (!answers) {
        restore(fields, {});
        workOut(root);
      }
      fields.forEach(fit);
      window.print();
      document.documentElement.classList.remove("ws-printing-blank");
      if (answers) return;
      restore(fields, mine);
      fields.forEach(fit);
      workOut(root);
    }

    var actions = {
      "print": function () {
        printWith(true);
      },
      "print-blank": function () {
        printWith(false);
      },
      "new": function () {
        var entry = newEntry();
        record.entries.push(entry);
        show(entry);
        persist();
        say("A new, empty entry. Your earlier ones are in the list.");
      },
      "rename": function () {
        var entry = current();
        var name = window.prompt("A name for this entry (leave empty to show its first line):", entry.name);
        if (name === null) return;
        entry.name = name.trim().slice(0, 120);
        persist();
        showList();
      },
      "delete": function () {
        var entry = current();
        if (!window.confirm('Delete the entry "' + describe(entry) + '"? Its answers will be gone from this browser.')) return;
        record.entries = record.entries.filter(function (e) {
          return e.id !== entry.id;
        });
        show(current());
        persist();
        say("The entry is deleted.");
      },
      "clear": function () {
        if (!window.confirm("Clear all your answers in this entry? This cannot be undone.")) return;
        restore(fields, {});
        saveAnswers();
        show(current());
        say("Your answers are cleared.");
      },
      "export-json": function () {
        var sheets = {};
        sheets[slug] = record;
        download("rebound-" + slug + ".json", "application/json", exportFile(sheets));
      },
      "export-md": function () {
        var sheets = {};
        sheets[slug] = record;
        download("rebound-" + slug + ".md", "text/markdown", markdownOf(sheets));
      },
      "export-all-json": function () {
        download("rebound-worksheets.json", "application/json", exportFile(allSheets()));
      },
      "export-all-md": function () {
        download("rebound-worksheets.md", "text/markdown", markdownOf(allSheets()));
      }
    };

    function allSheets() {
      var sheets = {};
      storedSlugs().forEach(function (other) {
        try {
          var found = readRecord(other);
          if (found) sheets[other] = found;
        } catch (error) {
          /* A damaged record of another worksheet is left out of the export, not fatal. */
        }
      });
      sheets[slug] = record;
      return sheets;
    }

    function isBlank(entry) {
      return !entry.name && !Object.keys(entry.fields).length;
    }

    function newest(entries) {
      return entries.slice().sort(function (a, b) {
        return a.created < b.created ? 1 : -1;
      });
    }

    function merge(data) {
      var added = 0, same = 0, replaced = 0, conflicts = [];
      var records = {};
      /* An untouched blank entry is nothing to keep beside imported ones. */
      record.entries = record.entries.filter(function (entry) {
        return !isBlank(entry);
      });
      Object.keys(data.worksheets).forEach(function (other) {
        var mine = other === slug ? record : readRecord(other);
        var theirs = data.worksheets[other];
        records[other] = mine || { version: VERSION, title: theirs.title || other, labels: theirs.labels || {}, current: "", entries: [] };
        theirs.entries.forEach(function (entry) {
          var clean = { id: entry.id, name: entry.name, created: entry.created, updated: entry.updated || entry.created, fields: entry.fields };
          var existing = records[other].entries.filter(function (e) {
            return e.id === entry.id;
          })[0];
          if (!existing) {
            records[other].entries.push(clean);
            added += 1;
          } else if (JSON.stringify(existing.fields) === JSON.stringify(clean.fields) && existing.name === clean.name) {
            same += 1;
          } else {
            conflicts.push([records[other], existing, clean]);
          }
        });
      });
      if (conflicts.length && window.confirm(conflicts.length + " entr" + (conflicts.length === 1 ? "y" : "ies") +
          " in this file already exist here with different answers. Replace yours with the file's? " +
          "(Cancel keeps yours and imports the rest.)")) {
        conflicts.forEach(function (c) {
          c[0].entries[c[0].entries.indexOf(c[1])] = c[2];
          replaced += 1;
        });
      }
      try {
        Object.keys(records).forEach(function (other) {
          writeRecord(other, records[other]);
        });
      } catch (error) {
        say(SAVE_FAILED, true);
        return;
      }
      record = records[slug] || record;
      show(current());
      say("Imported " + added + " new entr" + (added === 1 ? "y" : "ies") + (replaced ? ", replaced " + replaced : "") +
        (same ? "; " + same + " already here" : "") + (conflicts.length - replaced ? "; kept " + (conflicts.length - replaced) + " of yours" : "") + ".");
    }

    function importFile(file) {
      if (file.size > MAX_FILE) return say("Nothing was imported: the file is larger than 5 MB, so it is not a Rebound export.", true);
      file.text().then(function (text) {
        var data;
        try {
          data = JSON.parse(text);
        } catch (error) {
          return say("Nothing was imported: the file is not valid JSON (" + error.message + ").", true);
        }
        var problems = checkFile(data);
        if (problems.length) {
          return say("Nothing was imported: " + problems.slice(0, 3).join("; ") + (problems.length > 3 ? "; and " + (problems.length - 3) + " more" : "") + ".", true);
        }
        merge(data);
      }, function () {
        say("Nothing was imported: the browser could not read the file.", true);
      });
    }

    toolbar.addEventListener("click", function (event) {
      var open = event.target.closest("[data-ws-open]");
      if (open) {
        var id = open.getAttribute("data-ws-open");
        var entry = record.entries.filter(function (e) {
          return e.id === id;
        })[0];
        if (entry) show(entry);
        persist();
        return;
      }
      var button = event.target.closest("[data-ws-action]");
      if (button) actions[button.getAttribute("data-ws-action")]();
    });
    toolbar.querySelector("[data-ws-import]").addEventListener("change", function (event) {
      if (event.target.files[0]) importFile(event.target.files[0]);
      event.target.value = "";
    });

    /* Print from the browser menu with the page still as laid out on screen. */
    window.addEventListener("beforeprint", function () {
      fields.forEach(fit);
    });

    toolbar.querySelector(".ws-controls").hidden = false;
  }

  /* The script is loaded with defer, so the page is parsed by now. (Material's instant navigation
     is off: the script is only on worksheet pages, so it could not follow a swap-in anyway.) */
  init();
})();
