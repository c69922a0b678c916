// The niche filter of the events page. Without script, each niche link opens that niche's page;
// with it, the same links show or hide the events of one niche here, and the URL keeps the choice.
(function () {
  "use strict";
  var list = document.querySelector("[data-rebound-events]");
  var links = document.querySelectorAll("[data-rebound-filter]");
  if (!list || !links.length) return;

  function show(niche) {
    list.querySelectorAll("[data-niche]").forEach(function (item) {
      item.hidden = niche !== "" && item.getAttribute("data-niche") !== niche;
    });
    list.querySelectorAll("[data-week]").forEach(function (week) {
      week.hidden = !week.querySelector("[data-niche]:not([hidden])");
    });
    links.forEach(function (link) {
      link.setAttribute("aria-current", link.getAttribute("data-rebound-filter") === niche ? "true" : "false");
    });
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var niche = link.getAttribute("data-rebound-filter");
      history.replaceState(null, "", niche ? "#niche-" + niche : location.pathname);
      show(niche);
    });
  });
  show(location.hash.indexOf("#niche-") === 0 ? location.hash.slice(7) : "");
})();
