"""The dashboard's JavaScript unit tests (span cutting, coded fields), run by Node's test runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def test_frontend_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (Node 18+ runs frontend/test with `node --test`)")
    if not (FRONTEND / "test").is_dir():
        pytest.skip(f"no frontend tests at {FRONTEND / 'test'} (an installed package, no checkout)")
    # The tests import only frontend/src/evidence.js, which has no dependencies: no npm install.
    result = subprocess.run([node, "--test", "test/"], cwd=FRONTEND, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout  # the runner found the tests
