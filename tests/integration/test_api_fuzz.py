"""Schema-based fuzzing of the OpenAPI document (schemathesis): for generated requests to every
operation, no 5xx, and every response conforms to the documented status codes, content types,
headers and schemas. Bounded examples per operation, so it runs in seconds."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from test_api import sample_store

from eventwire.api import ApiSettings, create_app

pytestmark = pytest.mark.integration

TOKEN = "fuzz-token"
# The app is made at import (schemathesis parametrizes from its OpenAPI document); its store, a
# copy of the sample store that POSTs may add to, is put in place by the fixture below before
# the first request starts the app. The fixture also makes the folder, so merely collecting this
# module leaves nothing behind.
_DIR = Path(tempfile.gettempdir()) / f"eventwire-fuzz-{os.getpid()}-{uuid.uuid4().hex[:8]}"
APP = create_app(ApiSettings(db=str(_DIR / "eventwire.db"), token=TOKEN, max_body_bytes=50_000))
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


@pytest.fixture(scope="module", autouse=True)
def fuzz_store(tmp_path_factory):
    _DIR.mkdir(parents=True)
    shutil.copy(sample_store(tmp_path_factory), _DIR / "eventwire.db")
    yield
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=12, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_schema(case):
    # POSTs carry the right token, so the fuzzer reaches the body checks and the pipeline.
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
    # Every default check (no 5xx; status codes, content types, headers and bodies as documented;
    # invalid input rejected; auth enforced) but "schema-valid input accepted": an opaque cursor
    # not issued by the server, or a text that is not English, is schema-valid and rightly a 422.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
