/* Printing a worksheet blank or with the open entry's answers (the print styles do the layout).
   Loaded the first time someone presses a print button (main.js). */
import { collect, fit, restore } from "./entries.js";

export function printWith(page, answers) {
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
