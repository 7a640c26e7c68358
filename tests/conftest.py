"""Shared fixtures: the real spaCy model (loaded once), hand-made documents, ../shared/data, and a
fresh PostgreSQL schema as a --db URL (``pg_url``)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import fresh_schema, pg_url_for_schema

from eventwire.model import Article, Document

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The gold sets in ../shared/data; tests that need them skip with a reason when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"gold data not found at {SHARED_DATA} (set EVENTWIRE_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema on the test server, dropped with its contents afterwards;
    skips, saying why, when psycopg is missing or the server is unreachable (tests/pg_server.py)."""
    with fresh_schema() as name:
        yield name


@pytest.fixture
def pg_url(pg_schema: str) -> str:
    """A ``--db`` URL for a fresh PostgreSQL schema (see ``pg_schema``)."""
    return pg_url_for_schema(pg_schema)


@pytest.fixture(scope="session")
def nlp_stage():
    """The real NLP stage with the packaged spaCy model, opened once per test session."""
    from eventwire.stages.nlp import NlpStage

    stage = NlpStage()
    stage.open()
    return stage


@pytest.fixture(scope="session")
def parse(nlp_stage):
    """``parse(text, published=None) -> Document`` with sentences, mentions and the spaCy parse."""

    def _parse(text: str, published: str | dt.date | None = None, **article_fields) -> Document:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        return nlp_stage(Document(article=Article(text=text, published=published, **article_fields)))

    return _parse


@pytest.fixture(scope="session")
def actors_stage():
    """The actors stage with the packaged dictionary, opened once per test session."""
    from eventwire.stages.actors import ActorsStage

    stage = ActorsStage()
    stage.open()
    return stage


@pytest.fixture(scope="session")
def rule_events(parse, actors_stage):
    """``rule_events(text) -> Document`` through nlp, actors and the events stage's rules alone."""
    from eventwire.config import EventsOptions
    from eventwire.stages.events import EventsStage

    events = EventsStage(EventsOptions(model="none"))
    events.open()
    return lambda text: events(actors_stage(parse(text)))


@pytest.fixture(scope="session")
def default_pipeline():
    """The default pipeline (packaged model, gazetteer and event model), opened once per session."""
    from eventwire.registry import load_pipeline

    pipeline = load_pipeline()
    pipeline.open()
    yield pipeline
    pipeline.close()


def make_article(text: str, published: str | None = None, **fields) -> Article:
    return Article(
        text=text,
        published=dt.date.fromisoformat(published) if published else None,
        **fields,
    )
