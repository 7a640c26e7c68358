"""The pipeline loop, build-time checks, batching and the public API, on hand-made stages."""

from __future__ import annotations

import dataclasses

import pytest

import eventwire
from eventwire.errors import PipelineError, StageError
from eventwire.model import Article, Document, Event, Span
from eventwire.pipeline import Pipeline


class Upper:
    name, version = "upper", "1"
    requires = frozenset({"article"})
    produces = frozenset({"sentences"})

    def __init__(self):
        self.calls = 0
        self.opened = False

    def open(self):
        self.opened = True

    def __call__(self, doc):
        self.calls += 1
        return doc


class Batched:
    name, version = "batched", "1"
    requires = frozenset({"sentences"})
    produces = frozenset({"events"})

    def __init__(self):
        self.batches = []

    def __call__(self, doc):  # pragma: no cover - pipe is preferred
        raise AssertionError("pipe should be used")

    def pipe(self, docs):
        self.batches.append(len(docs))
        return [dataclasses.replace(d, events=(Event("e1", "ASSAULT", Span(0, 1), 0),)) for d in docs]


class Boom:
    name, version = "boom", "1"
    requires = frozenset({"article"})
    produces = frozenset({"x"})

    def __call__(self, doc):
        if "bad" in doc.text:
            raise ValueError("cannot")
        return doc


def test_missing_requirement_fails_at_build_naming_the_stage():
    with pytest.raises(PipelineError, match="'batched' requires \\['sentences'\\]"):
        Pipeline([Batched()])


def test_run_marks_what_was_produced_and_opens_stages():
    first = Upper()
    pipe = Pipeline([first, Batched()])
    doc = pipe.run(Article(text="x"))
    assert first.opened
    assert doc.produced == {"sentences", "events"}
    assert doc.events[0].type == "ASSAULT"


def test_pipe_batches_and_keeps_order():
    batched = Batched()
    pipe = Pipeline([Upper(), batched])
    texts = [f"t{i}" for i in range(5)]
    out = list(pipe.pipe([Article(text=t) for t in texts], batch_size=2))
    assert [d.text for d in out] == texts
    assert batched.batches == [2, 2, 1]


def test_stage_bug_is_wrapped_with_stage_name():
    pipe = Pipeline([Boom()])
    with pytest.raises(StageError, match="stage 'boom' failed: ValueError"):
        pipe.run(Article(text="bad"))


def test_version_changes_with_stage_versions():
    a, b = Upper(), Upper()
    b.version = "2"
    assert Pipeline([a]).version != Pipeline([b]).version


def test_public_api_is_small_and_importable():
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name
    assert {"Pipeline", "Document", "Article", "load_pipeline", "Settings"} <= set(eventwire.__all__)


def test_document_helpers():
    doc = Document(article=Article(text="Hello world"))
    assert doc.span_text(Span(6, 11)) == "world"
    assert doc.actor(None) is None and doc.place("p1") is None
    with pytest.raises(ValueError):
        Span(3, 1)
