"""Scoring arithmetic: P/R/F1, macro-F1, span matching, BIO spans, haversine."""

from __future__ import annotations

import math

import pytest

from eventwire.evaluate.metrics import (
    Report,
    bio_spans,
    distance_summary,
    haversine_km,
    macro_f1,
    match_spans,
    per_label_counts,
    prf,
)


def test_prf_counts_and_empty():
    assert prf(3, 1, 2) == pytest.approx({"p": 0.75, "r": 0.6, "f1": 2 * 0.75 * 0.6 / 1.35})
    assert prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert prf(0, 0, 4)["r"] == 0.0


def test_macro_f1_known_answer_and_none_costs_recall():
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("C", None)]
    counts = per_label_counts(pairs)
    assert counts == {"A": [1, 0, 1], "B": [1, 1, 0], "C": [0, 0, 1]}
    # A: p1 r.5 f.667; B: p.5 r1 f.667; C: f0 -> mean 0.444
    assert macro_f1(pairs) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    # Labels with no support at all are left out of the mean, not counted as zero.
    assert macro_f1(pairs, ["A", "B", "C", "D"]) == pytest.approx((2 / 3 + 2 / 3) / 3)
    assert macro_f1([]) == 0.0


def test_exact_matching_is_one_to_one_with_duplicates():
    m = match_spans([(0, 5), (10, 15)], [(0, 5), (0, 5), (20, 25)], "exact")
    assert (m.tp, m.fp, m.fn) == (1, 2, 1)
    assert m.pairs == ((0, 0),)


def test_overlap_matching_prefers_exact_then_largest_overlap():
    gold = [(0, 10), (12, 20)]
    pred = [(5, 13), (12, 20), (0, 3)]
    m = match_spans(gold, pred, "overlap")
    assert m.pairs == ((0, 0), (1, 1))  # (12,20) exact; (0,10) gets (5,13): 5 chars > 3
    assert (m.tp, m.fp, m.fn) == (2, 1, 0)
    assert match_spans([(0, 3)], [(3, 6)], "overlap").tp == 0  # touching is not overlapping


def test_match_spans_empty_sides_and_bad_mode():
    assert match_spans([], [(0, 1)]).fp == 1
    assert match_spans([(0, 1)], []).fn == 1
    with pytest.raises(ValueError):
        match_spans([], [], "fuzzy")


def test_bio_spans_including_stray_inside_tags():
    tags = ["B-S", "I-S", "O", "I-T", "I-T", "B-T", "B-R", "I-S"]
    assert bio_spans(tags) == [("S", 0, 2), ("T", 3, 5), ("T", 5, 6), ("R", 6, 7), ("S", 7, 8)]
    assert bio_spans(["O", "O"]) == []


def test_haversine_known_distances():
    assert haversine_km(0, 0, 0, 0) == 0.0
    # One degree of longitude on the equator is 111.2 km.
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    # London - Paris is about 344 km.
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088, rel=1e-9)


def test_distance_summary():
    s = distance_summary([0.0, 100.0, 200.0, 1000.0])
    assert s == pytest.approx({"acc_161km": 0.5, "mean_km": 325.0, "median_km": 150.0})
    assert distance_summary([])["acc_161km"] == 0.0


def test_report_format_and_dict():
    r = Report("x", 3, {"f1": 0.5, "mean_km": 12.34}, {"n": 3}, ["a note"], runtime_s=1.0)
    text = r.format()
    assert "f1" in text and "50.0" in text and "12.3" in text and "a note" in text
    assert r.to_dict()["metrics"] == {"f1": 0.5, "mean_km": 12.34}
