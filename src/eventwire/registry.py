"""One explicit table of stage name -> factory. Importing this module loads nothing.

Each factory is ``"module:Class"``; the class is imported only when a pipeline is built, and is
called with its typed options object (from :mod:`eventwire.config`).
"""

from __future__ import annotations

import importlib
from typing import Any

from .config import Settings
from .errors import PipelineError
from .pipeline import Pipeline, Stage

STAGES: dict[str, tuple[str, str]] = {
    # name: (factory, settings section)
    "nlp": ("eventwire.stages.nlp:NlpStage", "nlp"),
    "actors": ("eventwire.stages.actors:ActorsStage", "actors"),
    "events": ("eventwire.stages.events:EventsStage", "events"),
    "claims": ("eventwire.stages.claims:ClaimsStage", "claims"),
    "dates": ("eventwire.stages.dates:DatesStage", "dates"),
    "casualties": ("eventwire.stages.casualties:CasualtiesStage", "casualties"),
    "contexts": ("eventwire.stages.contexts:ContextsStage", "contexts"),
    "geo": ("eventwire.stages.geo:GeoStage", "geo"),
}


def make_stage(name: str, settings: Settings) -> Stage:
    try:
        target, section = STAGES[name]
    except KeyError:
        raise PipelineError(
            f"unknown stage {name!r}", hint=f"known stages are {', '.join(STAGES)}"
        ) from None
    module_name, _, class_name = target.partition(":")
    factory: Any = getattr(importlib.import_module(module_name), class_name)
    return factory(getattr(settings, section))


def load_pipeline(settings: Settings | None = None) -> Pipeline:
    """Build (not open) the pipeline the settings name; fails early if it cannot work."""
    settings = settings or Settings()
    return Pipeline([make_stage(name, settings) for name in settings.stages])
