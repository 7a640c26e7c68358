"""Near-duplicate articles: the MinHash LSH index and the gate ``eventwire run`` asks first."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.cluster import NearDuplicateGate, NearDuplicateIndex
from eventwire.cluster.neardup import link_all
from eventwire.config import ClusterOptions
from eventwire.ingest import article_hash, near_duplicate_key
from eventwire.model import Article
from eventwire.store import open_store
from eventwire.store.clusters import ClusterStore

STORY = (
    "Police opened fire on a mob that set shops ablaze in the old city on Friday, killing two "
    "people and injuring eleven, officials said. The curfew imposed on Thursday night was extended "
    "to four more areas after fresh clashes near the railway station. Army columns staged a flag "
    "march through the affected neighbourhoods while the district collector appealed for calm and "
    "announced compensation for the families of the victims. Schools and markets remained closed, "
    "and the state transport corporation suspended its bus services on the highway."
)
# A syndicated copy: another title line and one word changed.
COPY = "By our correspondent. " + STORY.replace("eleven", "twelve")
OTHER = (
    "The state cabinet approved a new irrigation scheme for drought-hit districts on Monday, the "
    "minister said, adding that work on the canals would begin before the monsoon and that farmers "
    "would be consulted on the routes. Opposition leaders welcomed the plan but asked for a budget."
)


def art(text: str, aid: str, published: str = "2002-03-02") -> Article:
    return Article(
        text=text,
        id=aid,
        origin=aid,
        title=aid,
        source="Wire",
        published=dt.date.fromisoformat(published),
    )


def test_the_index_finds_a_copy_and_not_an_unrelated_story():
    index = NearDuplicateIndex(0.8)
    index.add("orig", near_duplicate_key(STORY))
    index.add("other", near_duplicate_key(OTHER))
    hit = index.best(near_duplicate_key(COPY))
    assert hit is not None and hit[0] == "orig" and hit[1] >= 0.8
    assert (
        index.best(near_duplicate_key("Completely different words about a football match.")) is None
    )


def test_the_threshold_decides_how_close_a_copy_must_be():
    edited = STORY.replace("Friday", "Saturday").replace("eleven", "nine").replace("four", "six")
    strict = NearDuplicateIndex(0.99)
    strict.add("orig", near_duplicate_key(STORY))
    assert strict.best(near_duplicate_key(edited)) is None
    loose = NearDuplicateIndex(0.5)
    loose.add("orig", near_duplicate_key(STORY))
    assert loose.best(near_duplicate_key(edited))[0] == "orig"
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(0.0)


def test_an_article_is_never_its_own_duplicate_and_ties_go_to_the_first_indexed():
    index = NearDuplicateIndex(0.8)
    index.add("first", near_duplicate_key(STORY))
    index.add("second", near_duplicate_key(STORY))
    assert index.best(near_duplicate_key(STORY), exclude="first") == ("second", 1.0)
    assert index.best(near_duplicate_key(STORY))[0] == "first"


def test_link_all_links_each_copy_to_the_earliest_original():
    keys = [
        ("a", near_duplicate_key(STORY)),
        ("b", near_duplicate_key(OTHER)),
        ("c", near_duplicate_key(COPY)),
    ]
    assert [(c, o) for c, o, _ in link_all(keys)] == [("c", "a")]


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "t.db") as s:
        yield s


def _save(store, article: Article) -> None:
    record = {
        "article": {
            "id": article.id,
            "title": article.title,
            "url": None,
            "source": "Wire",
            "published": article.published.isoformat(),
            "published_source": "field",
            "language": "en",
        },
        "events": [],
        "claims": [],
        "places": [],
        "timexes": [],
        "entities": [],
        "meta": {"record_version": "1", "pipeline_version": "p1"},
    }
    store.save(record, article.text, article_hash(article), "p1")


def test_the_gate_links_a_copy_of_a_stored_article_and_remembers_it(store):
    _save(store, art(STORY, "orig"))
    gate = NearDuplicateGate.open(store, ClusterOptions())  # signs the stored article itself
    assert ClusterStore(store).counts()["article_signatures"] == 1
    link = gate.check(art(COPY, "copy", "2002-03-03"))
    assert link is not None and link.original_id == "orig" and link.jaccard >= 0.8
    assert gate.check(art(OTHER, "other")) is None
    [stored] = ClusterStore(store).near_duplicates()
    assert (stored.article_id, stored.original_id, stored.published) == (
        "copy",
        "orig",
        "2002-03-03",
    )
    # A later run knows the copy by its hash without recomputing anything.
    again = NearDuplicateGate.open(store, ClusterOptions()).check(art(COPY, "copy", "2002-03-03"))
    assert again is not None and again.original_id == "orig"


def test_a_copy_of_an_article_admitted_in_the_same_run_waits_for_it_to_be_stored(store):
    gate = NearDuplicateGate.open(store, ClusterOptions())
    original = art(STORY, "orig")
    assert gate.check(original) is None  # admitted: it will be coded
    assert gate.check(art(COPY, "copy")) is not None
    assert ClusterStore(store).near_duplicates() == []  # not before the original is stored
    _save(store, original)
    gate.saved(original)
    assert [nd.original_id for nd in ClusterStore(store).near_duplicates()] == ["orig"]
    assert gate.finish() == []


def test_a_copy_whose_original_failed_is_handed_back_not_linked(store):
    gate = NearDuplicateGate.open(store, ClusterOptions())
    assert gate.check(art(STORY, "orig")) is None
    gate.check(art(COPY, "copy"))
    orphans = gate.failed("orig")
    assert [o.article_id for o in orphans] == ["copy"]
    assert ClusterStore(store).near_duplicates() == []
    # The failed original left the index: the copy is coded in its own right next time.
    assert gate.check(art(COPY, "copy")) is None
