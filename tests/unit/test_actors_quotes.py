"""Actors inside quotes ("... are the Syrian troops, and we will punish them") and the sector of an
organization whose name ends in an agent phrase ("... news agency")."""

from __future__ import annotations

import pytest

from eventwire.model import Span
from eventwire.stages.actors import ActorsStage, actor_for_span

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stage(actors_stage) -> ActorsStage:
    return actors_stage


@pytest.fixture
def at(stage, parse):
    def _at(text: str, sub: str, nth: int = 0):
        doc = stage(parse(text))
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        return actor_for_span(doc, Span(start, start + len(sub)))

    return _at


QUOTE = "“The culprits are the Syrian troops, and we will punish them for every attack,” he said."


def test_quoted_them_is_the_plural_group_before_it_in_the_quote(at):
    troops = at(QUOTE, "Syrian troops")
    assert troops is not None and troops.code == "SYR"
    assert at(QUOTE, "them") == troops


def test_quoted_we_stays_the_speakers(at):
    assert at(QUOTE, "we") is None  # the claims stage gives "we" its speaker


def test_quoted_them_with_no_group_before_it_in_the_quote_stays_open(at):
    text = "The Syrian troops shelled the town. “We will act against them,” the commander said."
    assert at(text, "them") is None


def test_name_ending_in_an_agent_phrase_takes_its_sector(at):
    text = "The Associated Press news agency reported that the attack killed two soldiers."
    assert at(text, "Associated Press news agency").sector == "MED"


def test_quoted_them_is_not_the_subject_of_its_own_clause(at):
    text = "“Even the soldiers helped them across the border,” the villager said."
    assert at(text, "them") is None


def test_quoted_them_is_a_country_subject_before_it_when_no_group_is(at):
    text = "“Russia has crossed every line, and we will respond to them firmly,” the minister said."
    russia = at(text, "Russia")
    assert russia is not None and russia.code == "RUS"
    assert at(text, "them") == russia


def test_quoted_them_prefers_the_plural_group(at):
    text = "“Russia sent the militants, and we will respond to them firmly,” the minister said."
    militants = at(text, "militants")
    assert militants is not None and at(text, "them") == militants
