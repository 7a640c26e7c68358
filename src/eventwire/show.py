"""Render a stored article with each event, actor, place, date and claim marked on its evidence.

Plain text marks spans with brackets so the output reads in any terminal or file:
``[trigger]``, ``{actor}``, ``<recipient>``, ``@place@``, ``^date^``; with colour on a TTY.
"""

from __future__ import annotations

from typing import Any

_MARKS = {
    "trigger": ("[", "]", "\x1b[1;31m"),
    "actor": ("{", "}", "\x1b[1;34m"),
    "recipient": ("<", ">", "\x1b[1;35m"),
    "place": ("@", "@", "\x1b[1;32m"),
    "date": ("^", "^", "\x1b[1;33m"),
}
_RESET = "\x1b[0m"


def mark(text: str, base: int, spans: list[tuple[int, int, str]], color: bool) -> str:
    """Wrap each (start, end, kind) span of ``text`` (which starts at offset ``base``) in its marks."""
    inserts: list[tuple[int, int, str]] = []  # (offset, order, string): closers sort before openers
    for start, end, kind in spans:
        if start is None or end is None or start < base or end > base + len(text) or end <= start:
            continue
        opener, closer, ansi = _MARKS[kind]
        if color:
            opener, closer = ansi + opener, closer + _RESET
        inserts.append((start - base, 1, opener))
        inserts.append((end - base, 0, closer))
    out = []
    last = 0
    for offset, _, s in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(text[last:offset])
        out.append(s)
        last = offset
    out.append(text[last:])
    return "".join(out)


def _fmt_entities(ents: list[dict[str, Any]]) -> str:
    items = []
    for e in ents:
        code = "/".join(x for x in (e.get("code"), e.get("sector")) if x)
        items.append(e["entity_text"] + (f" [{code}]" if code else ""))
    return ", ".join(items) or "-"


def render(text: str, record: dict[str, Any], color: bool = False) -> str:
    art = record["article"]
    lines = [
        f"Article {art['id']}: {art.get('title') or '(no title)'}",
        f"published {art.get('published') or 'unknown'}"
        + (f" ({art['published_source']})" if art.get("published_source") else "")
        + (f", {art['source']}" if art.get("source") else "")
        + (f", {art['url']}" if art.get("url") else ""),
        "",
        "marks: [trigger] {actor} <recipient> @place@ ^date^",
        "",
    ]
    for ev in record["events"]:
        info = ev["text_info"]
        base, end = info["start"], info["end"]
        spans: list[tuple[int, int, str]] = [(ev["trigger"]["start"], ev["trigger"]["end"], "trigger")]
        spans += [(a["start"], a["end"], "actor") for a in ev["actor"]]
        spans += [(r["start"], r["end"], "recipient") for r in ev["recipient"]]
        loc = ev.get("location") or {}
        if loc.get("start") is not None:
            spans.append((loc["start"], loc["end"], "place"))
        date = ev.get("date") or {}
        if date.get("start") is not None:
            spans.append((date["start"], date["end"], "date"))
        mode = f":{','.join(ev['mode'])}" if ev.get("mode") else ""
        size = ", ".join(f"{k} {v}" for k, v in (ev.get("size") or {}).items() if v is not None)
        where = loc.get("resolved_place") or loc.get("extracted_place")
        lines.append(f"{ev['id']}  {ev['event_type']}{mode}  ({', '.join(ev['status'])}; "
                     f"confidence {ev['confidence']})")
        lines.append(f"  who:   {_fmt_entities(ev['actor'])} -> {_fmt_entities(ev['recipient'])}")
        lines.append(f"  when:  {date.get('value') or 'unknown'} ({date.get('precision') or '?'}"
                     + (", from publication date" if date.get("source") == "publication" else "") + ")")
        if where:
            coords = f" {loc['lat']:.4f},{loc['lon']:.4f}" if loc.get("lat") is not None else ""
            lines.append(f"  where: {where} [{loc.get('country_code') or '?'}]{coords} "
                         f"precision {loc.get('precision')}" + (f", {loc['relation']}" if loc.get("relation") else ""))
        if size:
            lines.append(f"  size:  {size}")
        if ev.get("claims"):
            lines.append(f"  claims: {', '.join(ev['claims'])}")
        if ev.get("context"):
            cues = [c for c in record.get("contexts") or [] if c.get("sentence") == info.get("sentence")]

            def said(ctx: str) -> str:  # the words that say it, as evidence
                words = dict.fromkeys(f"\u201c{c['text']}\u201d" for c in cues if c["context"] == ctx)
                return f"{ctx} ({', '.join(words)})" if words else ctx

            lines.append(f"  about: {'; '.join(said(c) for c in ev['context'])}")
        lines.append("  " + mark(text[base:end], base, spans, color).replace("\n", " "))
        lines.append("")
    for cl in record["claims"]:
        spk = cl.get("speaker")
        kind = cl["kind"] + (" of responsibility" if cl.get("responsibility") else "")
        lines.append(f"{cl['id']}  claim:{kind}  by {spk['entity_text'] if spk else 'unknown'}"
                     + (f", cited from {cl['cited_source']}" if cl.get("cited_source") else "")
                     + (f"; about {', '.join(cl['events'])}" if cl.get("events") else ""))
        lines.append(f"  \u201c{cl['content']['text']}\u201d")
        lines.append("")
    lines.append("--- text ---")
    lines.append(text)
    return "\n".join(lines)
