"""eventwire's HTTP API: a FastAPI app over the store (``eventwire serve``).

    from eventwire.api import ApiSettings, create_app
    app = create_app(ApiSettings(db="eventwire.db", token="s3cret"))

Routes (all under ``/api/``, documented at ``/openapi.json``): health, events (filters, cursor
pagination, sorting, CSV/GeoJSON by content negotiation), one event with its evidence,
articles, actors, claims, aggregates, and the token-protected ``POST /api/articles``. ``/``
serves the dashboard from ``eventwire/web/static``.
"""

from __future__ import annotations

from .app import TOKEN_ENV, ApiSettings, create_app, default_static_dir, env_token

__all__ = ["TOKEN_ENV", "ApiSettings", "create_app", "default_static_dir", "env_token"]
