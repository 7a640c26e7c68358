"""Gazetteers: the lookup protocol, an in-memory fake, the SQLite reader, its builder and importer."""

from __future__ import annotations

from .base import SCHEMA_VERSION, FakeGazetteer, Gazetteer
from .build import build_gazetteer, default_gazetteer_path, ensure_gazetteer
from .geonames import import_geonames
from .normalize import normalize
from .records import Candidate, Country
from .sqlite import SqliteGazetteer

__all__ = [
    "SCHEMA_VERSION", "Candidate", "Country", "FakeGazetteer", "Gazetteer", "SqliteGazetteer",
    "build_gazetteer", "default_gazetteer_path", "ensure_gazetteer", "import_geonames", "normalize",
]
