// The map: Natural Earth country shapes as an offline basemap (no tile server), events as
// clustered markers coloured by PLOVER type and sized by fatalities.
import L from "leaflet";
import "leaflet.markercluster";
import { feature } from "topojson-client";
import { PLOVER_COLORS, markerSize, typeColor } from "./types.js";

const escapeHtml = (s) => String(s ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const ANTARCTICA = "010"; // ISO 3166 numeric id in world-atlas

/**
 * Rings that cross the antimeridian (Russia's Chukotka, Fiji) jump from +180 to -180 and
 * Leaflet draws that jump as a stripe across the world; continue them past 180 instead.
 */
function unwrapRings(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i += 1) {
        const step = ring[i][0] - ring[i - 1][0];
        if (step > 180) ring[i][0] -= 360;
        else if (step < -180) ring[i][0] += 360;
      }
    }
  }
}

/**
 * A cluster is a pie of its events' type colours (a CSS conic gradient) with the count in the
 * middle, so clusters keep the colour-by-type reading of single markers.
 */
function clusterIcon(cluster) {
  const counts = new Map();
  for (const m of cluster.getAllChildMarkers()) {
    counts.set(m.options.eventType, (counts.get(m.options.eventType) || 0) + 1);
  }
  const total = cluster.getChildCount();
  let at = 0;
  const stops = [];
  for (const [type, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    const end = at + (n / total) * 360;
    stops.push(`${typeColor(type)} ${at.toFixed(1)}deg ${end.toFixed(1)}deg`);
    at = end;
  }
  const size = Math.round(Math.min(56, 26 + 7 * Math.log10(total + 1) * 2));
  const types = [...counts].map(([t, n]) => `${n} ${t}`).join(", ");
  return L.divIcon({
    className: "marker-cluster ew-cluster",
    html: `<div style="background:conic-gradient(${stops.join(",")})" title="${escapeHtml(types)}"><span>${total}</span></div>`,
    iconSize: [size, size],
  });
}

export function eventLabel(ev) {
  const who = ev.actor?.length ? ev.actor.join(", ") : "unknown actor";
  const whom = ev.recipient?.length ? ` → ${ev.recipient.join(", ")}` : "";
  return `${ev.type} ${ev.date || "undated"}: ${who}${whom}${ev.place ? ` in ${ev.place}` : ""}`;
}

export class EventMap {
  constructor(element, onSelect) {
    this.onSelect = onSelect;
    this.map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 })
      .setView([25, 20], 2);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth (public domain) · Leaflet");
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40, iconCreateFunction: clusterIcon,
    });
    this.map.addLayer(this.clusters);
    this.markers = new Map();
    this.addLegend();
    // The grid settles after Leaflet measured the box (fonts, the timeline); re-measure on any
    // size change, or the SVG basemap leaves an unpainted strip along an edge.
    new ResizeObserver(() => this.map.invalidateSize()).observe(element);
  }

  /** Loads the TopoJSON country shapes shipped with the dashboard. */
  async loadBasemap(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`basemap ${url}: HTTP ${res.status}`);
    const topo = await res.json();
    const countries = feature(topo, topo.objects.countries);
    // Antarctica's ring runs to the pole, which Web Mercator cannot draw (a band across the map).
    countries.features = countries.features.filter((f) => f.id !== ANTARCTICA);
    for (const f of countries.features) unwrapRings(f.geometry);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#ffffff", weight: 0.8, fillColor: "#d9d4c7", fillOpacity: 1 },
    }).addTo(this.map).bringToBack();
  }

  addLegend() {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => {
      const div = L.DomUtil.create("div", "map-legend");
      div.setAttribute("aria-label", "Map legend");
      const rows = Object.entries(PLOVER_COLORS).map(([type, color]) =>
        `<li><span class="swatch" style="background:${color}"></span>${type}</li>`).join("");
      div.innerHTML = `<details><summary>Legend</summary><ul>${rows}</ul>
        <p>Marker size grows with the number killed; numbered circles are clusters.</p></details>`;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(this.map);
  }

  /** Replaces the markers with `events` (those with coordinates); returns how many were placed. */
  setEvents(events, fit = true) {
    this.clusters.clearLayers();
    this.markers.clear();
    const layers = [];
    for (const ev of events) {
      if (ev.lat === null || ev.lat === undefined || ev.lon === null || ev.lon === undefined) continue;
      const size = markerSize(ev.dead);
      const icon = L.divIcon({
        className: "ew-marker",
        html: `<span data-event-id="${escapeHtml(ev.event_id)}" style="background:${typeColor(ev.type)};width:${size}px;height:${size}px"></span>`,
        iconSize: [size, size],
      });
      const label = eventLabel(ev);
      const marker = L.marker([ev.lat, ev.lon], {
        icon, title: label, alt: label, keyboard: true, eventType: ev.type,
      });
      marker.eventId = ev.event_id;
      marker.bindTooltip(escapeHtml(label));
      marker.on("click keypress", () => this.onSelect(ev.event_id));
      layers.push(marker);
      this.markers.set(ev.event_id, marker);
    }
    this.clusters.addLayers(layers);
    if (fit && layers.length) {
      this.map.fitBounds(this.clusters.getBounds(), { padding: [30, 30], maxZoom: 6 });
    }
    return layers.length;
  }

  /**
   * Pans to a chosen event without changing the zoom (zooming into a cluster of events at one
   * place would run to the street level); opens its tooltip where it is a single marker.
   */
  reveal(eventId) {
    const marker = this.markers.get(eventId);
    if (!marker) return;
    this.map.panTo(marker.getLatLng());
    if (this.clusters.getVisibleParent(marker) === marker) marker.openTooltip();
  }
}
