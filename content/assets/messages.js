/* Copy buttons for the message scripts on the "What to say" pages.
 *
 * Loaded only on pages that hold a message (hooks/messages.py). Each button starts hidden, so
 * without this script a reader sees plain text to select; with it, one click puts exactly the
 * message text on the clipboard and the status line beside the button says so (role="status"
 * is read out by screen readers). Where the clipboard is not available (an old browser, a page
 * opened from a file) the text is selected instead and the status says how to copy it. */
(function () {
  "use strict";

  function announce(status, text) {
    // Empty first, so the same words are read out again on a second click.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallBack(textBox, status) {
    selectText(textBox);
    announce(status, "Selected. Press Ctrl+C (or Cmd+C on a Mac) to copy it.");
  }

  function setUp(box) {
    var button = box.querySelector(".rebound-message__copy");
    var textBox = box.querySelector(".rebound-message__text");
    var status = box.querySelector(".rebound-message__status");
    if (!button || !textBox || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = textBox.textContent;
      if (!navigator.clipboard || !window.isSecureContext) {
        fallBack(textBox, status);
        return;
      }
      navigator.clipboard.writeText(text).then(
        function () { announce(status, "Copied. Paste it into your message and fill in the [brackets]."); },
        function () { fallBack(textBox, status); }
      );
    });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-rebound-message]");
    for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);
  }

  start();   // loaded with defer: the page is parsed by now
})();
