"""Output plumbing shared by the exporters: UTF-8, '-' for stdout, no half-written files."""

from __future__ import annotations

import io
import json
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError


@dataclass
class Tally:
    """What an export did: events read from the store and events written (the rest were left out)."""

    read: int = 0
    written: int = 0

    @property
    def left_out(self) -> int:
        return self.read - self.written


def json_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


@contextmanager
def open_output(out: str | Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A UTF-8 text (or ``binary``) stream for ``out`` ('-' = stdout). A file appears only when complete.

    Writing goes to a temporary file beside the target and is renamed over it at the end, so an
    interrupted export never leaves a truncated file that looks finished.
    """
    if str(out) == "-":
        stream = sys.stdout
        if binary:
            raw = getattr(stream, "buffer", None)
            if raw is None:
                raise ConfigError("this export is binary and stdout takes only text here",
                                  hint="write it to a file instead of '-'")
            stream.flush()
            yield raw
            raw.flush()
            return
        if (getattr(stream, "encoding", "utf-8") or "").lower().replace("-", "") != "utf8" and hasattr(stream, "buffer"):
            # A non-UTF-8 terminal locale must not turn Arabic or Cyrillic names into errors.
            wrapper = io.TextIOWrapper(stream.buffer, encoding="utf-8", newline="", write_through=True)
            try:
                yield wrapper
            finally:
                wrapper.flush()
                wrapper.detach()
        else:
            yield stream
            stream.flush()
        return
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its 0600 mode would survive the rename; "x" keeps the usual umask and
    # still refuses to reuse a name.
    tmp = target.parent / f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part"
    try:
        with (open(tmp, "xb") if binary else open(tmp, "x", encoding="utf-8", newline="")) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
