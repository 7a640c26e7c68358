"""The ``eventwire`` command: a thin Click layer over ingest, the pipeline, the store and the exports.

Data goes to stdout, progress and errors to stderr. Errors print as ``error[EWnnn]: message``
and exit with status 2 (bad input or usage) or 1 (anything else eventwire refused).

The group and shared pieces are in ``common``; the commands in ``process``, ``query`` and
``tools`` are added to the group when this package is imported.
"""

from __future__ import annotations

from ..errors import EventwireError
from . import process, query, tools  # noqa: F401  (their commands join the group)
from .common import _fail, cli

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli(standalone_mode=True)
    except EventwireError as exc:  # pragma: no cover - commands catch their own
        _fail(exc)
