import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";

countries.registerLocale(en);

/** English name of an ISO 3166 alpha-3 code (the store's country field), or undefined. */
export const countryName = (code) => countries.getName(code, "en", { select: "official" }) || undefined;

// PLOVER event types in quad-class order with one colour each: cooperation in blues and greens,
// verbal conflict in ambers, material conflict in reds and purples, so the map reads at a glance.
export const PLOVER_COLORS = {
  AGREE: "#1f77b4",
  CONSULT: "#6baed6",
  SUPPORT: "#17becf",
  CONCEDE: "#9ecae1",
  COOPERATE: "#2ca02c",
  AID: "#98df8a",
  RETREAT: "#bcbd22",
  REQUEST: "#e7ba52",
  ACCUSE: "#ff9896",
  REJECT: "#ff7f0e",
  THREATEN: "#d6616b",
  PROTEST: "#9467bd",
  SANCTION: "#8c564b",
  MOBILIZE: "#e377c2",
  COERCE: "#7b4173",
  ASSAULT: "#d62728",
};
export const PLOVER_TYPES = Object.keys(PLOVER_COLORS);
export const typeColor = (type) => PLOVER_COLORS[type] || "#7f7f7f";

/** Marker diameter in px: grows with the square root of the dead, so area tracks the count. */
export function markerSize(dead) {
  const n = Number(dead) || 0;
  return Math.round(Math.min(40, 12 + 4 * Math.sqrt(n)));
}
