"""The event store: one output-contract record per article, normalised for queries.

    with open_store("eventwire.db") as store:
        outcome = store.save(to_record(doc, version), doc.text, article_hash(doc.article), version)
        rows = store.events(EventFilter(country="IRQ", type="ASSAULT", since="2019-08-01"))

SQL lives only in this package; readers get frozen rows (``protocol.py``), never cursors.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .protocol import (
    AGGREGATES,
    SORTS,
    ActorRow,
    ArticleDetail,
    ArticleRow,
    ClaimFilter,
    ClaimRow,
    EventFilter,
    EventPage,
    EventRow,
    FailureRow,
    RunRow,
    SaveOutcome,
    Store,
)
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore

__all__ = [
    "AGGREGATES",
    "SCHEMA_VERSION",
    "SORTS",
    "ActorRow",
    "ArticleDetail",
    "ArticleRow",
    "ClaimFilter",
    "ClaimRow",
    "EventFilter",
    "EventPage",
    "EventRow",
    "FailureRow",
    "RunRow",
    "SQLiteStore",
    "SaveOutcome",
    "Store",
    "open_store",
]


def open_store(db: str | Path, *, create: bool = True, busy_timeout: float = 5.0) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at ``db``; use it as a context manager.

    ``create=False`` refuses to create a missing file (read commands). Raises StoreLockedError,
    StoreCorruptError, SchemaVersionError or StoreError with a message that says what to do.
    """
    text = str(db)
    if text.startswith(("postgres://", "postgresql://")):
        raise StoreError(f"PostgreSQL stores are not supported yet ({text.split('@')[-1]})",
                         hint="use an SQLite file path for --db")
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    return SQLiteStore(text, create=create, busy_timeout=busy_timeout).open()
