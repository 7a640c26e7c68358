// The dashboard: filters -> /api/events (map + list) and /api/aggregates (timeline); a chosen
// event -> /api/events/{id} + /api/articles/{article_id} in the evidence panel.
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "./style.css";
import { fetchActors, fetchAggregates, fetchArticle, fetchEvent, fetchEvents, token } from "./api.js";
import { codedFields, eventSpans, renderMarkedText } from "./evidence.js";
import { EventMap, eventLabel } from "./map.js";
import { Timeline } from "./timeline.js";
import { PLOVER_TYPES, countryName, typeColor } from "./types.js";

const LIST_LIMIT = 300; // rows in the side list; the map shows every fetched event
const $ = (id) => document.getElementById(id);

const state = { filters: {}, events: [], selected: null, articles: new Map(), request: 0 };

function showError(err) {
  const box = $("error");
  if (!err) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.hidden = false;
  box.textContent = `Could not load data: ${err.message}`;
  if (err.status === 401 || err.status === 403) {
    // Reads are token-protected (or the token was wrong): ask for one instead of failing.
    $("token-form").hidden = false;
    if (token.get()) box.textContent += " The token given was not accepted.";
  }
}

/** Scrolls `box` alone (never the page) so `item`, inside it, sits in its middle. */
function scrollToMiddle(box, item) {
  const offset = item.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, offset - box.clientHeight / 2);
}

function readFilters() {
  const form = new FormData($("filter-form"));
  const filters = {};
  for (const [key, value] of form.entries()) {
    const v = String(value).trim();
    if (v) filters[key] = v;
  }
  if (filters.min_confidence === "0") delete filters.min_confidence;
  return filters;
}

function renderList(events, total, mapped) {
  const list = $("event-list");
  list.replaceChildren();
  let selected = null;
  for (const ev of events.slice(0, LIST_LIMIT)) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "event-item";
    button.dataset.eventId = ev.event_id;
    const dot = document.createElement("span");
    dot.className = "swatch";
    dot.style.background = typeColor(ev.type);
    dot.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.textContent = eventLabel(ev);
    button.append(dot, label);
    button.addEventListener("click", () => selectEvent(ev.event_id));
    li.append(button);
    list.append(li);
    if (ev.event_id === state.selected) {
      button.setAttribute("aria-current", "true");
      selected = button;
    }
  }
  if (selected) scrollToMiddle(list, selected);
  const shown = Math.min(events.length, LIST_LIMIT);
  $("list-note").textContent = !total ? "No events match the filters."
    : shown < total ? `Showing the newest ${shown} of ${total}.` : "Newest first.";
  const status = $("status");
  status.dataset.total = String(total);
  status.dataset.mapped = String(mapped);
  status.textContent = `${total} event${total === 1 ? "" : "s"} match; ${mapped} on the map`
    + (events.length < total ? ` (first ${events.length} loaded)` : "") + ".";
}

async function loadEvents({ fit = true } = {}) {
  const request = ++state.request; // a slow answer to an older filter must not win
  $("status").textContent = "Loading events…";
  $("status").dataset.loading = "true";
  try {
    const { items, total } = await fetchEvents(state.filters);
    if (request !== state.request) return;
    state.events = items;
    const mapped = map.setEvents(items, fit);
    renderList(items, total, mapped);
    showError(null);
  } catch (err) {
    if (request === state.request) showError(err);
  } finally {
    if (request === state.request) delete $("status").dataset.loading;
  }
}

async function loadTimeline() {
  try {
    // The timeline keeps its own date range out, so the brush shows what lies outside it too.
    const agg = await fetchAggregates("day", state.filters, ["since", "until"]);
    timeline.setBuckets(agg.buckets);
    timeline.show(state.filters.since, state.filters.until);
  } catch (err) {
    showError(err);
  }
}

/** Keeps the filters and the chosen event in the address, so a view can be bookmarked or sent. */
function saveLocation() {
  const params = new URLSearchParams(state.filters);
  if (state.selected) params.set("event", state.selected);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

/** Sets the form from the address (`?type=ASSAULT&since=...&event=ID`); returns the event id. */
function restoreLocation() {
  const params = new URLSearchParams(location.search);
  for (const el of $("filter-form").elements) {
    if (!el.name || !params.has(el.name)) continue;
    const value = params.get(el.name);
    if (el.tagName === "SELECT" && ![...el.options].some((o) => o.value === value)) {
      el.append(new Option(value, value)); // a value the store has no events for (yet)
    }
    el.value = value;
  }
  $("f-conf-out").value = Number($("f-conf").value).toFixed(2);
  return params.get("event");
}

function applyFilters({ timelineToo = true } = {}) {
  state.filters = readFilters();
  saveLocation();
  loadEvents();
  if (timelineToo) loadTimeline();
}

function article(id) {
  if (!state.articles.has(id)) {
    // Cache the promise so clicks on events of one article fetch its text once; drop failures.
    state.articles.set(id, fetchArticle(id).catch((err) => {
      state.articles.delete(id);
      throw err;
    }));
  }
  return state.articles.get(id);
}

async function selectEvent(eventId) {
  state.selected = eventId;
  saveLocation();
  for (const b of document.querySelectorAll(".event-item")) {
    if (b.dataset.eventId === eventId) {
      b.setAttribute("aria-current", "true");
      scrollToMiddle($("event-list"), b); // chosen on the map or from the address
    } else {
      b.removeAttribute("aria-current");
    }
  }
  const panel = $("evidence");
  panel.setAttribute("aria-busy", "true");
  try {
    const ev = await fetchEvent(eventId);
    const art = await article(ev.article_id);
    if (state.selected !== eventId) return;
    renderEvidence(ev, art);
    map.reveal(eventId);
    showError(null);
  } catch (err) {
    showError(err);
  } finally {
    panel.removeAttribute("aria-busy");
  }
}

function renderEvidence(ev, art) {
  $("evidence-empty").hidden = true;
  $("evidence-body").hidden = false;
  const panel = $("evidence");
  panel.dataset.eventId = ev.event_id;
  panel.scrollTop = 0;
  const meta = ev.article || art.article || {};
  $("ev-title").textContent = `${ev.type} — ${meta.title || ev.article_id}`;
  const citation = $("ev-citation");
  citation.replaceChildren();
  const bits = [meta.source, meta.published ? `published ${meta.published}` : null, ev.event_id];
  citation.append(bits.filter(Boolean).join(" · "));
  if (meta.url && /^https?:\/\//.test(meta.url)) {
    const a = document.createElement("a");
    a.href = meta.url;
    a.rel = "noopener noreferrer";
    a.textContent = " source";
    citation.append(" ·", a);
  }
  const dl = $("ev-fields");
  dl.replaceChildren();
  for (const [label, value] of codedFields(ev)) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  }
  const claims = ev.claims || [];
  const first = renderMarkedText($("article-text"), art.text, eventSpans(ev.record || {}, claims));
  if (first) {
    // Scroll the text box only (not the page) so the trigger sits in its middle.
    scrollToMiddle($("article-text"), first);
  }
  const ul = $("ev-claims");
  ul.replaceChildren();
  if (!claims.length) {
    const li = document.createElement("li");
    li.className = "note";
    li.textContent = "No claims about this event.";
    ul.append(li);
  }
  for (const c of claims) {
    const li = document.createElement("li");
    const who = c.speaker ? c.speaker.entity_text : "unknown speaker";
    const head = document.createElement("strong");
    head.textContent = `${c.kind} by ${who}` + (c.cited_source ? `, citing ${c.cited_source}` : "");
    const quote = document.createElement("q");
    quote.textContent = c.content?.text || "";
    li.append(head, document.createElement("br"), quote);
    ul.append(li);
  }
}

async function loadOptions() {
  const [countries, types, actors] = await Promise.allSettled([
    fetchAggregates("country"), fetchAggregates("type"), fetchActors(),
  ]);
  const fill = (select, buckets, order, name = (key) => key) => {
    const counts = new Map(buckets.map((b) => [b.key, b.count]));
    const keys = order ? order.filter((k) => counts.has(k))
      : [...counts.keys()].sort((a, b) => name(a).localeCompare(name(b)));
    for (const key of keys) {
      if (!key) continue;
      const opt = document.createElement("option");
      opt.value = key;
      opt.textContent = `${name(key)} (${counts.get(key)})`;
      select.append(opt);
    }
  };
  if (countries.status === "fulfilled") {
    fill($("f-country"), countries.value.buckets, null, (code) => {
      const name = countryName(code);
      return name ? `${name} — ${code}` : code;
    });
  }
  if (types.status === "fulfilled") fill($("f-type"), types.value.buckets, PLOVER_TYPES);
  if (actors.status === "fulfilled") {
    const names = new Set();
    for (const a of actors.value.items) {
      if (a.name) names.add(a.name);
      if (a.code) names.add(a.code);
    }
    $("actor-names").replaceChildren(...[...names].sort().map((n) => new Option(n)));
  }
  const failed = [countries, types, actors].find((r) => r.status === "rejected");
  if (failed) showError(failed.reason);
}

const map = new EventMap($("map"), (id) => selectEvent(id));
const timeline = new Timeline($("timeline"), (since, until) => {
  $("f-since").value = since || "";
  $("f-until").value = until || "";
  state.filters = readFilters();
  saveLocation();
  loadEvents({ fit: false });
});

const form = $("filter-form");
form.addEventListener("submit", (e) => {
  e.preventDefault();
  applyFilters();
});
form.addEventListener("reset", () => setTimeout(() => {
  $("f-conf-out").value = Number($("f-conf").value).toFixed(2);
  applyFilters();
}));
for (const id of ["f-country", "f-type", "f-status"]) $(id).addEventListener("change", () => applyFilters());
for (const id of ["f-since", "f-until"]) {
  $(id).addEventListener("change", () => {
    applyFilters({ timelineToo: false });
    timeline.show(state.filters.since, state.filters.until);
  });
}
$("f-conf").addEventListener("input", () => { $("f-conf-out").value = Number($("f-conf").value).toFixed(2); });
$("f-conf").addEventListener("change", () => applyFilters());
let typing;
for (const id of ["f-actor", "f-q"]) {
  $(id).addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => applyFilters(), 400);
  });
}
let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(loadTimeline, 200);
});

/** Loads the options, then the view the address describes (filters first, then the event). */
async function start() {
  // The options first, so values from the address find their entries in the selects.
  await loadOptions();
  const chosen = restoreLocation();
  applyFilters();
  if (chosen) selectEvent(chosen);
}

$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token.set($("f-token").value.trim());
  $("token-form").hidden = true;
  showError(null);
  for (const select of [$("f-country"), $("f-type")]) select.length = 1; // refilled by start()
  state.articles.clear();
  start();
});

map.loadBasemap("static/countries-50m.json").catch(showError);
start();
window.eventwireDashboard = { state, selectEvent }; // for scripted checks and the console
