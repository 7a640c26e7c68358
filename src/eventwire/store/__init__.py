"""The event store: one output-contract record per article, normalised for queries.

    with open_store("eventwire.db") as store:
        outcome = store.save(to_record(doc, version), doc.text, article_hash(doc.article), version)
        rows = store.events(EventFilter(country="IRQ", type="ASSAULT", since="2019-08-01"))
        page = store.page_events(EventFilter(text="police"), limit=50, sort="-dead")

``open_store`` takes a file path (SQLite, the default), ``sqlite:///PATH`` or
``postgresql://USER@HOST:PORT/DB`` (PostgreSQL via psycopg 3; ``pip install 'eventwire[postgres]'``).
Both backends run the same migrations (``schema.py``) and queries (``queries.py``) through one
base (``base.py``). SQL lives only in this package; readers get frozen rows (``protocol.py``),
never cursors. A store object holds one connection: share it between threads only behind a lock,
or open one per thread/process (PostgreSQL takes any number of concurrent writer processes).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreURLError
from . import protocol
from .postgres import SCHEMES, PostgresStore, redact
from .protocol import *  # noqa: F403 - the package's API is the protocol and its rows
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore

__all__ = [*protocol.__all__, "SCHEMA_VERSION", "PostgresStore", "SQLiteStore", "open_store"]


def open_store(db: str | Path, *, create: bool = True,
               busy_timeout: float = 5.0) -> SQLiteStore | PostgresStore:
    """Open (creating and migrating if needed) the store at ``db``; use it as a context manager.

    ``db`` is a file path, ``sqlite:///PATH`` or ``postgresql://USER@HOST[:PORT]/DB``.
    ``create=False`` refuses to create a missing store (read commands). Raises StoreURLError,
    StoreConnectionError, StoreLockedError, StoreCorruptError, SchemaVersionError, NotAStoreError
    or StoreError, each with a message that says what to do.
    """
    text = str(db)
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme in SCHEMES:
        return PostgresStore(text, create=create, busy_timeout=busy_timeout).open()
    if scheme == "sqlite" and text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    elif scheme:
        raise StoreURLError(f"unsupported database URL {redact(text)}",
                            hint="pass a file path, sqlite:///PATH or postgresql://USER@HOST/DB")
    return SQLiteStore(text, create=create, busy_timeout=busy_timeout).open()
