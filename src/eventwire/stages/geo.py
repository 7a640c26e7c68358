"""Geo stage: toponyms -> Places via a Gazetteer, then one place per event chosen by event type.

An attack happened where the target was hit, not where the speaker stood: the event's own
sentence is searched for a toponym attached to the trigger (in/at/near/into ...), then for other
toponyms that are not the event's actors ("Iraq blamed Israel"), then the previous sentence,
then the article's dominant country at precision 3.

When the place model is built (``eventwire train``; :mod:`eventwire.learn.places`), it reads the
same sentence with the rules' choice among its features and has the last word on which of the
sentence's toponyms, if any, is the event's place; an event whose place it changed says so in
``provenance.model`` (``place:model``, or ``place:none`` where it found none of them to be; such an
event falls back to the country of the place the rules took, at precision 3, rather than to the
article's dominant country).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..config import GeoOptions, cache_dir
from ..geo.base import Gazetteer
from ..geo.resolve import Resolution, Resolver, Toponym, decision_inputs
from ..geo.toponyms import LOCATIVE_PREPS, Found, offset_point, recognise
from ..model import Actor, Document, Event, EventPlace, Participant, Place, Provenance, Span
from .token_strings import token_strings

VERSION = "15"
#: provenance rules of the country places an event falls back to, which the text names nowhere:
#: the article's dominant country, and the country of a place the model set aside
DOMINANT_COUNTRY = "dominant-country"
SENTENCE_COUNTRY = "sentence-country"
FALLBACK_RULES = frozenset({DOMINANT_COUNTRY, SENTENCE_COUNTRY})
#: Event types whose place is where they were said, only when the text says where.
VERBAL_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "AGREE", "CONSULT", "SUPPORT",
                          "CONCEDE", "SANCTION"})
_COARSE_CLASSES = frozenset({"A", "L", "H", "T"})
_PLACE_NOUNS = frozenset({"region", "province", "district", "area", "town", "village", "city", "governorate",
                          "county", "sector", "neighborhood", "neighbourhood", "suburb", "border", "camp",
                          "base", "airport", "outskirts", "state", "valley", "mountain", "crossing", "port",
                          # sites: "his Moscow home", "a Tel Aviv nightclub" say where, "Iraqi forces" do not
                          "home", "house", "residence", "apartment", "flat", "hotel", "nightclub", "club", "bar",
                          "cafe", "restaurant", "market", "marketplace", "bazaar", "mall", "shop", "store",
                          "mosque", "church", "temple", "synagogue", "shrine", "cathedral", "hospital", "clinic",
                          "school", "campus", "university", "college", "stadium", "field", "street", "road",
                          "highway", "square", "bridge", "subway", "metro", "station", "terminal", "checkpoint",
                          "settlement", "compound", "building", "headquarters", "embassy", "consulate",
                          "prison", "jail", "refinery", "plant", "factory", "harbor", "harbour", "park",
                          "countryside", "suburbs", "quarter", "enclave", "farm", "courthouse", "capital",
                          "sky", "skies", "streets", "mansion", "mansions", "waters", "coast", "coastline",
                          "airspace", "shore", "island", "peninsula", "slum", "slums", "section", "roadblock",
                          "zone", "territory", "frontline", "outpost", "barracks", "ghetto", "precinct",
                          "township", "municipality", "commune", "prefecture", "oblast", "kibbutz", "gate",
                          "entrance", "airbase", "airfield", "downtown", "desert", "hills",
                          "office", "room", "hall", "theater", "theatre", "cinema", "bus", "train",
                          "battlefield", "palace", "museum", "warehouse", "depot", "garage", "motel",
                          "hostel", "guesthouse", "pub", "supermarket", "bakery", "pharmacy", "beach",
                          "resort", "pier", "dock", "tunnel", "branch", "stall", "complex",
                          "facility", "lot", "parking", "dormitory", "shelter", "courtyard",
                          # its people: "X residents protested"
                          "resident", "villager",
                          # land, waters and more sites: "Gulf waters", "the Yangtze River dikes",
                          # "Tikrit backstreets", "the Wadi Barada pocket", "his Montana cabin"
                          "water", "river", "lake", "canal", "dike", "dyke", "hill", "ridge", "range",
                          "forest", "dam", "junction", "backstreet",
                          "thoroughfare", "installation", "locality", "metropolis", "pocket",
                          "axis", "bastion", "landmark", "court", "lawn", "trail", "castle",
                          "center", "centre", "tower", "cabin", "colony"})


def calibration_for(model: Any, text: str) -> Callable[[Resolution], float] | None:
    """The resolution calibration of ``model`` (None without one) for a document's choices: the
    fold calibration that never saw the document when it is a training article, else the full."""
    if model is None:
        return None
    fold = model.fold_of(text)
    return lambda r: float(model.resolution_probability(decision_inputs(r), fold))


def _score(r: Resolution) -> float:
    """A place's score: the calibrated probability that it is right, else the resolver's score."""
    return r.probability if r.probability is not None else r.score


class GeoStage:
    name = "geo"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "mentions", "parse", "actors", "events"})
    produces: frozenset[str] = frozenset({"places", "event_places", "place_actors"})

    def __init__(self, options: GeoOptions | None = None, gazetteer: Gazetteer | None = None) -> None:
        from .event_model import model_version
        from .events import MODEL_FILE

        self.options = options or GeoOptions()
        self._gaz = gazetteer  # an injected gazetteer (tests) skips opening the SQLite file
        self._owned = False
        self._model_path = cache_dir() / MODEL_FILE
        model = model_version(self.options.model, self._model_path)
        self.version = f"{VERSION}+model-{model}" if model else VERSION
        self._model: Any = None
        self._calibration: Any = None  # the model file, when it holds a resolution calibration
        self._model_loaded = False

    def open(self) -> None:
        if self._gaz is None:
            from ..geo.build import ensure_gazetteer
            from ..geo.sqlite import SqliteGazetteer

            gaz = SqliteGazetteer(ensure_gazetteer(self.options))
            gaz.open()
            self._gaz, self._owned = gaz, True
        if not self._model_loaded:
            from .event_model import load_model

            model = load_model(self.options.model, self._model_path)
            # a file built before the place model existed keeps the rules alone
            self._model = model if model is not None and model.has_phrases("place") else None
            self._calibration = model if getattr(model, "resolution", None) is not None else None
            self._model_loaded = True

    def close(self) -> None:
        if self._owned and self._gaz is not None:
            self._gaz.close()
            self._gaz, self._owned = None, False

    def __call__(self, doc: Document) -> Document:
        self.open()
        assert self._gaz is not None
        found = recognise(doc, self._gaz)
        resolver = Resolver(self._gaz, self.options.min_score,
                            calibration=calibration_for(self._calibration, doc.text),
                            min_probability=self.options.min_probability)
        resolutions = resolver.resolve(doc.text, [Toponym(f.lookup, f.span.start, f.span.end) for f in found])
        prov = Provenance(self.name, self.version, rule="gazetteer")
        places = [self._place(f"pl{i}", f, r, prov) for i, (f, r) in enumerate(zip(found, resolutions, strict=True))]
        events, extra = self._locate_events(doc, places, prov)
        events, actors = peopled_places(events, places, doc.actors)
        return dataclasses.replace(
            doc, places=tuple(places + extra), events=tuple(events), actors=actors
        )

    # --- places ----------------------------------------------------------------------------------

    def _place(self, pid: str, f: Found, r: Resolution, prov: Provenance) -> Place:
        c = r.candidate
        if r.probability is not None and self._calibration is not None:
            prov = dataclasses.replace(prov, model=f"{self._calibration.name}:resolution")
        if c is None:
            return Place(pid, f.span, f.text, relation=f.relation, score=_score(r) or None,
                         provenance=dataclasses.replace(prov, rule="unresolved"))
        lat, lon = c.lat, c.lon
        relation = f.relation
        if f.distance_km is not None and f.bearing is not None:
            lat, lon = offset_point(c.lat, c.lon, f.distance_km, f.bearing)
        if relation:
            relation = f"{relation} {c.name}"
        if r.inherited:
            # Not in the gazetteer; the story's town is where it lies, which is all we know.
            relation = relation or f"in {c.name} (the story's town)"
        if r.inherited and c.feature_code != "PCLI":
            precision = 2
        elif r.country is not None or c.feature_code == "PCLI":
            precision = 3
        elif f.precision is not None:
            precision = f.precision
        else:
            precision = 3 if c.feature_class in _COARSE_CLASSES else 1
        return Place(
            pid, f.span, f.text,
            geonameid=c.geonameid if c.geonameid > 0 else None,
            name=c.name, lat=lat, lon=lon, country_code=c.country3,
            admin1=c.admin1_name or c.admin1, feature_class=c.feature_class,
            feature_code=c.feature_code, precision=precision, relation=relation, score=_score(r),
            provenance=dataclasses.replace(prov, rule=_reference_rule(f) or ("inherited-town" if r.inherited
                                                                           else f"{c.source}:{c.match}")),
        )

    # --- events ----------------------------------------------------------------------------------

    def _locate_events(self, doc: Document, places: list[Place], prov: Provenance) -> tuple[list[Event], list[Place]]:
        # "Russian troops" and "the US-led coalition" say whose troops, not where: such references
        # never locate an event.
        resolved = [p for p in places if p.lat is not None and p.provenance.rule not in _REFERENCES]
        extra: list[Place] = []
        fallback: Place | None = None
        countries: dict[str, Place | None] = {}  # the country places made for set-aside places
        events = []
        for ev in doc.events:
            chosen, tag, set_aside = self._event_place(doc, ev, resolved, places)
            if tag:
                model = f"{ev.provenance.model};{tag}" if ev.provenance.model else tag
                ev = dataclasses.replace(ev, provenance=dataclasses.replace(ev.provenance, model=model))
            coarse = None
            if chosen is None and set_aside is not None and set_aside.country_code:
                # The model found no toponym of the sentence to be where the event was, but the
                # place the rules took is in the sentence: its country, rather than the article's
                # dominant one ("killed ... in Afghanistan" in an article about CIA employees).
                iso3 = set_aside.country_code
                if iso3 not in countries:
                    countries[iso3] = self._country_place(
                        iso3, len(places) + len(extra), prov, SENTENCE_COUNTRY,
                        "country of a place the event's sentence names")
                    if countries[iso3] is not None:
                        extra.append(countries[iso3])
                coarse = chosen = countries[iso3]
            if chosen is None:
                if fallback is None:
                    fallback = self._dominant_country(doc, resolved, len(places) + len(extra), prov)
                    if fallback is not None and fallback not in resolved:
                        extra.append(fallback)
                coarse = chosen = fallback
            if chosen is not None:
                ev = dataclasses.replace(ev, place=EventPlace(chosen.id, 3 if chosen is coarse else chosen.precision or 1))
            events.append(ev)
        return events, extra

    def place_for(self, doc: Document, ev: Event) -> Place | None:
        """The place this stage would choose for ``ev`` in an already processed ``doc`` from its text.

        None when the text says nowhere (the article's dominant country is not asked for). The
        event-location scorer uses it to ask the linker about a gold trigger the coder did not find.
        """
        places = [p for p in doc.places if p.provenance.rule not in FALLBACK_RULES]
        resolved = [p for p in places if p.lat is not None and p.provenance.rule not in _REFERENCES]
        return self._event_place(doc, ev, resolved, places)[0]

    def _event_place(self, doc: Document, ev: Event, resolved: list[Place], places: list[Place]
                     ) -> tuple[Place | None, str | None, Place | None]:
        """The event's place (see :meth:`_rule_place`), with the place model's last word among the
        sentence's toponyms when it is built; the provenance tag when the model changed it; and
        the rules' place when the model set it aside for none."""
        chosen = self._rule_place(doc, ev, resolved, places)
        if self._model is None or ev.type in VERBAL_TYPES or doc.parse is None:
            # a statement's place is where the text says it was made (see _said_where), which
            # the annotators the model learnt from rarely mark; and the model reads the parse
            return chosen, None, None
        from ..learn.places import candidates, decide, features

        cands = candidates(doc, ev, places)
        if not cands:
            return chosen, None, None
        sentence = doc.sentences[ev.sentence] if 0 <= ev.sentence < len(doc.sentences) else None
        text = doc.text[sentence.span.start:sentence.span.end] if sentence is not None else doc.text
        feats = features(doc, ev, cands, chosen)
        probs = self._model.phrase_probs("place", feats, text)
        picked = decide(probs, feats, cands)
        if picked is None and chosen is not None and not any(c.id == chosen.id for c in cands):
            return chosen, None, None  # the rules' place from the previous sentence: not the model's to judge
        if picked is chosen or picked is not None and chosen is not None and picked.id == chosen.id:
            return chosen, None, None
        if picked is None:
            return None, "place:none", chosen
        return picked, "place:model", None

    def _rule_place(self, doc: Document, ev: Event, resolved: list[Place], places: list[Place]) -> Place | None:
        """The event's place from its own sentence, else the previous one; None when neither says.

        Candidates are the sentence's toponyms, resolved or not (a name the gazetteer lacks,
        "Hodan district", is still the most specific thing the text says), except references
        ("Iraqi", "US-led") and modifiers ("Iraqi forces"). In order: one hanging off the trigger
        through a locative preposition in the trigger's own phrase; for a non-verbal event, one
        inside its target ("stormed the village of Dalori", "Kismayo was captured"); one
        hanging off the trigger through its subject or a clause under it; then any other that is
        not an actor's. Within a tier the most specific wins: a town or site, then an unresolved
        name, then "near"/part-of, then a region, then a country; then the most specific name the
        text gives for it ("the village of Azaz in northern Aleppo": Azaz).
        """
        actors = [r.span for r in ev.actors]
        mine = [p for p in places if _sentence_index(doc, p.span) == ev.sentence and p.span.end > p.span.start
                and p.provenance.rule not in _REFERENCES and not _is_modifier(doc, p.span, ev.trigger)
                and (p.lat is not None or p.provenance.rule == "unresolved")
                # "Israel captured ...": who, not where; "militants in Gaza captured ...": where
                and (not any(p.span.overlaps(s) and not _located_within(doc, p.span, s) for s in actors)
                     or _modifies_trigger(doc, p.span, ev.trigger))
                # "captured from Jordan", "sanctions on Libya", "talks with Iran": not where it happened
                and not _not_where(doc, p, ev.trigger)]
        attached = [p for p in mine if _attached(doc, ev.trigger, p.span)]
        # The trigger's own phrase says where; a place in its subject's description ("Detainees
        # at Guantanamo were captured in Afghanistan") or in a clause under it ("launched an
        # offensive in Deraa Governorate, targeting the town of Ibta") only where neither the
        # trigger's phrase nor its target does.
        own = [p for p in attached if _own_phrase(doc, ev.trigger, p.span)]
        on_trigger = [p for p in attached if not _off_trigger(doc, ev.trigger, p.span)]
        # verbs in a pair share a place ("shot and killed two men in X") unless the trigger
        # has its own ("captured in Spain and transferred to The Hague")
        own = [p for p in own if p in on_trigger] or own
        # a place the trigger acted on is narrower than a region its phrase sets it in: "In Hama
        # province, militants shelled the villages of Mardes and Maharada"
        acted = [p for p in mine if p not in own and _acted_on(doc, ev.trigger, p.span)]
        if own and acted and (_specificity(_most_specific(acted))
                              < _specificity(_most_specific(own))):
            own = own + acted
        # (a place under a verb conjoined to the trigger is that verb's, one in the subject's
        # description says who: "X, charged by the court in The Hague, was captured in Spain and
        # transferred to the tribunal in The Hague" was in Spain)
        if own and (_most_specific(own).feature_code != "PCLI" or own == on_trigger):
            # (a country is all the trigger's phrase says: "shot across Iraq a man walking near
            # his home in the city of Mosul" was in Mosul)
            return _finest_named(doc, own, mine)
        if ev.type in VERBAL_TYPES:
            said = _said_where(doc, ev, mine)
            return _most_specific(said) if said else None
        # the target: inside a recipient ("stormed the village of X"), or the place itself is what
        # the trigger acted on ("captured Tikrit", "Kismayo was captured"); then a place in the
        # subject's description or in a clause under the trigger
        targets = [p for p in mine if any(_inside(p.span, r.span) for r in ev.recipients)
                   or _acted_on(doc, ev.trigger, p.span)]
        for tier in (targets, attached):
            if tier:
                return _finest_named(doc, tier, mine)
        # A country named elsewhere in the sentence ("Russia said", "the president of Syria") says
        # little about where this event was, unless something happened in it; otherwise the
        # article's dominant country (precision 3) stands in.
        free = [p for p in mine if not any(p.span.overlaps(r.span) for r in ev.recipients)
                and (p.feature_code != "PCLI" or _governing_prep(doc, p.span) in _INSIDE)]
        if free:
            return _finest_named(doc, free, mine)
        previous = [p for p in resolved if _sentence_index(doc, p.span) == ev.sentence - 1
                    and not _is_modifier(doc, p.span) and (p.precision or 3) < 3]
        return _finest(previous) if previous else None

    def _dominant_country(self, doc: Document, resolved: list[Place], n: int, prov: Provenance) -> Place | None:
        votes: Counter[str] = Counter()
        for p in resolved:
            if p.country_code:
                votes[p.country_code] += 1
        for actor in doc.actors:  # actors' countries count less than places
            if actor.code and len(actor.code) == 3 and actor.code.isalpha():
                votes[actor.code] += 0.25
        if not votes:
            return None
        return self._country_place(votes.most_common(1)[0][0], n, prov, DOMINANT_COUNTRY,
                                   "dominant country of the article")

    def _country_place(self, iso3: str, n: int, prov: Provenance, rule: str, relation: str
                       ) -> Place | None:
        # Always a place of its own, without a text span: pointing at a mention of the country
        # ("Eritrea captured ...") would claim the text says the event happened there.
        assert self._gaz is not None
        country = self._gaz.country(iso3)
        if country is None:
            return None
        return Place(f"pl{n}", Span(0, 0), "", geonameid=country.geonameid, name=country.name,
                     lat=country.lat, lon=country.lon, country_code=country.iso3, feature_class="A",
                     feature_code="PCLI", precision=3, relation=relation,
                     provenance=dataclasses.replace(prov, rule=rule))


def _sentence_index(doc: Document, span: Span) -> int | None:
    s = doc.sentence_of(span.start)
    return s.index if s is not None else None


def _finest(places: list[Place]) -> Place:
    # Named towns and sites before parts/near, before regions and countries; then text order.
    return min(places, key=lambda p: (p.precision or 3, p.span.start))


def _specificity(p: Place) -> float:
    if p.lat is None or p.provenance.rule == "inherited-town":
        # a name the gazetteer lacks is most often a village, district or site, whether or not
        # the story's town stands in for its point
        return 0.5
    if p.feature_code == "PCLI":
        return 4.0
    return float(p.precision or 3)


def _most_specific(places: list[Place]) -> Place:
    return min(places, key=lambda p: (_specificity(p), p.span.start))


def _finest_named(doc: Document, tier: list[Place], mine: list[Place]) -> Place:
    """The tier's most specific place, then the most specific name the text gives for it: a
    named part of it, a smaller place it contains, the town a direction only points from."""
    return _settled(doc, _narrowest(doc, _part_of(doc, _most_specific(tier), mine), mine), mine)


#: Words between a smaller place and the larger one it lies in, the smaller first: "Kafr Shams
#: town in Deraa countryside", "Cizre town of southeastern province of Sirnak", "Azaz in
#: northern Aleppo", "Buhriz in western the city of Baquba", "Hit ... in the Iraqi province
#: of Anbar", "Manbij (Menbij) in Aleppo province".
_PN = (r"(?:town|village|city|district|area|province|governorate|region|county|state|countryside|"
       r"neighbou?rhood|suburbs?|quarter|camp|refugee camp|township|municipality|locality|junction|"
       r"mountains?|valley|farms?|outskirts|capital|hospital|market|base|airport|crossing)")
_MOD = (r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?|"
        r"central|rural|greater|upper|lower|old|nearby|DEMONYM)")
_TO_LARGER = (r"(?:the\s+)?(?:" + _MOD + r"\s+)*(?:(?:the\s+)?(?-i:[a-z][\w-]*\s+){0,2}" + _PN
              + r"\s*,?\s*(?:of\s+)?(?:the\s+)?(?:" + _MOD + r"\s+)*)?$")
#: The rest of a list the smaller place opens: "Kafr Nasih and Tal Battal in eastern Al-Bab".
_LIST_REST = r"(?:\s*(?:,|,?\s+and)\s+(?-i:(?:al-|el-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}))*"
_SMALLER_IN = re.compile(r"^(?:\s*\([^()]{1,40}\))?" + _LIST_REST + r"(?:\s+" + _PN + r")*\s*,?\s*"
                         r"(?P<link>in|of|inside|within)\s+" + _TO_LARGER, re.IGNORECASE)
#: "Vatomandry, about 150 kilometers (90 miles) south of Toamasina", "Mahmudiya, also just south
#: of Baghdad", "Fata Borno area, north of Kutum", "the village of Tarbiya near Kawkab",
#: "Hastings, on the south coast of England": the smaller named first.
_SMALLER_NEAR = re.compile(
    r"^(?:\s+" + _PN + r")*\s*,?\s*(?:(?:about|some|around|roughly|nearly|approximately|also|"
    r"just|only|located|lying|situated|which is|is)\s+)*(?:[\d,.]+\s*-?\s*(?:km|kms|kilometers?|"
    r"kilometres?|miles?)\s*(?:\([^()]{1,30}\)\s*)?)?"
    r"(?:(?:to the\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"\s+of|near|close to|outside|on the outskirts of|"
    r"on the (?:\w+\s+)?(?:coast|shore|banks?|border|edge) of)\s+"
    + _TO_LARGER, re.IGNORECASE)
#: The larger named first: "Mogadishu's Hodan district", "Chicago's Englewood Neighborhood",
#: "Baghdad's mainly Shiite neighborhood of Kamaliya", "a Queens neighborhood, Astoria", "another
#: Harare township, Epworth"; and with "of" ("the central Mexico state of Hidalgo", "the Bay
#: regional capital of Baydhabo", "the West Bank city of Jenin"), group "of".
_LARGER_FIRST = re.compile(
    r"^(?:['’]s\s+(?:(?:" + _MOD + r"|(?-i:[A-Z]?[a-z]+))\s+){0,2}(?:(?-i:[a-z]+)\s+of\s+(?:the\s+)?)?"
    r"|\s+(?-i:neighbou?rhood|township|suburb|district|area|quarter|village)\s*,\s*(?:the\s+)?"
    r"|(?P<of>\s+(?:(?-i:[a-z]+)\s+){0,2}" + _PN + r"\s+of\s+(?:the\s+)?))$",
    re.IGNORECASE)
#: "Galesburg, Illinois": a town, then its state or country after a comma.
_COMMA = re.compile(r"^\s*,\s*$")


def _narrowest(doc: Document, chosen: Place, candidates: list[Place]) -> Place:
    """The smallest place the text puts inside or beside the chosen one, else the chosen one.

    Annotators (and ACLED's precision codes) want the most specific place the text gives: in
    "captured the village of Azaz in northern Aleppo" or "killed in Mogadishu's Hodan district"
    the event happened in Azaz and Hodan, even where the parse hangs the larger place off the
    trigger. A chain is followed ("Fata Borno area, north of Kutum in North Darfur"). The
    smaller place must be a candidate (not an origin, an actor's or a modifier), no larger than
    the chosen one by what the words say (a country is never narrower than a town), and no site
    ("Mercy Hospital in Oakland" happened in Oakland, as annotators mark it).
    """
    best = chosen
    for _ in range(4):
        inner = [q for q in candidates if q is not chosen and not q.span.overlaps(chosen.span)
                 and _no_larger(q, chosen) and not _site(doc, q) and _lies_in(doc, q, chosen)]
        if not inner:
            break
        chosen = min(inner, key=lambda q: abs(q.span.start - chosen.span.start))
        if not _reference_point(chosen):
            # a place named only as a reference ("north of Tawila") is a link in the chain, never
            # its end: "attacks north of Baghdad in Balad" stay in Balad
            best = chosen
    return best


def _settled(doc: Document, chosen: Place, mine: list[Place]) -> Place:
    """A named town for a chosen place that only locates another: in "South of Baghdad, ten
    people were killed ... in the town of Suwayra", Baghdad says where Suwayra is."""
    if " of " not in (chosen.relation or "") or "part of" in (chosen.relation or ""):
        return chosen  # "protested outside Olongapo" is where they protested
    towns = [q for q in mine if q is not chosen and not _reference_point(q) and _named_town(doc, q)]
    return min(towns, key=lambda q: q.span.start) if towns else chosen


#: "the town of X", "the village of X", "X village": a settlement the text names as one.
_TOWN_OF = re.compile(
    r"\b(?:town|village|city|hamlet|settlement|district|neighbou?rhood)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE)
_TOWN_AFTER = re.compile(r"\s+(?:town|village|district|neighbou?rhood)\b", re.IGNORECASE)


def _named_town(doc: Document, p: Place) -> bool:
    return bool(_TOWN_OF.search(doc.text[max(0, p.span.start - 30):p.span.start])
                or _TOWN_AFTER.match(doc.text, p.span.end))


def _no_larger(q: Place, p: Place) -> bool:
    """False only for a country inside something smaller: what the words say outranks the
    gazetteer's reading ("the area of Mafraq in the city of Baquba": Mafraq is the smaller,
    whatever unit of that name the gazetteer found)."""
    return q.feature_code != "PCLI" or p.feature_code == "PCLI"


def _reference_point(p: Place) -> bool:
    """A place named only to say where another is: "north of Baghdad", "near Hebron"."""
    rel = p.relation or ""
    return rel.startswith("near") or (" of " in rel and "part of" not in rel)


#: Sites annotators place an event by the town they are in: "Mercy Hospital in Oakland", "the
#: Jumhuriya Bridge in Karrada district", "Constitution Avenue in Washington".
_SITE_WORD = re.compile(
    r"\b(?:road|street|st|avenue|ave|boulevard|highway|bridge|hospital|base|office|square|school|"
    r"university|college|mosque|church|market|station|prison|hotel|building|embassy|airport|"
    r"stadium|ministry|headquarters)\.?$", re.IGNORECASE)


_SITE_AFTER = re.compile(
    r"\s+(?:hospital|bridge|road|street|avenue|base|office|school|mosque|church|market|station|"
    r"prison|hotel|building|embassy|airport|stadium)\b", re.IGNORECASE)


def _site(doc: Document, p: Place) -> bool:
    """A building, street or bridge by its name or the word after it ("Mogadishu's Madina
    hospital"): never what a town is narrowed to."""
    return (p.feature_class == "S" or bool(_SITE_WORD.search(p.text))
            or bool(_SITE_AFTER.match(doc.text, p.span.end)))


def _lies_in(doc: Document, inner: Place, outer: Place) -> bool:
    """True when the words between two toponyms put ``inner`` inside or beside ``outer``: "Azaz
    in northern Aleppo", "Mahmudiya, south of Baghdad", "Mogadishu's Hodan district"."""
    if max(outer.span.start - inner.span.end, inner.span.start - outer.span.end) > _NEST_GAP:
        return False  # too far apart to nest, whatever the words: spare masking the text between
    if inner.span.end <= outer.span.start:
        if inner.feature_code == "PPLC" and outer.feature_class != "A":
            return False  # "the Islamic State in Iraq and the Levant in the village of Tal Hamis"
        between = _masked(doc, inner.span.end, outer.span.start)
        if len(between) > 80 or re.search(r"[.;!?]", between):
            return False
        m = _SMALLER_IN.match(between)
        if m and m.group("link").lower() == "of":
            # "the Uludere region of Sirnak" but "the West Bank city of Jenin", "the Homs
            # neighbourhood of Baba Amr": "of" says which is larger only with the gazetteer's help
            return _specificity(inner) < _specificity(outer)
        if m or _SMALLER_NEAR.match(between):
            return True
        # "Galesburg, Illinois": a comma before a state or country not in a list
        return (bool(_COMMA.match(between))
                and (outer.feature_class == "A" or outer.feature_code == "PCLI")
                and not re.match(r"\s*(?:,|and\b)", doc.text[outer.span.end:]))
    between = _masked(doc, outer.span.end, inner.span.start)
    m = _LARGER_FIRST.match(between) if len(between) <= 40 else None
    if m is not None and m.group("of"):
        # as with the smaller first, "of" says which is larger only with the gazetteer's help:
        # "the Uludere region of Sirnak" names the smaller first
        return _specificity(inner) < _specificity(outer)
    # after a comma the gazetteer must agree: "Gambat Town, Khairpur District" is no district
    # of a town; "Yala's Raman district" says so itself
    return m is not None and ("," not in between or _specificity(inner) <= _specificity(outer))


#: the widest raw gap between two names that may nest: the masked text between them is read up to
#: 80 characters, and a demonym's mask ("DEMONYM") is at most a few characters shorter than the word
_NEST_GAP = 160


def _masked(doc: Document, start: int, end: int) -> str:
    """The text between two offsets with demonyms written DEMONYM ("in the Iraqi province of")."""
    text = doc.text[start:end]
    for p in sorted(doc.places, key=lambda q: -q.span.start):  # from the end: offsets stay valid
        if p.provenance.rule == "demonym" and start <= p.span.start and p.span.end <= end:
            text = text[:p.span.start - start] + "DEMONYM" + text[p.span.end - start:]
    return text


#: Words that make the name next to a town a part of it: "the Colombo suburb of Nugegoda",
#: "Baghdad's enclave of Sadr City", "the Dedinje district overlooking Belgrade".
_PART_WORDS = re.compile(r"\b(?:suburbs?|district|neighbou?rhood|enclave|quarter|township|village|camp|area|"
                         r"outskirts|refugee camp|municipality|locality)\b", re.IGNORECASE)


def _part_of(doc: Document, chosen: Place, mine: list[Place]) -> Place:
    """A named part of the chosen town, when the text names one next to it, else the town."""
    if _specificity(chosen) != 1:
        return chosen
    for p in sorted(mine, key=lambda q: q.span.start):
        if p is chosen or (p.lat is not None and p.provenance.rule != "inherited-town") or p.span.overlaps(chosen.span):
            continue
        lo, hi = sorted((chosen.span.end, p.span.start)) if chosen.span.end <= p.span.start else \
            sorted((p.span.end, chosen.span.start))
        between = doc.text[lo:hi]
        if len(between) <= 50 and not re.search(r"[.;!?]", between) and _PART_WORDS.search(between):
            return p
    return chosen


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _token_at(parsed: Any, offset: int) -> Any:
    if parsed is None:
        return None
    span = parsed.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _attached(doc: Document, trigger: Span, place: Span) -> bool:
    """True when the place hangs off the trigger (or its object) through a locative preposition."""
    tok = _token_at(doc.parse, place.start)
    trig = _token_at(doc.parse, trigger.start)
    if tok is None or trig is None:
        return False
    saw_prep = False
    node, steps = tok, 0
    while node.head.i != node.i and steps < 7:
        if node.dep_ == "relcl" and node.i != trig.i:
            return False  # "towns ... allied with the government in Kinshasa": the clause's place
        if node.dep_ in ("acl", "amod") and node.lemma_.lower() in _HOME_VERBS and node.i != trig.i:
            return False  # "an air force based in Incirlik patrolled Iraq": where it is kept
        if node.dep_ == "prep" or (node.pos_ == "ADP" and node.lower_ in _WHERE_PREPS):
            saw_prep = saw_prep or node.lower_ in _WHERE_PREPS or node.lower_ in ("during", "via")
        node, steps = node.head, steps + 1
        if node.i == trig.i or (node.head.i == trig.i and node.dep_ in ("dobj", "pobj", "nsubjpass")):
            return saw_prep or node.i != trig.i and node.lower_ in _WHERE_PREPS
        if node.dep_ == "prep" and node.lower_ in _WHERE_PREPS:
            saw_prep = True
    return False


def _off_trigger(doc: Document, trigger: Span, place: Span) -> bool:
    """True when the place hangs off a verb conjoined to the trigger ("captured ... and
    transferred to X") or off its subject ("X, charged in Y, was captured"), not off the trigger's
    own phrase or object."""
    tok = _token_at(doc.parse, place.start)
    trig = _token_at(doc.parse, trigger.start)
    if tok is None or trig is None:
        return False
    for node in tok.ancestors:
        if node.i == trig.i:
            return False
        if node.head.i == trig.i and (node.dep_ in ("nsubj", "nsubjpass")
                                      or node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")):
            return True
    return False


#: Verbs of a participle that says where someone lives or is kept, not where they act.
_HOME_VERBS = frozenset({"base", "station", "headquarter", "locate", "live", "reside", "bear",
                         "hail", "garrison"})


def _own_phrase(doc: Document, trigger: Span, place: Span) -> bool:
    """True when the place hangs off the trigger through prepositions and nouns only: not through
    its subject ("militants in Gaza fired"), which says who acted, nor through another verb
    ("..., targeting the town of Ibta"), which says where that verb's act was."""
    tok = _token_at(doc.parse, place.start)
    trig = _token_at(doc.parse, trigger.start)
    if tok is None or trig is None:
        return False
    node = tok
    for _ in range(8):
        if node.head.i == node.i:
            return False
        if node.head.i == trig.i:
            return node.dep_ not in ("nsubj", "nsubjpass") or node.i == tok.i
        node = node.head
        if node.pos_ in ("VERB", "AUX") and not (node.dep_ == "conj" and node.head.i == trig.i):
            return False  # "shot dead two robbers in the town of X": the pair shares a place
    return False


#: Prepositions whose object is not where the event happened: origin, destination, beneficiary,
#: agent, company, comparison ("captured from Jordan", "marched to the US embassy", "sanctions on
#: Libya", "talks with Iran", "between Iraq and Kuwait").
_NOT_WHERE = frozenset({"from", "to", "for", "by", "with", "between", "as", "after", "on", "against",
                        "like", "than", "about", "toward", "towards"})


#: Prepositions whose object can be where the event happened.
_WHERE_PREPS = (LOCATIVE_PREPS - _NOT_WHERE) | {"along", "through", "onto", "upon", "beyond", "under", "beside",
                                               "behind", "alongside", "past", "amid", "across"}
_INSIDE = frozenset({"in", "inside", "across", "throughout", "within", "at", "near", "over"})


def _not_where(doc: Document, place: Place, trigger: Span | None = None) -> bool:
    """A place under a preposition of origin, destination or company; "on" only for land
    ("sanctions on Libya"), not for islands and waters ("villages on Cyprus", "on Manila Bay").
    A destination is where a movement went when the trigger is that movement ("traveled to
    Tehran", "troops were redeployed to Ubon", "marched to the White House")."""
    node = _prep_above(doc, place.span)  # (read once for every test below)
    prep = _prep_name(node)
    if prep in ("to", "toward", "towards") and trigger is not None and _moved_to(doc, trigger, node):
        return False
    if prep in ("on", "against", "for") and _attack_on(node):
        return False  # "an attack on Buwa village", "raids against Jenin": where the target was hit;
        # "the battle for X": where it was fought
    if prep == "on" and (place.feature_class in ("H", "T") or (place.feature_code or "").startswith("ISL")
                         or re.search(r"\b(?:Island|Islands|Bay|Sea|Lake|River|Gulf|Strait)\b", place.text)):
        return False
    if prep == "on" and _on_a_way(doc, place.span):
        return False  # "on the Old Road", "on a Kisumu street", "on a Jos bus": where it was
    if prep == "on" and _landed_on(node):
        return False  # "shells rained down on Aleppo", "marched on Manila": where they landed
    if prep == "between" and _between_sites(node):
        return False  # "the crossing between Israel and the Gaza Strip": where the crossing is
    return prep in _NOT_WHERE


#: verbs whose "on X" is where what they moved or threw came down or closed in ("shells rained
#: down on Aleppo", "mortar rounds fell on Buhriz", "the campaign unleashed on Aleppo",
#: "marched on Manila", "continued their advance on Manbij", "fighting centering on Panjwayi")
_ON_VERBS = frozenset({"rain", "fall", "unleash", "march", "advance", "descend", "converge", "land",
                       "swoop", "pour", "close", "center", "centre", "concentrate", "drop"})


def _landed_on(prep: Any) -> bool:
    """True when the place's "on" (``prep``, see :func:`_prep_above`) hangs off a verb (or the noun
    "advance") of coming down on or closing in on a place."""
    return prep.head.lemma_.lower() in _ON_VERBS and prep.head.pos_ in ("VERB", "NOUN")


def _between_sites(prep: Any) -> bool:
    """True when "between" hangs off a place or a way ("the border crossing between X and Y",
    "the road between X and Y"), which lies where its ends are, not off an act of two parties
    ("talks between Iraq and Kuwait")."""
    head = prep.head.lemma_.lower()
    return head in _WAYS or head in _SITES_BETWEEN


_SITES_BETWEEN = frozenset({"border", "crossing", "frontier", "checkpoint", "corridor", "boundary",
                            "line", "area", "zone", "fence", "wall", "passage", "strip"})


#: verbs of going or being sent somewhere: their "to X" is where the event took its actors
_MOTION_VERBS = frozenset({"travel", "return", "move", "march", "deploy", "redeploy", "fly", "flee",
                           "go", "come", "head", "cross", "relocate", "sail", "drive", "walk", "run",
                           "escape", "retreat", "withdraw", "advance", "push", "proceed", "rush",
                           "infiltrate", "shift", "send", "dispatch", "ship", "airlift", "evacuate",
                           "transfer", "journey", "trek", "parade"})


def _moved_to(doc: Document, trigger: Span, prep: Any) -> bool:
    """True when the place's "to" (``prep``) hangs off a verb of motion that is the trigger, or
    whose purpose clause or next act the trigger is ("came to Rome to protest", "returned to Saigon
    and launched an offensive"): the act was done where the movement went. "took to the streets"
    is a movement too."""
    trig = _token_at(doc.parse, trigger.start)
    if trig is None:
        return False
    verb = prep.head
    # (the movers' own: "sent a letter to Moscow to protest" was not done in Moscow)
    if not (verb.i == trig.i or (trig.head.i == verb.i and trig.dep_ in ("xcomp", "advcl", "conj")
                                 and trig.i > verb.i
                                 and not any(c.dep_ == "dobj" for c in verb.children))):
        return False
    lemma = verb.lemma_.lower()
    return lemma in _MOTION_VERBS or lemma == "take" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in _WAYS for c in prep.children)


#: things one is "on" where an event happens: roads and squares, vehicles, a front
_WAYS = frozenset({"road", "street", "highway", "avenue", "boulevard", "square", "bridge", "bus",
                   "train", "battlefield", "frontline", "front", "motorway", "expressway", "route",
                   "lane", "ferry", "boat", "plaza"})


def _compound_head(tok: Any) -> Any:
    """The noun a chain of compounds ends in ("Kisumu grocery store": store)."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _on_a_way(doc: Document, span: Span) -> bool:
    """True when the place named by "on" is a way or a vehicle, by its own last word ("the Old
    Road") or by the noun it names ("a Kisumu street")."""
    tok = _token_at(doc.parse, span.end - 1)
    if tok is None:
        return False
    head = tok.head if tok.dep_ == "poss" and tok.head.i > tok.i else _compound_head(tok)
    if tok.lemma_.lower() in _WAYS_OR_LAND or head.lemma_.lower() in _WAYS_OR_LAND:
        return True
    # a numbered road: "on Route 9", "on Highway 1"
    return tok.like_num and any(w.lower() in _WAYS for w in doc.text[span.start:span.end].split())


#: land one is "on" where an event happens ("on Jolo island", "on Treskavica mountain", "on the
#: Bolivar Peninsula", "on Manila's financial district"), and sites ("on a Zamboanga station")
_ON_LAND = frozenset({"island", "isle", "islet", "mountain", "mount", "hill", "hilltop", "ridge",
                      "peninsula", "beach", "coast", "shore", "bank", "district", "station", "lawn",
                      "campus", "base", "outskirts", "trail", "riverbank", "plateau"})
_WAYS_OR_LAND = _WAYS | _ON_LAND


#: nouns of force whose "on/against X" is the target hit, so where it happened
_ATTACK_NOUNS = frozenset({"attack", "assault", "raid", "strike", "airstrike", "bombing", "offensive",
                           "ambush", "shelling", "bombardment", "incursion", "onslaught", "crackdown"})


#: nouns of fighting whose "for X" is the place fought over, so where it happened
_BATTLE_NOUNS = frozenset({"battle", "fight", "fighting", "struggle", "offensive", "assault", "war"})


def _attack_on(prep: Any) -> bool:
    """True when the place is the object of "on/against" (``prep``, see :func:`_prep_above`) under a
    noun of force ("attack on X"), or of "for" under a battle."""
    if prep.lower_ not in ("on", "against", "for"):
        return False
    head = prep.head
    if prep.lower_ == "for":
        return head.lemma_.lower() in _BATTLE_NOUNS
    # "staged the raid on Tawila", "launched airstrikes on the towns of X": the parse often
    # hangs "on" off the verb whose object is the attack
    return head.lemma_.lower() in _ATTACK_NOUNS or head.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _ATTACK_NOUNS for c in head.children)


def _prep_above(doc: Document, span: Span) -> Any:
    """The nearest preposition token above the toponym's last token, within four steps."""
    tok = _token_at(doc.parse, span.end - 1)
    if tok is None:
        return None
    for steps, node in enumerate(tok.ancestors):
        if steps >= 4:
            break
        if node.dep_ == "prep" or node.pos_ == "ADP":
            return node
        if node.pos_ == "VERB" and node.dep_ in _CLAUSE_DEPS:
            return None  # "by storming the X area", "after capturing X village": the verb's object
    return None


#: dependency labels of a verb that heads a clause of its own (not a noun the tagger took for a
#: verb, "the Yangtze River dikes")
_CLAUSE_DEPS = frozenset({"pcomp", "relcl", "acl", "advcl", "xcomp", "ccomp", "conj", "ROOT"})


def _governing_prep(doc: Document, span: Span) -> str | None:
    """The nearest preposition above the toponym's last token ("in" for "in southern Baghdad")."""
    return _prep_name(_prep_above(doc, span))


def _prep_name(node: Any) -> str | None:
    """What a preposition above a toponym says of it (:func:`_governing_prep`)."""
    if node is None:
        return None
    if node.lower_ == "to" and node.head.lemma_.lower() in _VISITS:
        return "in"  # "during a visit to Ukraine": where the visitor was
    if node.lower_ == "to" and node.head.lower_ in ("close", "next", "adjacent", "closer"):
        return "near"  # "destroyed 14 bunkers close to Jaffna": where they were
    return node.lower_


_VISITS = frozenset({"visit", "trip", "tour", "journey", "mission", "stopover", "pilgrimage"})
#: Verbs that say where a statement was made: "he said during a visit to Ukraine", "told reporters in Baghdad".
_SPEECH = frozenset({"say", "tell", "state", "announce", "declare", "warn", "add", "stress", "insist", "vow",
                     "threaten", "accuse", "blame", "reject", "deny", "claim", "speak", "write", "address"})


def _said_where(doc: Document, ev: Event, mine: list[Place]) -> list[Place]:
    """The places attached to the sentence's speech verbs: where a statement was made, when the
    text says so (a quoted threat's trigger sits inside the quote, its place on "said")."""
    sentence = doc.sentence_of(ev.trigger.start)
    if doc.parse is None or sentence is None:
        return []
    out: list[Place] = []
    sent = doc.parse.char_span(sentence.span.start, sentence.span.end, alignment_mode="expand")
    if sent is None:
        return []
    ts = token_strings(doc.parse)  # (no Token objects for the sentence's other words)
    for i in range(sent.start, sent.end):
        if ts.pos_[i] == "VERB" and ts.lemmas[i] in _SPEECH:
            verb = Span(ts.idx[i], ts.idx[i] + len(ts.texts[i]))
            out.extend(p for p in mine if p not in out and _attached(doc, verb, p.span))
    return out


def _acted_on(doc: Document, trigger: Span, place: Span) -> bool:
    """True when the toponym is the trigger's direct object or passive subject ("shelled Mardes")."""
    tok = _token_at(doc.parse, place.end - 1)
    trig = _token_at(doc.parse, trigger.start)
    if tok is None or trig is None:
        return False
    for _ in range(6):
        if (tok.dep_ in ("compound", "conj", "appos") and tok.head.i != tok.i
                and tok.head.i != trig.i):
            tok = tok.head  # "captured Drvar and Petrovac", "the Kafr Nabl offensive"
        elif _of_place_noun(tok):
            tok = tok.head.head  # "targeting the districts of Al-Arfi": the districts are Al-Arfi
        else:
            break
    return tok.head.i == trig.i and tok.dep_ in ("dobj", "nsubjpass")


def _of_place_noun(tok: Any) -> bool:
    """True for the name in "the village of X", "the districts of X" (the object of "of" under a
    place noun), which names the same place as the noun."""
    return (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.head.i
            and tok.head.head.lemma_.lower() in _OF_NOUNS)


_OF_NOUNS = frozenset({"village", "town", "city", "district", "area", "neighborhood",
                       "neighbourhood", "suburb", "camp", "settlement", "locality", "hamlet",
                       "township", "region", "province", "governorate", "municipality", "capital",
                       "outskirts", "countryside"})


def _located_within(doc: Document, place: Span, actor: Span) -> bool:
    """True when the toponym sits in a locative phrase inside the actor's mention ("militants in Gaza")."""
    tok = _token_at(doc.parse, place.end - 1)
    if tok is None:
        return False
    while _of_place_noun(tok) and actor.start <= tok.head.head.idx < actor.end:
        tok = tok.head.head  # "police in the northern city of Medellin": where the city is
    for node in tok.ancestors:
        if not (actor.start <= node.idx < actor.end):
            return False
        if node.dep_ == "prep":
            return node.lower_ in _WHERE_PREPS
    return False


def _is_modifier(doc: Document, span: Span, trigger: Span | None = None) -> bool:
    """A toponym used as a modifier ("Iraqi forces", "the Baghdad government") is not a location;
    one that modifies the event's own noun ("the Paris march", "the Kabul bombing") is."""
    tok = _token_at(doc.parse, span.end - 1)
    if tok is None or tok.dep_ not in ("compound", "amod", "poss") or tok.head.i <= tok.i:
        return False
    if trigger is not None and _modifies_trigger(doc, span, trigger):
        return False
    if tok.dep_ == "compound" and tok.head.lower_ in _DAYS:
        return False  # "patrolled Lusaka Sunday": the parse's compound of a name and a day
    # "the Vedeno region", "a Kisumu grocery store" are places
    return _compound_head(tok.head).lemma_.lower() not in _PLACE_NOUNS


def _modifies_trigger(doc: Document, span: Span, trigger: Span) -> bool:
    """True for a toponym that modifies the event's own noun: "the Paris march", "the Kabul
    bombing" say where the march or the bombing was (even when the events stage took the name
    for the marchers)."""
    tok = _token_at(doc.parse, span.end - 1)
    if tok is None or tok.dep_ not in ("compound", "amod", "poss") or tok.head.i <= tok.i:
        return False
    trig = doc.parse.char_span(trigger.start, trigger.end, alignment_mode="expand")
    return trig is not None and len(trig) > 0 and trig.root.i == tok.head.i and tok.head.pos_ == "NOUN"


_DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                   "today", "tonight", "yesterday", "overnight", "morning", "evening", "night"})


_REFERENCES = frozenset({"demonym", "modifier"})


def _reference_rule(found: Any) -> str | None:
    """The provenance rule of a toponym that names a country or actor rather than a site."""
    if found.demonym:
        return "demonym"
    if found.modifier:
        return "modifier"
    return None


#: feature classes of a place whose people an act can be done to (towns, admin areas, sites)
_PEOPLED_CLASSES = frozenset({"P", "A", "S"})


def peopled_places(
    events: list[Event], places: list[Place], actors: tuple[Actor, ...]
) -> tuple[list[Event], tuple[Actor, ...]]:
    """A recipient that is only a place ("shelled Gorazde", "extend the curfew in Abidjan") is
    its people: an actor coded with the place's country and sector CVL, as the PLOVER gold and
    ICEWS code a town that is shelled or put under curfew. Only a recipient the actors stage
    left unresolved whose words are exactly a resolved place's; the place's actor says so in its
    provenance (geo, rule "place-recipient"). The events stage chose the place as the recipient
    (``event_recipients.place_recipients``); this codes it, once the gazetteer has resolved it."""
    by_span = {
        (p.span.start, p.span.end): p
        for p in places
        if p.country_code and p.feature_class in _PEOPLED_CLASSES and p.geonameid is not None
        and p.precision != 2  # inherited or "near": where it is, not who lives there
    }
    made: dict[str, Actor] = {}
    out: list[Event] = []
    for ev in events:
        recips = []
        for r in ev.recipients:
            place = by_span.get((r.span.start, r.span.end)) if r.actor_id is None else None
            if place is None:
                recips.append(r)
                continue
            aid = f"{place.id}-people"
            made.setdefault(aid, Actor(
                id=aid, name=place.name or place.text, kind="place", code=place.country_code,
                sector="CVL", mentions=(place.span,),
                provenance=Provenance("geo", VERSION, rule="place-recipient"),
            ))
            recips.append(Participant(aid, r.span, r.text))
        out.append(dataclasses.replace(ev, recipients=tuple(recips)) if recips != list(ev.recipients) else ev)
    return out, actors + tuple(made.values())
