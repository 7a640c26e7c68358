"""The per-parse attribute table (stages/token_strings.py) says what spaCy's Token objects say."""

from __future__ import annotations

from eventwire.stages.token_strings import entities, parse_text, span_text, token_strings

TEXT = (
    "Militias accused the US-led coalition of striking depots near Balad Air Base on Wednesday. "
    "\u201cWe will respond,\u201d said Abu Ali al-Askari, a spokesman for Kataib Hezbollah.\n\n"
    "ANKARA - Turkish troops didn't cross the border, officials said. Iraq's PMF (Hashd) denied it."
)


def test_every_column_matches_the_tokens(parse):
    spdoc = parse(TEXT).parse
    ts = token_strings(spdoc)
    assert len(ts.lemmas) == len(spdoc) > 40
    for t in spdoc:
        i = t.i
        assert (ts.lemmas[i], ts.lowers[i], ts.texts[i], ts.idx[i]) == (
            t.lemma_.lower(), t.lower_, t.text, t.idx)
        assert (ts.pos[i], ts.pos_[i], ts.deps[i], ts.ents[i]) == (t.pos, t.pos_, t.dep_, t.ent_type_)
        assert (ts.heads[i], ts.children(i)) == (t.head.i, [c.i for c in t.children])
        assert (ts.alpha[i], ts.stop[i], ts.punct[i], ts.starts[i]) == (
            t.is_alpha, t.is_stop, t.is_punct, bool(t.is_sent_start))
    # the roots are their own heads, and every sentence starts a sentence
    assert all(ts.heads[s.root.i] == s.root.i and ts.starts[s.start] for s in spdoc.sents)


def test_kept_per_parse_and_texts_cut_from_the_article(parse):
    doc = parse(TEXT)
    spdoc = doc.parse
    assert token_strings(spdoc) is token_strings(spdoc)
    assert entities(spdoc) == tuple(spdoc.ents) and entities(spdoc) is entities(spdoc)
    assert parse_text(spdoc) == spdoc.text == doc.text
    assert [span_text(s) for s in spdoc.sents] == [s.text for s in spdoc.sents]


def test_an_empty_parse(nlp_stage):
    spdoc = nlp_stage._nlp("")
    ts = token_strings(spdoc)
    assert ts.lemmas == ts.texts == ts.heads == [] and entities(spdoc) == ()
    assert parse_text(spdoc) == ""
