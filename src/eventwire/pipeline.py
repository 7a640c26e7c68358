"""The pipeline: an ordered list of stages, each ``Document -> Document``, checked when built.

A stage is any object with ``name``, ``version``, ``requires`` and ``produces`` and a
``__call__(doc) -> Document``. It may also have ``open()``/``close()`` (load models, open the
gazetteer) and ``pipe(docs) -> list[Document]`` for batched work (spaCy's ``nlp.pipe``).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from .errors import EventwireError, PipelineError, StageError
from .model import Article, Document


@runtime_checkable
class Stage(Protocol):
    name: str
    version: str
    requires: frozenset[str]
    produces: frozenset[str]

    def __call__(self, doc: Document) -> Document: ...


class Pipeline:
    """Runs documents through stages in order; the same object serves the CLI, API, batch and tests."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages: tuple[Stage, ...] = tuple(stages)
        available: set[str] = {"article"}
        for stage in self.stages:
            missing = set(stage.requires) - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage produces",
                    hint="add the stage that produces it before this one, or remove this stage",
                )
            available |= set(stage.produces)
        self._open = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    @property
    def version(self) -> str:
        """A short digest of every stage name and version: a new pipeline version re-codes."""
        joined = ";".join(f"{s.name}={s.version}" for s in self.stages)
        return hashlib.sha1(joined.encode()).hexdigest()[:12]

    def open(self) -> Pipeline:
        if not self._open:
            for stage in self.stages:
                opener = getattr(stage, "open", None)
                if opener is not None:
                    opener()
            self._open = True
        return self

    def close(self) -> None:
        for stage in reversed(self.stages):
            closer = getattr(stage, "close", None)
            if closer is not None:
                closer()
        self._open = False

    def __enter__(self) -> Pipeline:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, doc: Document | Article) -> Document:
        """Run one article or document through every stage."""
        return self.pipe_documents([_as_document(doc)])[0]

    def pipe_documents(self, docs: Sequence[Document]) -> list[Document]:
        """Run a batch through every stage; a stage with ``pipe`` gets the whole batch at once."""
        self.open()
        current = list(docs)
        for stage in self.stages:
            batch_fn = getattr(stage, "pipe", None)
            try:
                if batch_fn is not None:
                    current = list(batch_fn(current))
                else:
                    current = [stage(doc) for doc in current]
            except EventwireError:
                raise
            except Exception as exc:  # a bug in a stage: name the stage, keep the traceback
                raise StageError(
                    f"stage {stage.name!r} failed: {type(exc).__name__}: {exc}",
                    hint="this is a bug in eventwire; please report it with the input",
                ) from exc
            current = [
                dataclasses.replace(doc, produced=doc.produced | stage.produces) for doc in current
            ]
        return current

    def pipe(
        self, articles: Iterable[Article | Document], batch_size: int = 32
    ) -> Iterator[Document]:
        """Run many articles in batches, yielding documents in input order."""
        batch: list[Document] = []
        for item in articles:
            batch.append(_as_document(item))
            if len(batch) >= batch_size:
                yield from self.pipe_documents(batch)
                batch = []
        if batch:
            yield from self.pipe_documents(batch)


def _as_document(item: Article | Document) -> Document:
    return item if isinstance(item, Document) else Document(article=item)
