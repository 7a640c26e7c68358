"""eventwire: news articles in, a database of coded political and conflict events out."""

from .config import Settings, load_settings
from .errors import EventwireError
from .model import (
    Actor,
    Article,
    Casualties,
    Claim,
    DateRef,
    Document,
    Event,
    EventPlace,
    Mention,
    Participant,
    Place,
    Provenance,
    Sentence,
    Span,
)
from .pipeline import Pipeline, Stage
from .registry import load_pipeline
from .store import open_store
from .store.protocol import Store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Casualties",
    "Claim",
    "DateRef",
    "Document",
    "Event",
    "EventPlace",
    "EventwireError",
    "Mention",
    "Participant",
    "Pipeline",
    "Place",
    "Provenance",
    "Sentence",
    "Settings",
    "Span",
    "Stage",
    "Store",
    "__version__",
    "load_pipeline",
    "load_settings",
    "open_store",
]
