/* Worksheets: keep answers in this browser's localStorage, restore them on load, clear them
   on request, and print. Nothing is ever sent anywhere. Without JavaScript the page still shows
   (and prints) the blank worksheet; the buttons stay hidden because they need this script. */
(function () {
  "use strict";

  var PREFIX = "rebound:worksheet:";

  function storageKey() {
    return PREFIX + window.location.pathname.replace(/index\.html$/, "");
  }

  function controls(root) {
    return Array.prototype.slice.call(
      root.querySelectorAll(".ws-field textarea, .ws-field input[name]")
    );
  }

  function readSaved(key) {
    try {
      var raw = window.localStorage.getItem(key);
      var data = raw ? JSON.parse(raw) : null;
      return data && typeof data.fields === "object" && data.fields ? data.fields : {};
    } catch (error) {
      return {};
    }
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

  /* Size a textarea to its answer, never below its declared number of lines, and give it as
     many ruled lines for paper as the answer fills on screen (the screen line is longer and its
     font larger than on paper, so this never gives too few). */
  function fit(el) {
    if (el.tagName !== "TEXTAREA") return;
    var field = el.closest(".ws-field");
    var rules = field.querySelector(".ws-rules");
    var declared = parseInt(el.getAttribute("data-ws-lines"), 10) || 1;
    var needed = declared;
    field.style.setProperty("--ws-lines", String(declared));
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
    if (needed !== declared) field.style.setProperty("--ws-lines", String(needed));
    if (el.scrollHeight > el.clientHeight) el.style.height = el.scrollHeight + 2 + "px";
  }

  function init() {
    var root = document.querySelector(".md-content");
    var toolbar = root && root.querySelector("[data-ws-toolbar]");
    if (!toolbar || toolbar.getAttribute("data-ws-ready")) return;
    toolbar.setAttribute("data-ws-ready", "1");

    var key = storageKey();
    var fields = controls(root);
    var status = toolbar.querySelector(".ws-status");
    var canSave = true;

    function say(message) {
      if (status) status.textContent = message;
    }

    function save() {
      var answers = collect(fields);
      try {
        if (Object.keys(answers).length) {
          window.localStorage.setItem(key, JSON.stringify({ version: 1, fields: answers }));
        } else {
          window.localStorage.removeItem(key);
        }
        say("Saved in this browser.");
      } catch (error) {
        if (canSave) say("This browser is not letting the page save, so your answers will be lost when you leave.");
        canSave = false;
      }
    }

    restore(fields, readSaved(key));
    fields.forEach(fit);

    root.addEventListener("input", function (event) {
      if (fields.indexOf(event.target) === -1) return;
      fit(event.target);
      save();
    });
    root.addEventListener("change", function (event) {
      if (fields.indexOf(event.target) !== -1) save();
    });

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-ws-action]");
      if (!button) return;
      var action = button.getAttribute("data-ws-action");
      if (action === "print") {
        window.print();
      } else if (action === "clear") {
        if (!window.confirm("Clear all your answers on this worksheet? This cannot be undone.")) return;
        restore(fields, {});
        fields.forEach(fit);
        try {
          window.localStorage.removeItem(key);
        } catch (error) {
          /* Nothing was saved, so there is nothing to remove. */
        }
        say("Your answers are cleared.");
      }
    });

    /* Print from the browser menu with the page still as laid out on screen. */
    window.addEventListener("beforeprint", function () {
      fields.forEach(fit);
    });

    var buttons = toolbar.querySelector(".ws-buttons");
    if (buttons) buttons.hidden = false;
  }

  /* Material's instant navigation is off on this site, but if someone turns it on, document$
     fires for every page it swaps in; without it, this runs once when the page loads. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
