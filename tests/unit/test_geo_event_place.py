"""Which toponym is an event's place: the geo stage's chooser on real parses (default pipeline).

Each sentence names more than one place, and only one of them (or none) is where the event
happened; the others are origins, destinations, the seat of a government in a relative clause,
or the speaker. The default pipeline runs with the packaged model and gazetteer.
"""

from __future__ import annotations

import pytest

from eventwire.model import Article, Event, Span


@pytest.fixture(scope="module")
def pipeline(default_pipeline):
    return default_pipeline


def geo_stage(pipeline):
    return next(s for s in pipeline.stages if s.name == "geo")


def place_of(pipeline, text: str, trigger: str):
    """The place the chooser gives an (untyped) event at ``trigger``, and the processed doc."""
    doc = pipeline.run(Article(text=text, id="t"))
    at = text.index(trigger)
    span = Span(at, at + len(trigger))
    ev = next((e for e in doc.events if e.trigger.overlaps(span)), None)
    if ev is None:
        ev = Event("probe", "", span, doc.sentence_of(at).index)
    return geo_stage(pipeline).place_for(doc, ev), doc


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # a place inside the actor's own phrase is where the actors were, and so the event
        ("Militants in Gaza fired rockets overnight.", "fired", "Gaza"),
        # the government "in Kinshasa" belongs to a relative clause, not to the capture
        (("Rebels captured two towns in North Kivu from a militia that is allied with the "
         "government in Kinshasa."), "captured", "North Kivu"),
        # origins and destinations are not where it happened
        ("Police arrested the smugglers in Quetta after they drove from Kandahar.", "arrested", "Quetta"),
        ("Gunmen killed three soldiers in Kenya on Saturday.", "killed", "Kenya"),
        # what the trigger acted on, and a place reached "along" or "through"
        ("Troops patrolled Mosul on Saturday.", "patrolled", "Mosul"),
        ("Mosul was patrolled by troops from Baghdad.", "patrolled", "Mosul"),
        ("Gunmen ambushed a convoy along the Lebanese border near Naqoura.", "ambushed", "Naqoura"),
        # a pair of verbs shares a place, unless the trigger has its own
        ("Police shot and killed two robbers in the town of Eldoret.", "shot", "Eldoret"),
        ("The fugitive was arrested in Kenya and flown to a prison in Nairobi.", "arrested", "Kenya"),
        # "on" a road or a vehicle is where (unlike "sanctions on X")
        ("Bandits ambushed a truck on the Garissa Road at night.", "ambushed", "Garissa Road"),
        ("A passenger was shot on a Kaduna bus.", "shot", "Kaduna"),
        # a movement's destination is where it took its actors
        ("Khamis traveled to Tehran at the head of a delegation.", "traveled", "Tehran"),
        ("Thousands of protesters marched to the White House on Sunday.", "marched", "White House"),
        ("The aircraft were redeployed to Ubon, Thailand, in January.", "redeployed", "Ubon"),
    ],
)
def test_the_place_where_it_happened(pipeline, text, trigger, where):
    place, _ = place_of(pipeline, text, trigger)
    assert place is not None and place.text == where


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # "from Jordan": the origin of the thing captured, not the place of the capture
        ("The army captured the hill from Jordan in a short war.", "captured"),
        # a country that only speaks ("Russia said") does not locate what it reports
        ("Russia said unknown gunmen killed three soldiers.", "killed"),
        ("Troops seized weapons smuggled from Syria.", "seized"),
        # where a captive was sent afterwards is not where the capture was
        ("Police captured the suspect and sent him to Nairobi.", "captured"),
    ],
)
def test_no_place_from_the_text(pipeline, text, trigger):
    place, doc = place_of(pipeline, text, trigger)
    assert place is None, place
    # in the output the event still gets the article's country, at precision 3 and with no span
    ev = next((e for e in doc.events if text[e.trigger.start:e.trigger.end] == trigger), None)
    if ev is not None and ev.place is not None:
        chosen = doc.place(ev.place.place_id)
        assert ev.place.precision == 3 and chosen.span == Span(0, 0)


def test_a_statement_is_placed_where_the_text_says_it_was_made(pipeline):
    text = ("The minister threatened Iran. \u201cWe will strike them wherever they are,\u201d he said "
            "during a visit to Ukraine.")
    doc = pipeline.run(Article(text=text, id="t"))
    threats = [e for e in doc.events if e.type == "THREATEN"]
    assert threats, [(e.type, text[e.trigger.start:e.trigger.end]) for e in doc.events]
    placed = [doc.place(e.place.place_id) for e in threats if e.place is not None]
    assert any(p.text == "Ukraine" for p in placed)
    # without a place of speaking, a threat gets no place from the text
    text = "The minister threatened to strike Iran."
    doc = pipeline.run(Article(text=text, id="t"))
    for e in doc.events:
        if e.type == "THREATEN" and e.place is not None:
            assert doc.place(e.place.place_id).span == Span(0, 0)


@pytest.mark.parametrize(
    ("text", "recipient", "code"),
    [
        ("Serb forces shelled Gorazde on Friday.", "Gorazde", "BIH"),
        ("Israeli troops raided Jericho overnight.", "Jericho", "PSE"),
    ],
)
def test_a_town_that_is_the_recipient_is_its_people(default_pipeline, text, recipient, code):
    from eventwire.model import Article

    doc = default_pipeline.run(Article(text=text, id="t"))
    (ev,) = doc.events
    (r,) = ev.recipients
    actor = doc.actor(r.actor_id)
    assert r.text == recipient and actor is not None
    assert (actor.code, actor.sector, actor.kind) == (code, "CVL", "place")
    assert actor.provenance.stage == "geo" and actor.provenance.rule == "place-recipient"


def test_a_named_recipient_keeps_its_actor(default_pipeline):
    from eventwire.model import Article

    doc = default_pipeline.run(Article(text="Israel accused Iran of arming Hezbollah.", id="t"))
    codes = {doc.actor(r.actor_id).code for e in doc.events for r in e.recipients if r.actor_id}
    assert "IRN" in codes
    assert all(a.kind != "place" for a in doc.actors)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Seven people were killed in an attack on Buwa village in Ibi local government area.",
         "Buwa"),
        ("Israel launched airstrikes on Gaza City overnight.", "Gaza City"),
    ],
)
def test_an_attack_on_a_place_happened_there(default_pipeline, text, place):
    from eventwire.model import Article

    doc = default_pipeline.run(Article(text=text, id="t"))
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    chosen = next(p for p in doc.places if p.id == ev.place.place_id)
    assert chosen.text == place


def test_sanctions_on_a_country_are_not_placed_there(default_pipeline):
    from eventwire.model import Article

    doc = default_pipeline.run(Article(text="The US imposed sanctions on Libya on Monday.", id="t"))
    for ev in doc.events:
        if ev.place is not None:
            chosen = next(p for p in doc.places if p.id == ev.place.place_id)
            assert chosen.text != "Libya"


def test_a_peoples_name_before_a_place_noun_is_no_place(default_pipeline):
    from eventwire.model import Article

    text = "Three people were shot dead in the Sunni neighborhood of Azamiyah in Baghdad."
    doc = default_pipeline.run(Article(text=text, id="t"))
    assert "Sunni" not in [p.text for p in doc.places]
    assert "Azamiyah" in [p.text for p in doc.places]


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # the smaller place the text puts inside the larger one the parse hangs off the trigger
        ("Rebels captured the village of Tal Hamis in eastern Hasakah on Sunday.", "captured",
         "Tal Hamis"),
        ("Gunmen killed two shopkeepers in Karachi's Lyari district on Friday.", "killed", "Lyari"),
        ("Two policemen were shot dead in Yala's Raman district.", "shot", "Raman"),
        ("Protesters marched through a Lagos suburb, Ikeja, on Saturday.", "marched", "Ikeja"),
        ("Gunmen opened fire in the Shia neighbourhood of Kadhimiya in northern Baghdad.", "opened",
         "Kadhimiya"),
        # a town named beside the place it is measured from
        ("A bomb exploded in Tal Afar, about 60 km west of Mosul, killing four people.", "exploded",
         "Tal Afar"),
        ("Police captured three suspects in Hebron, about 30 km south of Jerusalem.", "captured",
         "Hebron"),
        # a direction from a city only points to the town the text then names
        ("North of Baghdad, a bomb killed three people in the town of Taji.", "killed", "Taji"),
        ("Gunmen killed four soldiers north of Baghdad in Samarra.", "killed", "Samarra"),
        # the villages shelled, not the province the sentence opens with
        ("In Homs province, rebels shelled the villages of Tall Dahab and Kafr Laha.", "shelled",
         "Tall Dahab"),
        # the larger named first, then "<unit> of" the smaller
        ("Police captured 50 migrants in the central Mexico state of Hidalgo on Tuesday.",
         "captured", "Hidalgo"),
        ("A sergeant was shot dead in Baghdad's mainly Shiite neighborhood of Kamaliya.", "shot",
         "Kamaliya"),
    ],
)
def test_the_most_specific_place_the_text_gives(pipeline, text, trigger, where):
    place, _ = place_of(pipeline, text, trigger)
    assert place is not None and place.text == where, place


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # the trigger's own phrase before a place in its subject's description
        ("Militants in Peshawar attacked a checkpoint in Bannu on Monday.", "attacked", "Bannu"),
        # where a force is based is not where it patrols
        ("A naval force based in Djibouti patrolled the Gulf of Aden.", "patrolled",
         "Gulf of Aden"),
        # a clause under the trigger has a place of its own
        ("The army launched an offensive in Idlib province on Monday, targeting the town of "
         "Saraqeb.", "launched", "Idlib"),
        ("The army launched an offensive in Idlib province on Monday, targeting the town of "
         "Saraqeb.", "targeting", "Saraqeb"),
    ],
)
def test_a_place_of_another_phrase_gives_way(pipeline, text, trigger, where):
    place, _ = place_of(pipeline, text, trigger)
    assert place is not None and place.text == where, place


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        # a town before a home, whatever the small NER model tags it
        ("Two men were shot dead at their Kandahar home on Tuesday.", "shot", "Kandahar"),
        # a capital the NER tags ORG, as a verb's object, even before a day's name
        ("Riot police patrolled Lusaka Sunday.", "patrolled", "Lusaka"),
        ("Soldiers patrolled Nairobi after the riots.", "patrolled", "Nairobi"),
        # a name whose last word is a capitalised place noun
        ("Rebels shelled the Al-Midan District on Tuesday.", "shelled", "Al-Midan District"),
        # ... even when the NER tags the whole phrase, article and all, as an organisation
        ("Militants stormed the Zarqa Power Plant overnight.", "stormed", "Zarqa Power Plant"),
        # what a battle was fought for is where it was
        ("Dozens of fighters died in the battle for Sirte last year.", "died", "Sirte"),
        # a town the NER calls a work of art, as what an assault is on
        ("Rebels launched an assault on Galkayo at dawn.", "assault", "Galkayo"),
        # a town compounded with a day's name by the parse, whatever the day's role
        ("Hundreds marched in central Lusaka Friday against the new tax.", "marched", "Lusaka"),
        # a town naming a site ("office"), not an actor
        ("Two guards were shot dead on Monday inside their downtown Kampala office.", "shot",
         "Kampala"),
        # a big city the NER calls a work of art, as a possessor in what was hit
        ("Several buildings collapsed after the opposition forces targeted Aleppo’s densely "
         "populated residential areas.", "targeted", "Aleppo"),
        # ... or a person, as an apposition (the NER's PERSON is this very name, no one else)
        ("The army continued their advance in Syria’s largest city, Aleppo.\n", "advance",
         "Aleppo"),
        # a work of art the NER runs on past the town ("Aleppo for the ninth consecutive day")
        ("The Assad regime and Russian warplanes continue to launch brutal attacks on Aleppo for "
         "the ninth consecutive day, hitting the city with all types of bombs.", "attacks", "Aleppo"),
        # a capital the NER calls a person, naming where a thing is
        ("He was shot in the heart as he stepped out of a central Kiev courthouse Tuesday evening.",
         "shot", "Kiev"),
        # a town a verb of taking ground has as its object, by a spelling of its GeoNames name
        ("ISIS routed rebel groups last month to seize control of Azaz, a strategic city near the "
         "Turkish border.", "seize", "Azaz"),
        ("Russian troops captured Grozny in early February after weeks of air strikes.", "captured",
         "Grozny"),
        # "the outskirts of X", "inside of X", "the capital city X"
        ("The army targeted the rebel defenses at the western outskirts of Ma’an.", "targeted",
         "Ma’an"),
        ("Two soldiers were killed in clashes inside of Darayya on Monday.", "killed", "Darayya"),
        ("A suicide bomber blew himself up outside the capital city Lashkar Gah of Helmand on "
         "Tuesday.", "blew", "Lashkar Gah"),
    ],
)
def test_places_the_ner_misses(pipeline, text, trigger, where):
    place, _ = place_of(pipeline, text, trigger)
    assert place is not None and place.text == where, place


def test_a_site_is_not_narrower_than_its_district(default_pipeline):
    """"the Jumhuriya Bridge in Karrada district": the district, not the bridge, is the place a
    larger choice narrows to; and a faith's name before a place noun stays no place."""
    from eventwire.stages.geo import _narrowest

    text = ("A car bomb exploded in Baghdad on Monday near the Jumhuriya Bridge in Karrada "
            "district, killing six Shia pilgrims.")
    doc = default_pipeline.run(Article(text=text, id="t"))
    by_text = {p.text: p for p in doc.places}
    assert {"Baghdad", "Karrada", "Jumhuriya Bridge"} <= set(by_text)
    chosen = _narrowest(doc, by_text["Karrada"], list(doc.places))
    assert chosen.text == "Karrada"
    assert all("Shia" not in p.text for p in doc.places)
