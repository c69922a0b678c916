/* The runway sheet's sum: savings, monthly costs and monthly income in, months of runway out.
   Loaded only by pages with a runway field (main.js imports it when it finds one). */
import { MONTHS } from "./entries.js";

/* "1,200", "1.200", "1.200,50", "€900" and "900 a month" all read as numbers. A lone separator
   before exactly three digits groups thousands (money is rarely written "1.800" for 1.8). */
export function toNumber(text) {
  let t = String(text).replace(/[^\d.,-]/g, "");
  const comma = t.lastIndexOf(","), dot = t.lastIndexOf(".");
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
  const el = scope.querySelector('[data-ws-role="' + role + '"] input');
  return el && el.value.trim() ? toNumber(el.value) : NaN;
}

function describeRunway(savings, costs, income) {
  const gap = costs - income;
  if (gap <= 0) return "your income covers your essential costs each month";
  const months = Math.max(0, savings) / gap;
  if (months >= 120) return "more than ten years";
  const end = new Date();
  end.setMonth(end.getMonth() + Math.floor(months));
  return "about " + (Math.floor(months * 10) / 10) + " (a gap of " + Math.round(gap) + " a month; savings last until around " +
    MONTHS[end.getMonth()] + " " + end.getFullYear() + ")";
}

export function workOut(field) {
  const savings = valueOf(field, "savings"), costs = valueOf(field, "costs");
  const income = valueOf(field, "income");
  const known = !isNaN(savings) && !isNaN(costs);
  field.querySelector("[data-ws-result]").textContent = known ? describeRunway(savings, costs, isNaN(income) ? 0 : income) : "";
}
