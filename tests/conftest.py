"""Shared fixtures: the real spaCy model (loaded once), hand-made documents, and ../shared/data."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from eventwire.model import Article, Document

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The gold sets in ../shared/data; tests that need them skip with a reason when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"gold data not found at {SHARED_DATA} (set EVENTWIRE_SHARED_DATA)")
    return SHARED_DATA


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


def make_article(text: str, published: str | None = None, **fields) -> Article:
    return Article(
        text=text,
        published=dt.date.fromisoformat(published) if published else None,
        **fields,
    )
