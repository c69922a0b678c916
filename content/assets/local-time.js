// Event times in the reader's own time zone. The page itself says UTC (so it reads right without
// script and builds byte-identical); this only rewrites the text of <time data-local> elements.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  document.querySelectorAll("time[data-local]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) return;
    element.title = element.textContent;  // the UTC time stays one hover away
    element.textContent = format.format(moment);
  });
})();
