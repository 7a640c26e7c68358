// The timeline: a histogram of event counts over time from /api/aggregates?by=day, binned by
// day, week, month or year to suit the span, with a brush that sets the date filter.
import { max } from "d3-array";
import { axisBottom, axisLeft } from "d3-axis";
import { brushX } from "d3-brush";
import { scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { utcDay, utcMonth, utcWeek, utcYear } from "d3-time";
import { utcFormat } from "d3-time-format";

const isoDay = utcFormat("%Y-%m-%d");
const parseDay = (s) => new Date(`${s}T00:00:00Z`);

/** The coarsest interval that still gives at most ~120 bars over [first, last]. */
export function chooseInterval(first, last) {
  const days = (last - first) / 864e5;
  if (days <= 120) return { interval: utcDay, name: "day" };
  if (days <= 120 * 7) return { interval: utcWeek, name: "week" };
  if (days <= 120 * 30) return { interval: utcMonth, name: "month" };
  return { interval: utcYear, name: "year" };
}

/** Day buckets [{key: "YYYY-MM-DD", count}] -> bars [{start, end, count}] for one interval. */
export function binBuckets(buckets, interval) {
  const bins = new Map();
  for (const { key, count } of buckets) {
    const start = interval.floor(parseDay(key));
    const k = start.getTime();
    const bin = bins.get(k) || { start, end: interval.offset(start, 1), count: 0 };
    bin.count += count;
    bins.set(k, bin);
  }
  return [...bins.values()].sort((a, b) => a.start - b.start);
}

export class Timeline {
  /** `onBrush(since, until)` gets ISO days, or nulls when the brush is cleared. */
  constructor(svgElement, onBrush) {
    this.svg = select(svgElement);
    this.onBrush = onBrush;
    this.bars = [];
    this.x = null;
    this.silent = false;
  }

  setBuckets(buckets) {
    const days = buckets.filter((b) => /^\d{4}-\d{2}-\d{2}$/.test(b.key))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.svg.selectAll("*").remove();
    const { width, height } = this.svg.node().getBoundingClientRect();
    const margin = { top: 8, right: 12, bottom: 22, left: 34 };
    if (!days.length) {
      this.svg.append("text").attr("x", margin.left).attr("y", height / 2)
        .attr("class", "empty").text("No dated events match the filters.");
      this.x = null;
      return;
    }
    const first = parseDay(days[0].key);
    const last = parseDay(days[days.length - 1].key);
    const { interval, name } = chooseInterval(first, last);
    this.bars = binBuckets(days, interval);
    this.interval = interval;
    this.intervalName = name;
    const x = scaleUtc()
      .domain([this.bars[0].start, this.bars[this.bars.length - 1].end])
      .range([margin.left, width - margin.right]);
    const y = scaleLinear().domain([0, max(this.bars, (d) => d.count)]).nice()
      .range([height - margin.bottom, margin.top]);
    this.x = x;
    this.svg.append("g").attr("class", "bars").selectAll("rect").data(this.bars).join("rect")
      .attr("x", (d) => x(d.start) + 0.5)
      .attr("width", (d) => Math.max(1, x(d.end) - x(d.start) - 1))
      .attr("y", (d) => y(d.count))
      .attr("height", (d) => y(0) - y(d.count))
      .append("title").text((d) => `${name} of ${isoDay(d.start)}: ${d.count} event(s)`);
    this.svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))));
    this.svg.append("g").attr("transform", `translate(${margin.left},0)`)
      .call(axisLeft(y).ticks(3).tickFormat((v) => (Number.isInteger(v) ? v : "")));
    this.brush = brushX()
      .extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
      .on("end", (event) => this.brushed(event));
    this.brushGroup = this.svg.append("g").attr("class", "brush").call(this.brush);
  }

  brushed(event) {
    if (this.silent || !event.sourceEvent) return; // programmatic moves don't re-filter
    if (!event.selection) {
      this.onBrush(null, null);
      return;
    }
    // Snap to whole bars so the filter matches what the bars count.
    const [x0, x1] = event.selection.map(this.x.invert);
    const interval = this.interval;
    const start = interval.round(x0);
    let end = interval.round(x1);
    if (end <= start) end = interval.offset(start, 1);
    this.silent = true;
    this.brushGroup.call(this.brush.move, [this.x(start), this.x(end)]);
    this.silent = false;
    this.onBrush(isoDay(start), isoDay(utcDay.offset(end, -1)));
  }

  /** Shows a date range set elsewhere (the date inputs) without firing `onBrush`. */
  show(since, until) {
    if (!this.x || !this.brushGroup) return;
    this.silent = true;
    if (since || until) {
      const [d0, d1] = this.x.domain();
      const a = since ? parseDay(since) : d0;
      const b = until ? utcDay.offset(parseDay(until), 1) : d1;
      const clamp = (d) => Math.min(Math.max(this.x(d), this.x(d0)), this.x(d1));
      if (clamp(b) > clamp(a)) this.brushGroup.call(this.brush.move, [clamp(a), clamp(b)]);
      else this.brushGroup.call(this.brush.move, null);
    } else {
      this.brushGroup.call(this.brush.move, null);
    }
    this.silent = false;
  }
}
