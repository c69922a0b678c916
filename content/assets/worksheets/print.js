/* Printing a worksheet blank or with the open entry's answers (the print styles do the layout). */
import { collect, fit, restore } from "./fields.js";

function printWith(page, answers) {
  const mine = collect(page.fields);
  document.documentElement.classList.toggle("ws-printing-blank", !answers);
  if (!answers) {
    restore(page.fields, {});
    page.workOut();
  }
  page.fields.forEach(fit);
  window.print();
  document.documentElement.classList.remove("ws-printing-blank");
  if (answers) return;
  restore(page.fields, mine);
  page.fields.forEach(fit);
  page.workOut();
}

export function printActions(page) {
  /* Print from the browser menu with the page still as laid out on screen. */
  window.addEventListener("beforeprint", () => page.fields.forEach(fit));
  return {
    "print": () => printWith(page, true),
    "print-blank": () => printWith(page, false)
  };
}
