// The JSON API client: every request the dashboard makes goes through here (see api-contract).
// URLs are relative, so the dashboard works wherever `eventwire serve` mounts it.

/** Thrown for a non-2xx answer; `message` is the API's own `detail` where it sent one. */
export class ApiError extends Error {
  constructor(url, status, detail) {
    super(`${detail || "request failed"} (HTTP ${status} from ${url})`);
    this.status = status;
  }
}

const TOKEN_KEY = "eventwire-api-token";

/** The API token for servers started with --protect-reads; kept for this browser tab only. */
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => (value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY)),
};

async function getJSON(path, params) {
  const query = params ? new URLSearchParams(params).toString() : "";
  const url = query ? `${path}?${query}` : path;
  const headers = { Accept: "application/json" };
  if (token.get()) headers.Authorization = `Bearer ${token.get()}`;
  const res = await fetch(url, { headers });
  if (!res.ok) {
    let detail = "";
    try {
      const body = await res.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch {
      detail = res.statusText;
    }
    throw new ApiError(url, res.status, detail);
  }
  return res.json();
}

/** Filter object -> query params, leaving out empty values. */
export function filterParams(filters, omit = []) {
  const out = {};
  for (const [key, value] of Object.entries(filters)) {
    if (omit.includes(key) || value === "" || value === null || value === undefined) continue;
    out[key] = String(value);
  }
  return out;
}

/** All events matching `filters`, following cursors up to `max` rows: {items, total}. */
export async function fetchEvents(filters, max = 5000) {
  const items = [];
  let cursor = null;
  let total = 0;
  do {
    // Newest first, so a store larger than `max` shows its latest events.
    const params = { ...filterParams(filters), sort: "-date", limit: String(Math.min(1000, max)) };
    if (cursor) params.cursor = cursor;
    const page = await getJSON("api/events", params);
    items.push(...page.items);
    total = page.total;
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return { items, total };
}

export const fetchEvent = (id) => getJSON(`api/events/${encodeURIComponent(id)}`);
export const fetchArticle = (id) => getJSON(`api/articles/${encodeURIComponent(id)}`);
export const fetchAggregates = (by, filters = {}, omit = []) =>
  getJSON("api/aggregates", { ...filterParams(filters, omit), by });
export const fetchActors = (limit = 500) => getJSON("api/actors", { limit: String(limit) });
