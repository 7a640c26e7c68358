"""Turn command-line inputs (files, directories, globs, '-') into an ordered stream of sources.

Directories are walked recursively in sorted order, skipping hidden files and folders; a glob's
matches are sorted; a missing path or a glob that matches nothing is an InputError in its place.
The format of a source comes from its extension (``.gz`` is looked through) or, failing that,
from sniffing its first bytes.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError

#: Formats a reader exists for ("json", an array of records, comes from extension or sniffing).
FORMATS = ("text", "html", "jsonl", "csv", "json")

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".json": "json",
}
_GLOB_MAGIC = re.compile(r"[*?\[]")
_HTML_START = re.compile(
    rb"<(?:!doctype|html|head|body|meta|title|div|p|article|section|h[1-6]|!--)\b", re.I
)


@dataclass(frozen=True)
class Source:
    """One input to read: a file on disk, or the bytes read from stdin."""

    name: str  # how messages name it: the path as the user gave it, or "<stdin>"
    path: Path | None = None
    data: bytes | None = None

    @property
    def compressed(self) -> bool:
        return self.path is not None and self.path.suffix.lower() == ".gz"

    def open(self) -> IO[bytes]:
        """A binary stream of the (decompressed) contents."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        if self.compressed:
            return gzip.open(self.path, "rb")  # type: ignore[return-value]
        return open(self.path, "rb")

    def read(self, limit: int | None = None) -> bytes:
        """Up to ``limit`` bytes (all when None) of the contents."""
        if self.data is not None:
            return self.data if limit is None else self.data[:limit]
        with self.open() as f:
            return f.read() if limit is None else f.read(limit)

    def size_on_disk(self) -> int | None:
        """The file's size in bytes when it is known without reading (plain files only)."""
        if self.data is not None:
            return len(self.data)
        if self.path is not None and not self.compressed:
            return self.path.stat().st_size
        return None


def format_from_name(name: str) -> str | None:
    """The format implied by a file name's extension (looking through .gz), or None."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = Path(path.stem).suffix.lower()
    return _EXTENSIONS.get(suffix)


def sniff_format(head: bytes) -> str:
    """Guess a format from a file's first bytes: jsonl, json, html, csv, else text."""
    s = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if s.startswith(b"<"):
        return "html"
    lines = [line.strip() for line in s.splitlines() if line.strip()]
    if lines and all(line.startswith(b"{") for line in lines):
        # One pretty-printed object starts with "{" alone on its line; JSON lines do not.
        return "jsonl" if len(lines[0]) > 1 else "json"
    if s.startswith(b"[") or s.startswith(b"{"):
        return "json"
    if lines and _is_csv_header(lines[0]):
        return "csv"
    if _HTML_START.search(s[:1024]):
        return "html"
    return "text"


def _is_csv_header(line: bytes) -> bool:
    # Only a header that names a 'text' column among plain identifiers counts: precise, and
    # exactly the CSV shape the reader accepts.
    try:
        cells = next(csv.reader([line.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return False
    # "Hello, text" is prose: real headers have no space after the comma.
    return (
        len(cells) > 1
        and "text" in (c.lower() for c in cells)
        and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]{0,40}", c) for c in cells)
    )


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: str) -> Iterator[Source]:
    """Every non-hidden file under ``root``, depth-first in sorted order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for filename in sorted(filenames):
            if not _is_hidden(filename):
                full = os.path.join(dirpath, filename)
                yield Source(name=full, path=Path(full))


def expand_inputs(inputs: Sequence[str], stdin: Any = None) -> Iterator[Source | InputError]:
    """Sources for each input in order; a missing path or an empty glob yields an InputError."""
    for given in inputs:
        if given == "-":
            yield Source(name="<stdin>", data=_read_stdin(stdin))
            continue
        path = os.path.expanduser(given)
        if os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield Source(name=given, path=Path(path))
        elif _GLOB_MAGIC.search(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield InputError(
                    "pattern matched no files",
                    origin=given,
                    hint="check the pattern; quote it so the shell does not expand it first",
                )
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                else:
                    yield Source(name=match, path=Path(match))
        else:
            yield InputError(
                "no such file or directory",
                origin=given,
                hint="check the path; use '-' to read from standard input",
            )


def _read_stdin(stdin: Any) -> bytes:
    if stdin is None:
        import sys

        stdin = sys.stdin
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return buffer.read()
    data = stdin.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def count_articles(inputs: Sequence[str], input_format: str = "auto") -> int | None:
    """A cheap estimate of how many articles ``inputs`` hold, for a progress bar's total and ETA.

    One per document file, one per non-blank line of a JSONL file, one per line after the header
    of a CSV file (an overestimate when fields span lines). None when stdin is among the inputs,
    since reading it to count would consume it.
    """
    if "-" in inputs:
        return None
    total = 0
    for source in expand_inputs(inputs):
        if isinstance(source, InputError) or source.path is None:
            total += 1
            continue
        fmt = input_format if input_format != "auto" else format_from_name(source.name)
        if fmt in ("jsonl", "csv") and not source.compressed:
            with source.path.open("rb") as fh:
                lines = sum(1 for line in fh if line.strip())
            total += max(lines - 1, 0) if fmt == "csv" else lines
        else:
            total += 1
    return total
