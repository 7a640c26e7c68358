"""A main-clause "It" after a sentence led by a government leader is that country's government;
"a group-run depot" names the group named before."""

from __future__ import annotations

import pytest

from eventwire.model import Span
from eventwire.stages.actors import ActorsStage, actor_for_span

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stage(actors_stage) -> ActorsStage:
    return actors_stage


@pytest.fixture
def it_of(stage, parse):
    def _it(text: str):
        doc = stage(parse(text))
        start = text.index("It ")
        return actor_for_span(doc, Span(start, start + 2))

    return _it


NAMED = "The Kenyan government said on Monday that the border would stay open. "
LEADER = "Kenyan President Uhuru Kenyatta ordered all refugee camps to be closed by June. "
AFTER = "It also suspended all flights to Somalia."


def test_it_after_a_leader_is_the_government_named_before(it_of):
    actor = it_of(NAMED + LEADER + AFTER)
    assert actor is not None and (actor.code, actor.sector) == ("KEN", "GOV")
    assert "government" in actor.name.lower()


def test_it_without_a_government_named_before_stays_open(it_of):
    assert it_of(LEADER + AFTER) is None


def test_it_after_someone_else_stays_open(it_of):
    text = NAMED + "The farmer Joseph Mwangi ordered all his cattle to be sold by June. " + AFTER
    assert it_of(text) is None


def test_group_run_names_the_group_named_before(stage, parse):
    text = (
        "Hezbollah said its fighters were on alert. "
        "A blast on Friday destroyed a group-run clinic in southern Lebanon."
    )
    doc = stage(parse(text))
    group = text.index("group-run")
    actor = actor_for_span(doc, Span(group, group + 5))
    assert actor is not None and actor == actor_for_span(doc, Span(0, 9))


def test_group_alone_without_the_is_no_description(stage, parse):
    text = "Hezbollah said its fighters were on alert. A group of villagers fled the town."
    doc = stage(parse(text))
    group = text.index("group of")
    assert actor_for_span(doc, Span(group, group + 5)) != actor_for_span(doc, Span(0, 9))
