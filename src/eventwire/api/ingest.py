"""``POST /api/articles``: code one article and store it, as ``eventwire run`` does.

The body is read up to the size limit (413 beyond, before anything is parsed), turned into an
Article by the ingest readers (a JSON object like a JSONL record, or HTML through trafilatura),
checked by the near-duplicate gate (a near-copy of a stored article is linked to it, not coded),
run through ``batch.process`` on the app's one pipeline in a worker thread, and saved by the
app's one store on the event loop's thread: the same steps, in the same order, as
``eventwire run``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from ..errors import InputError
from ..model import Article, Document
from .app import error_responses, require_token
from .models import ArticleIn, IngestOut

router = APIRouter(prefix="/api")

ORIGIN = "POST /api/articles"
_MEDIA = {"application/json": "json", "text/html": "html", "application/xhtml+xml": "html"}
_TAG = re.compile(rb"<\s*[a-zA-Z!]")


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise HTTPException(
            413,
            f"request body is {int(declared):,} bytes; the limit is {limit:,} "
            "(split the article or raise the server's --max-body)",
        )
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise HTTPException(
                413,
                f"request body is over the limit of {limit:,} bytes "
                "(split the article or raise the server's --max-body)",
            )
    return bytes(data)


def _article(
    data: bytes, media: str, published: dt.date | None, url: str | None, options: Any
) -> Article:
    """The Article of a request body via the ingest readers; InputError (422) when it is not one."""
    from ..ingest import finish_article, read_bytes
    from ..ingest.records import record_to_article

    if not data.strip():
        raise HTTPException(
            422,
            "the request body is empty: send the article as JSON "
            '{"text": "..."} or as an HTML page',
        )
    if _MEDIA[media] == "json":
        try:
            record = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise HTTPException(422, "the JSON body is not UTF-8: encode it as UTF-8") from None
        except json.JSONDecodeError as exc:
            raise HTTPException(
                422,
                f"the body is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            ) from None
        if not isinstance(record, dict):
            raise HTTPException(
                422,
                f"the JSON body is a {type(record).__name__}, not an object: "
                'post one article as {"text": "...", "title": "...", ...}',
            )
        unknown = sorted(set(record) - set(ArticleIn.model_fields))
        if unknown:
            raise HTTPException(
                422,
                f"unknown field {unknown[0]!r} in the article; the fields are "
                + ", ".join(ArticleIn.model_fields),
            )
        article = record_to_article(record, ORIGIN, options)
        return finish_article(article, published, options)
    if not _TAG.search(data[:65536]):
        raise HTTPException(
            422,
            "the body is not HTML (no tag in it): send an HTML page, or the "
            'article as JSON {"text": "..."} with Content-Type application/json',
        )
    items = list(
        read_bytes(
            data, name=ORIGIN, input_format=_MEDIA[media], published=published, options=options
        )
    )
    item = items[0]
    if isinstance(item, InputError):
        raise item
    if url and not item.url:
        import dataclasses

        item = dataclasses.replace(item, url=url)
    return item


def _near_duplicate_gate(state: Any) -> Any:
    """The app's near-duplicate gate, opened at the first POST; None when [cluster] turns it off.

    The same gate ``eventwire run``, ``batch`` and ``watch`` use (``cluster.NearDuplicateGate``):
    a near-copy of a stored article is linked to it instead of being coded. It knows the articles
    stored when it opened and those posted since; POSTs go through it one at a time.
    """
    if not hasattr(state, "gate"):
        options = state.api.config.cluster
        if options.near_duplicates:
            from ..cluster import NearDuplicateGate

            state.gate = NearDuplicateGate.open(state.store, options)
        else:
            state.gate = None
    return state.gate


def _run_pipeline(request: Request, article: Article) -> Document:
    """Load the pipeline once, then code one article with ``batch.process`` (as ``run`` does)."""
    from ..batch import Failure, process

    state = request.app.state
    if not state.pipeline_open:
        state.pipeline.open()
        state.pipeline_open = True
    (result,) = list(process([article], state.pipeline, batch_size=1))
    if isinstance(result, Failure):
        raise HTTPException(422, f"[{result.code}] the article could not be coded: {result.reason}")
    return result


@router.post(
    "/articles",
    status_code=201,
    response_model=IngestOut,
    dependencies=[Depends(require_token)],
    summary="Code one article and store its events",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": ArticleIn.model_json_schema()},
                "text/html": {
                    "schema": {
                        "type": "string",
                        "description": "An HTML page (read by trafilatura).",
                    }
                },
            },
        }
    },
    responses={
        200: {
            "model": IngestOut,
            "description": "Already stored by this pipeline version (unchanged), or a near-copy "
            "of a stored article, linked to it and not coded (linked).",
        },
        **error_responses(401, 403, 413, 415, 422, 503),
    },
)
async def post_article(
    request: Request,
    published: Annotated[
        dt.date | None,
        Query(description="Publication date for an article that carries none (YYYY-MM-DD)."),
    ] = None,
    url: Annotated[str | None, Query(description="The page's URL, for an HTML body.")] = None,
) -> Any:
    """Process one article (JSON `{text, id?, title?, url?, source?, published?}` or an HTML
    page) through the same pipeline and store as `eventwire run`. Needs
    `Authorization: Bearer <token>`. 201 when stored or re-coded, 200 when it was already stored
    by this pipeline version, or when it is a near-copy of a stored article (outcome "linked",
    naming the original in `original_id`; it is not coded)."""
    from ..ingest import article_hash
    from ..record import to_record

    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media not in _MEDIA:
        raise HTTPException(
            415,
            f"content type {media or '(none)'!r} is not accepted: send "
            "application/json or text/html",
        )
    api = request.app.state.api
    data = await _read_body(request, api.max_body_bytes)
    article = _article(data, media, published, url, api.config.ingest)
    state = request.app.state
    store = state.store
    version = state.pipeline.version
    key = article_hash(article)
    # As `eventwire run` does: no work for content this pipeline version has already stored.
    if store.seen(key, version):
        known = store.article_by_hash(key)
        if known is not None:
            return JSONResponse(
                {"article_id": known.id, "outcome": "unchanged", "events": known.events},
                status_code=200,
            )
    # One POST at a time from the gate's check to the save: the gate never holds an admitted
    # article of another request, so no copy waits on an original that may yet fail.
    async with state.pipeline_slot:
        gate = _near_duplicate_gate(state)
        copy = gate.check(article) if gate is not None else None
        if copy is not None:
            return JSONResponse(
                {"article_id": copy.article_id, "outcome": "linked", "events": 0,
                 "original_id": copy.original_id, "jaccard": copy.jaccard},
                status_code=200,
            )
        try:
            doc = await anyio.to_thread.run_sync(_run_pipeline, request, article)
            record = to_record(doc, version)
            outcome = store.save(record, doc.text, article_hash(doc.article), version)
        except BaseException:
            if gate is not None:  # not stored: forget its signature (a retry is admitted again)
                gate.failed(article.id or key[:16])
            raise
        if gate is not None:
            gate.saved(article)
    status = 200 if outcome == "unchanged" else 201
    return JSONResponse(
        {
            "article_id": record["article"]["id"],
            "outcome": outcome,
            "events": len(record.get("events") or []),
        },
        status_code=status,
    )
