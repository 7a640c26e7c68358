"""The SQLite store: WAL, foreign keys, a busy timeout, one transaction per article.

Crash safety comes from SQLite's journal: each ``save`` runs inside ``BEGIN IMMEDIATE`` ...
``COMMIT``, so a process killed mid-run leaves every article either fully stored or absent, and
a rerun (which skips what ``seen`` reports) completes the rest without duplicates.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreCorruptError, StoreError, StoreLockedError
from .base import SQLStore


def _classify(exc: sqlite3.Error, path: str) -> StoreError:
    """Map a driver error to our tree: locked, corrupt, or a plain store error."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreLockedError(
            f"database {path} is locked by another process ({msg})",
            hint="wait for the other eventwire run or program using it to finish, then retry",
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low or "disk image" in low:
        return StoreCorruptError(
            f"{path} is not an eventwire database or is corrupt ({msg})",
            hint=f"restore {path} from a backup, or delete it (and its -wal/-shm files) "
                 "and rerun `eventwire run` to rebuild it",
        )
    return StoreError(f"database {path}: {msg}", hint="check the path and its permissions")


class SQLiteStore(SQLStore):
    """A ``Store`` in one SQLite file. Cheap to construct; ``open()`` connects and migrates."""

    def __init__(self, path: str | Path, *, create: bool = True, busy_timeout: float = 5.0) -> None:
        self.path = str(path)
        self.create = create
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def open(self) -> SQLiteStore:
        """Connect, set WAL/foreign keys/busy timeout, check and migrate the schema."""
        if self._conn is not None:
            return self
        memory = self.path == ":memory:"
        target, uri = self.path, False
        if not memory:
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(f"{self.path} is a directory, not a database file",
                                 hint="pass a file path such as ./eventwire.db")
            if not p.exists():
                if not self.create:
                    raise StoreError(f"no database at {self.path}",
                                     hint="create it with `eventwire run INPUT --db PATH`")
                p.parent.mkdir(parents=True, exist_ok=True)
            else:
                # mode=rw: never create a file as a side effect of a read command.
                target, uri = f"file:{quote(str(p.resolve()))}?mode=rw", True
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per article.
            conn = sqlite3.connect(target, timeout=self.busy_timeout, isolation_level=None, uri=uri)
        except sqlite3.Error as exc:
            raise _classify(exc, self.path) from exc
        self._conn = conn
        try:
            with self._errors():
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
                # Reading the catalogue is what fails first on a file that is not a database.
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                if not memory:
                    conn.execute("PRAGMA journal_mode = WAL").fetchone()
                    # NORMAL under WAL: a killed process never corrupts; a power cut may lose
                    # the last commits, which a rerun redoes.
                    conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
        except BaseException:
            self.close()
            raise
        return self

    # --- backend hooks -------------------------------------------------------------------------

    def _classify(self, exc: Exception) -> StoreError:
        return _classify(exc, self.path)

    def _driver_errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error,)

    def _begin(self) -> None:
        # BEGIN IMMEDIATE takes the write lock up front (no lock-upgrade deadlock between writers).
        self._exec("BEGIN IMMEDIATE")

    def _in_transaction(self) -> bool:
        return bool(self.conn.in_transaction)

    def _tables(self) -> set[str]:
        rows = self._exec("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {r[0] for r in rows if not r[0].startswith("sqlite_")}

    # --- SQLite only ---------------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """SQLite's own consistency check plus foreign keys; an empty list means healthy."""
        with self._errors():
            problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"foreign key: {tuple(r)}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        return problems

