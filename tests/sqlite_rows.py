"""Peek at an SQLite store another process is writing (the kill/resume tests poll it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def count_rows(db: Path, table: str = "articles") -> int:
    """Rows in ``table`` of the store at ``db``, read-only; 0 while the file or table is missing
    or the database is busy (never creates the file under the process being watched)."""
    if not Path(db).exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(f"select count(*) from {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0
