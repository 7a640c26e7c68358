// Unit tests of the evidence panel's span logic (no browser, no dependencies): `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { codedFields, eventSpans, segment } from "../src/evidence.js";

const kinds = (segs) => segs.map((s) => [s.start, s.end, [...s.kinds].sort().join("+")]);

test("segments cover the text in order, marking each span's kind", () => {
  const text = "Rebels attacked the base on Friday.";
  const segs = segment(text, [[7, 15, "trigger"], [0, 6, "actor"], [28, 34, "date"]]);
  assert.deepEqual(kinds(segs), [
    [0, 6, "actor"], [6, 7, ""], [7, 15, "trigger"], [15, 28, ""], [28, 34, "date"], [34, 35, ""],
  ]);
  assert.equal(segs.map((s) => text.slice(s.start, s.end)).join(""), text);
});

test("overlapping spans split into pieces that carry every kind covering them", () => {
  // A claim that contains the trigger and the actor, as quotes do.
  const segs = segment("He said police fired on them.", [[8, 28, "claim"], [8, 14, "actor"], [15, 20, "trigger"]]);
  assert.deepEqual(kinds(segs), [
    [0, 8, ""], [8, 14, "actor+claim"], [14, 15, "claim"], [15, 20, "claim+trigger"],
    [20, 28, "claim"], [28, 29, ""],
  ]);
});

test("spans outside the text are ignored rather than breaking the text", () => {
  const segs = segment("short", [[2, 40, "place"]]);
  assert.deepEqual(kinds(segs), [[0, 5, ""]]);
});

test("eventSpans reads the output contract and skips fields without offsets", () => {
  const record = {
    trigger: { text: "bombed", start: 10, end: 16 },
    actor: [{ entity_text: "Jets", start: 0, end: 4 }],
    recipient: [],
    location: { extracted_place: "Iraq", start: null, end: null },
    date: { value: "1981", start: 30, end: 34 },
  };
  const claims = [{ content: { text: "x", start: 40, end: 50 } }];
  assert.deepEqual(eventSpans(record, claims), [
    [10, 16, "trigger"], [0, 4, "actor"], [30, 34, "date"], [40, 50, "claim"],
  ]);
});

test("codedFields labels the contract's fields and marks dates from the publication day", () => {
  const fields = Object.fromEntries(codedFields({
    type: "ASSAULT",
    record: {
      event_type: "ASSAULT", mode: ["aerial"], status: ["reported"], confidence: 0.9,
      actor: [{ entity_text: "Israeli warplanes", name: "Israel", code: "ISR", sector: "MIL" }],
      recipient: [], date: { value: "2019-08-21", precision: "day", source: "publication" },
      location: { resolved_place: "Baghdad", country_code: "IRQ", lat: 33.34, lon: 44.4, precision: 1 },
      size: { dead: 2, injured: null, arrested: null }, cameo: "195", quad_class: 4,
    },
  }));
  assert.equal(fields.Type, "ASSAULT : aerial");
  assert.equal(fields.Actor, "Israeli warplanes = Israel [ISR/MIL]");
  assert.equal(fields.Date, "2019-08-21 (day, from the publication date)");
  assert.equal(fields.Place, "Baghdad [IRQ] (33.3400, 44.4000), precision 1");
  const scored = Object.fromEntries(codedFields({
    record: { location: { resolved_place: "Baghdad", country_code: "IRQ", precision: 1, score: 0.934 } },
  }));
  assert.equal(scored.Place, "Baghdad [IRQ], precision 1, score 0.93");
  assert.equal(fields["Killed / injured / arrested"], "2 / — / —");
  assert.equal(fields.About, "—");
  assert.equal(fields["Coded by"], "—");
});

test("codedFields shows the event's PLOVER contexts and which model won", () => {
  const fields = Object.fromEntries(codedFields({
    record: {
      event_type: "PROTEST", context: ["economic", "labor"],
      provenance: { stage: "events", rule: "protest.strike", model: "event-model/ab12:agree;source:span" },
    },
  }));
  assert.equal(fields.About, "economic, labor");
  assert.equal(fields["Coded by"], "events (protest.strike); model: event-model/ab12:agree;source:span");
});
