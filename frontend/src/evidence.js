// The evidence panel: the article text with the selected event's trigger, actors, recipients,
// place, date and claims marked on their character spans, the coded fields, and the claims.

export const SPAN_KINDS = ["trigger", "actor", "recipient", "place", "date", "claim"];

/** The [start, end, kind] spans of one event record (output contract) and its claim records. */
export function eventSpans(record, claims = []) {
  const spans = [];
  const add = (obj, kind) => {
    if (obj && Number.isInteger(obj.start) && Number.isInteger(obj.end) && obj.end > obj.start) {
      spans.push([obj.start, obj.end, kind]);
    }
  };
  add(record.trigger, "trigger");
  for (const a of record.actor || []) add(a, "actor");
  for (const r of record.recipient || []) add(r, "recipient");
  add(record.location, "place");
  add(record.date, "date");
  for (const c of claims) add(c.content, "claim");
  return spans;
}

/**
 * Cuts `text` at every span boundary: [{start, end, kinds: Set}] covering the text in order.
 * Overlapping spans (an actor inside a claim) give segments with several kinds.
 */
export function segment(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const [s, e] of spans) {
    if (s >= 0 && e <= text.length) {
      cuts.add(s);
      cuts.add(e);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    const kinds = new Set(spans.filter(([s, e]) => s <= start && e >= end && e <= text.length)
      .map(([, , k]) => k));
    out.push({ start, end, kinds });
  }
  return out;
}

/** Fills `container` with the text, each marked segment a <mark class="hl hl-KIND ...">. */
export function renderMarkedText(container, text, spans) {
  container.replaceChildren();
  let first = null;
  for (const seg of segment(text, spans)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.kinds.size) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const mark = document.createElement("mark");
    const kinds = SPAN_KINDS.filter((k) => seg.kinds.has(k));
    mark.className = ["hl", ...kinds.map((k) => `hl-${k}`)].join(" ");
    mark.title = kinds.join(", ");
    mark.dataset.start = String(seg.start);
    mark.dataset.end = String(seg.end);
    mark.textContent = piece;
    container.append(mark);
    if (!first && seg.kinds.has("trigger")) first = mark;
  }
  return first;
}

const fmt = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));

function entities(list) {
  if (!list || !list.length) return "—";
  return list.map((e) => {
    const code = [e.code, e.sector].filter(Boolean).join("/");
    const name = e.name && e.name !== e.entity_text ? ` = ${e.name}` : "";
    return `${e.entity_text}${name}${code ? ` [${code}]` : ""}`;
  }).join("; ");
}

/** The coded fields of an event as [label, value] pairs for a <dl>. */
export function codedFields(ev) {
  const rec = ev.record || {};
  const loc = rec.location || {};
  const date = rec.date || {};
  const size = rec.size || {};
  const prov = rec.provenance || {};
  const coords = loc.lat !== null && loc.lat !== undefined
    ? ` (${Number(loc.lat).toFixed(4)}, ${Number(loc.lon).toFixed(4)})` : "";
  // the probability that the place is right (within 161 km), when the resolver is calibrated
  const score = typeof loc.score === "number" ? `, score ${loc.score.toFixed(2)}` : "";
  return [
    ["Type", `${fmt(rec.event_type || ev.type)}${rec.mode?.length ? ` : ${rec.mode.join(", ")}` : ""}`],
    ["Status", (rec.status || ev.status || []).join(", ") || "—"],
    ["Confidence", fmt(rec.confidence ?? ev.confidence)],
    ["Actor", entities(rec.actor)],
    ["Recipient", entities(rec.recipient)],
    ["Date", `${fmt(date.value)} (${fmt(date.precision)}${date.source === "publication" ? ", from the publication date" : ""})`],
    ["Place", loc.resolved_place || loc.extracted_place
      ? `${loc.resolved_place || loc.extracted_place} [${fmt(loc.country_code)}${loc.admin1 ? `, ${loc.admin1}` : ""}]${coords}, precision ${fmt(loc.precision)}${score}${loc.relation ? `, ${loc.relation}` : ""}`
      : "—"],
    ["Killed / injured / arrested", `${fmt(size.dead)} / ${fmt(size.injured)} / ${fmt(size.arrested)}`],
    ["CAMEO / quad class", `${fmt(rec.cameo)} / ${fmt(rec.quad_class)}`],
    ["ACLED", `${fmt(rec.acled_event_type)}${rec.acled_sub_event_type ? ` — ${rec.acled_sub_event_type}` : ""}`],
    ["About", (rec.context || []).join(", ") || "—"],
    ["Coded by", `${fmt(prov.stage)}${prov.rule ? ` (${prov.rule})` : ""}${prov.model ? `; model: ${prov.model}` : ""}`],
  ];
}
