"""The dashboard shipped in the package: present, self-contained, built from the current sources."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
STATIC = Path(str(resources.files("eventwire").joinpath("web/static")))


def _sources_hash() -> str:
    """The hash frontend/build.mjs writes: sha256 over "path\\0content\\0", sorted by path."""
    files = ["build.mjs", "package-lock.json"]
    files += [p.relative_to(FRONTEND).as_posix()
              for p in (FRONTEND / "src").rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0")
        digest.update((FRONTEND / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_package_ships_the_built_dashboard():
    info = json.loads((STATIC / "build.json").read_text())
    assert info["files"] == ["THIRD-PARTY-LICENSES.txt", "app.css", "app.js", "countries-50m.json",
                             "index.html"]
    for name in info["files"]:
        assert (STATIC / name).stat().st_size > 0, name
    html = (STATIC / "index.html").read_text()
    assert 'src="static/app.js"' in html
    assert 'href="static/app.css"' in html


def test_dashboard_needs_no_external_network():
    """No script, style, font or image is loaded from another host (the page works offline)."""
    html = (STATIC / "index.html").read_text()
    css = (STATIC / "app.css").read_text()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css)
    assert "@import" not in css


def test_bundled_licences_ship_with_the_dashboard():
    text = (STATIC / "THIRD-PARTY-LICENSES.txt").read_text()
    for name in ("leaflet 1.9.4 (BSD-2-Clause)", "leaflet.markercluster 1.5.3 (MIT)",
                 "topojson-client 3.1.0 (ISC)", "world-atlas 2.0.2 (ISC)", "d3-brush"):
        assert name in text


def test_basemap_is_natural_earth_topojson():
    topo = json.loads((STATIC / "countries-50m.json").read_text())
    assert topo["type"] == "Topology"
    countries = topo["objects"]["countries"]["geometries"]
    assert len(countries) > 200
    assert {"Iraq", "Kenya", "Brazil"} <= {c["properties"]["name"] for c in countries}


def test_built_assets_match_the_frontend_sources():
    """Editing frontend/ and not running `npm --prefix frontend run build` leaves stale assets."""
    if not (FRONTEND / "package-lock.json").is_file():
        pytest.skip(f"no frontend sources at {FRONTEND} (an installed package, not a checkout)")
    info = json.loads((STATIC / "build.json").read_text())
    assert info["sources_sha256"] == _sources_hash(), (
        "src/eventwire/web/static/ is older than frontend/: run `npm --prefix frontend ci` once, "
        "then `npm --prefix frontend run build`, and commit the result")
