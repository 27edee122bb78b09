"""What the page's JavaScript receives: the dataset as one JSON document.

Data reaches the page only here, as JSON inside ``<script type="application/json">``;
the front end builds popups, labels and tables with ``textContent``, never ``innerHTML``.
So text from the data is never parsed as HTML, JavaScript or a Jinja template.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import orjson

from mapgen.model import Category, Citation, Dataset, NameChange, Place, Source, SourceKind, TourStop
from mapgen.options import RenderOptions
from mapgen.tour import tour_stops

#: Colours for "whose name was removed", most frequent person first (Paul Tol's "bright"
#: scheme, which stays distinguishable for colour-blind readers and on projectors).
PALETTE = ("#CC3311", "#4477AA", "#228833", "#AA3377", "#CCBB44", "#66CCEE", "#EE7733", "#555555")
#: For more people than PALETTE holds: Paul Tol's 12-colour qualitative scheme, the largest
#: he gives as distinct for colour-blind readers ("Colour Schemes", SRON technical note
#: SRON/EPS/TN/09-002, issue 2.2, 2012, Fig. 3). The people after the twelfth share one
#: colour, as the legend's named group "Others".
PALETTE_12 = (
    "#332288",
    "#6699CC",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#661100",
    "#CC6677",
    "#AA4466",
    "#882255",
    "#AA4499",
)
#: Places whose person is not recorded.
OTHER_COLOUR = "#888888"
#: The people after the twelfth, together (lighter than "not recorded", so the two differ).
OTHERS_COLOUR = "#C8C8C8"


def person_colours(ranked: list[str]) -> tuple[dict[str, str], list[str]]:
    """A colour for each person, most frequent first, and the people beyond the palette.

    Examples
    --------
    >>> colours, others = person_colours([f"P{i}" for i in range(14)])
    >>> len(set(colours.values())), others
    (12, ['P12', 'P13'])
    """
    palette = PALETTE if len(ranked) <= len(PALETTE) else PALETTE_12
    colours = dict(zip(ranked, palette, strict=False))
    return colours, ranked[len(palette) :]


#: Up to this many places, each is drawn on its own with a placed label (labels.js); above it,
#: markers are clustered and labelled on hover only, so the map stays readable and fast.
PLACED_LABEL_LIMIT = 500


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields (None, "", []) but keep numbers, zero included (a latitude of 0)."""
    return {k: v for k, v in record.items() if v is not None and (v or isinstance(v, (int, float)))}


#: Above this many places the page carries its data packed (text written once, see
#: :class:`Strings`) and compressed (:func:`page_data`); smaller maps (about 200 KB of JSON for
#: places like the shipped ones) stay plain, readable JSON that diffs well.
PACK_ABOVE = 100

#: The record keys whose values are text that :class:`Strings` may write once for many places
#: (``id`` is unique, so it stays in place). The front end (``data.js``) reads this list from
#: the payload's ``"refs"``.
TEXT_KEYS = (
    "old new oldNative newNative title place date kind then now person note name native about value source quote "
    "url locator"
).split()


class Strings:
    """Text that many places share, written once: a record holds its index instead.

    10,000 places repeat the same countries, people, sources and often the same quotes;
    written once, the page's JSON is a fraction of its size and compresses far better,
    because the records that remain are alike within gzip's 32 KB window.
    """

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        # len() is taken before a new text goes in, so a new text gets the next index.
        return self.index.setdefault(text, len(self.index))

    @property
    def table(self) -> list[str]:
        """The texts, in the order of their indexes."""
        return list(self.index)


def _same(text: str) -> str:
    return text


def _step(h: NameChange, text: Callable[[str], Any]) -> dict[str, Any]:
    step: dict[str, Any] = {"name": text(h.name)} if h.name else {}
    if h.native:
        step["native"] = text(h.native)
    if h.year is not None:
        step["from"] = h.year
    if h.date:
        step["date"] = text(h.date)
    return step


def _cite(c: Citation, text: Callable[[str], Any]) -> dict[str, Any]:
    cite: dict[str, Any] = {"source": text(c.source)} if c.source else {}
    if c.quote:
        cite["quote"] = text(c.quote)
    if c.url:
        cite["url"] = text(c.url)
    if c.locator:
        cite["locator"] = text(c.locator)
    return cite


def place_record(
    place: Place,
    text: Callable[[str], Any] = _same,
    where: bool = True,
    memo: tuple[dict, dict] | None = None,
) -> dict[str, Any]:
    """One place, with short keys: 100,000 of these must stay small.

    Empty fields are left out (as :func:`_compact` does); ``text`` turns each text value
    into what the page carries: the text itself, or a :class:`Strings` index. With
    ``where=False`` the record leaves out ``id``, ``lat`` and ``lon`` (a packed payload
    carries them in columns of their own). ``memo`` (two dicts shared by every place of a
    payload) keeps the history steps and citations already made, by their values: places
    that cite the same passage share its record instead of remaking it.
    """
    record: dict[str, Any] = {"id": place.id, "lat": place.lat, "lon": place.lon} if where else {}
    if place.category is Category.EVENT:
        record["event"] = True
    # Written out field by field: at 100,000 places a generic loop costs a second.
    if place.old_name:
        record["old"] = text(place.old_name)
    if place.new_name:
        record["new"] = text(place.new_name)
    if place.old_name_native:
        record["oldNative"] = text(place.old_name_native)
    if place.new_name_native:
        record["newNative"] = text(place.new_name_native)
    if place.title:
        record["title"] = text(place.title)
    if place.place:
        record["place"] = text(place.place)
    if place.year is not None:
        record["year"] = place.year
    if place.date:
        record["date"] = text(place.date)
    if place.kind:
        record["kind"] = text(place.kind)
    if place.country_then:
        record["then"] = text(place.country_then)
    if place.country_now:
        record["now"] = text(place.country_now)
    if place.named_after:
        record["person"] = text(place.named_after)
    if place.note:
        record["note"] = text(place.note)
    if place.links:
        record["links"] = list(place.links)  # addresses, each its own: not worth a Strings entry
    if place.history:
        if memo is None:
            record["history"] = [_step(h, text) for h in place.history]
        else:
            history = []
            for h in place.history:
                key = (h.name, h.native, h.year, h.date)
                step = memo[0].get(key)
                if step is None:
                    step = memo[0][key] = _step(h, text)
                history.append(step)
            record["history"] = history
    if place.disagreements:
        disputes = []
        for d in place.disagreements:
            dispute: dict[str, Any] = {"about": text(d.about)} if d.about else {}
            if d.note:
                dispute["note"] = text(d.note)
            claims = [{"value": text(c.value), "source": text(c.source)} for c in d.claims]
            if claims:
                dispute["claims"] = claims
            disputes.append(dispute)
        record["disputes"] = disputes
    if place.citations:
        if memo is None:
            record["cites"] = [_cite(c, text) for c in place.citations]
        else:
            cites = []
            for c in place.citations:
                key = (c.source, c.quote, c.url, c.locator)
                cite = memo[1].get(key)
                if cite is None:
                    cite = memo[1][key] = _cite(c, text)
                cites.append(cite)
            record["cites"] = cites
    return record


#: Kinds of source that are open to anyone's edits or speak for themselves alone: a place cited
#: only from these tells its readers so (``popup.js``).
WEAK_KINDS = frozenset({SourceKind.WIKI, SourceKind.BLOG})


def rests_on_wikis_and_blogs(place: Place, sources: dict[str, Source]) -> bool:
    """Whether every source ``place`` cites is a wiki or a blog (by its ``kind``).

    A place with a source of no stated kind is not counted: mapgen cannot tell what that
    source is, so it says nothing rather than something untrue.

    Examples
    --------
    >>> rests_on_wikis_and_blogs(place, sources)  # doctest: +SKIP
    True
    """
    cited = [sources.get(c.source) for c in place.citations]
    return bool(cited) and all(s is not None and s.kind in WEAK_KINDS for s in cited)


def years_of(dataset: Dataset) -> tuple[int, int]:
    """The slider's range: every year a place or a step of its history holds."""
    years = [p.year for p in dataset.places] + [h.year for p in dataset.places for h in p.history if h.year is not None]
    return (min(years), max(years)) if years else (0, 0)


def year_steps(dataset: Dataset) -> list[dict[str, int]]:
    """The years in which something happened, in order: how many names changed, how many events.

    A renaming counts in its own year and in the year of each later step of its history
    (Tsaritsyn → Stalingrad in 1925 counts for 1925). These are the slider's stops.

    Examples
    --------
    >>> year_steps(dataset)[:1]  # doctest: +SKIP
    [{'year': 1504, 'renamings': 1, 'events': 0}]
    """
    renamings: Counter[int] = Counter()
    events: Counter[int] = Counter()
    for place in dataset.places:
        if place.category is Category.EVENT:
            events[place.year] += 1
            continue
        renamings.update({place.year} | {h.year for h in place.history if h.year is not None})
    return [{"year": y, "renamings": renamings[y], "events": events[y]} for y in sorted(set(renamings) | set(events))]


def opening_year(dataset: Dataset) -> int:
    """The year the map opens at: the data's ``opening_year``, else the year in which most
    places had the renaming they are on the map for (the latest of equals), else the last year.

    Earlier steps of a history (Tsaritsyn → Stalingrad) are context, so they do not count here.
    """
    if dataset.opening_year is not None:
        return dataset.opening_year
    counts = Counter(p.year for p in dataset.renamings)
    if not counts:
        return max((p.year for p in dataset.places), default=0)
    return max(counts, key=lambda year: (counts[year], year))


def bounds_of(dataset: Dataset) -> list[list[float]]:
    """[[south, west], [north, east]] around every place, for the opening view."""
    lats = [p.lat for p in dataset.places] or [0.0]
    lons = [p.lon for p in dataset.places] or [0.0]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def stop_record(stop: TourStop) -> dict[str, Any]:
    """One stop of the tour as the page reads it (``tour.js``): its words, places, year, view, sources."""
    return _compact(
        {
            "title": stop.title,
            "text": stop.text,
            "places": list(stop.places),
            "year": stop.year,
            "view": {"lat": stop.view.lat, "lon": stop.view.lon, "zoom": stop.view.zoom} if stop.view else None,
            # The same citation record a popup reads (payload "cites"), so one builder shows both.
            "cites": [_cite(c, _same) for c in stop.citations],
            "popup": stop.popup,
        }
    )


def build_payload(dataset: Dataset, options: RenderOptions, credits: list[dict[str, str]]) -> dict[str, Any]:
    """Everything the front end needs, as plain JSON-ready data."""
    people = Counter(p.named_after for p in dataset.renamings if p.named_after)
    ranked = sorted(people, key=lambda name: (-people[name], name))
    colours, others = person_colours(ranked)
    kinds = Counter(p.kind or "other" for p in dataset.renamings)
    first, last = years_of(dataset)
    steps = year_steps(dataset)
    strings = Strings() if len(dataset.places) > PACK_ABOVE else None
    if strings is None:
        places = [place_record(p) for p in dataset.places]
    else:
        memo: tuple[dict, dict] = ({}, {})
        places = [place_record(p, strings, where=False, memo=memo) for p in dataset.places]
    for record, place in zip(places, dataset.places, strict=True):
        if rests_on_wikis_and_blogs(place, dataset.sources):
            record["weak"] = 1  # only wiki and blog sources found: the popup says so
    payload = {
        "title": options.title or dataset.display_title,
        "caption": options.caption if options.caption is not None else (dataset.caption or ""),
        "preset": options.preset.value,
        "tiles": options.tiles.value,
        "years": [first, last],
        "year": options.year,
        # Without --year the map opens at the wave the data is about (see opening_year).
        "openingYear": opening_year(dataset),
        "steps": steps,
        "bounds": bounds_of(dataset),
        "labels": "placed" if len(dataset.places) <= PLACED_LABEL_LIMIT else "hover",
        "people": [{"name": n, "colour": colours[n], "count": people[n]} for n in ranked if n in colours],
        # The people the palette has no colour of its own for: one group, named in the legend.
        "others": {"names": others, "count": sum(people[n] for n in others), "colour": OTHERS_COLOUR}
        if others
        else None,
        "unattributed": sum(1 for p in dataset.renamings if not p.named_after),
        "otherColour": OTHER_COLOUR,
        "kinds": [{"name": k, "count": kinds[k]} for k in sorted(kinds)],
        "sources": {
            # The work's own address only: a copy the text was read in (read_at) is never linked.
            s.id: _compact(
                {
                    "title": s.title,
                    "author": s.author,
                    "publisher": s.publisher,
                    "url": s.url,
                    "kind": s.kind.value if s.kind else None,
                }
            )
            for s in dataset.sources.values()
        },
        "places": places,
        "tour": [stop_record(stop) for stop in tour_stops(dataset)],
        "credits": credits,
    }
    if strings is not None:
        # Columns compress far better than the same values spread between records: in gzip's
        # window, a record then looks like the last record of the same shape, and a list of
        # ids or coordinates like itself. (10,000 places: 1.2 MB in records, 0.2 MB so.)
        payload["ids"] = [p.id for p in dataset.places]
        payload["coordinates"] = [v for p in dataset.places for v in (p.lat, p.lon)]
        payload["strings"] = strings.table
        payload["refs"] = TEXT_KEYS
    return payload


def to_script_json(payload: dict[str, Any]) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., so no text in the data can close
    the script element or open a comment; U+2028/U+2029 are escaped for old parsers.

    Examples
    --------
    >>> to_script_json({"q": "</script><b>"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    # orjson writes what json.dumps(ensure_ascii=False, separators=(",", ":")) does, ten times faster.
    data = orjson.dumps(payload)
    for raw, escaped in (
        (b"<", b"\\u003c"),
        (b">", b"\\u003e"),
        (b"&", b"\\u0026"),
        ("\u2028".encode(), b"\\u2028"),
        ("\u2029".encode(), b"\\u2029"),
    ):
        data = data.replace(raw, escaped)
    return data.decode("utf-8")


#: How a packed payload travels in the page: gzip (no file name, no time stamp), then base64.
COMPRESSED = "gzip+base64"


def page_data(payload: dict[str, Any]) -> tuple[str, str | None]:
    """The text of the page's data block and its encoding: plain JSON (``None``) or :data:`COMPRESSED`.

    A packed payload (more than :data:`PACK_ABOVE` places) is compressed; the page inflates it
    with the browser's own ``DecompressionStream`` (``mapgen/page/static/data.js``). base64 holds
    no character that could end a ``<script>`` element. The same payload gives the same bytes.
    """
    if "strings" not in payload:
        return to_script_json(payload), None
    packed = gzip.compress(orjson.dumps(payload), compresslevel=6, mtime=0)
    return base64.b64encode(packed).decode("ascii"), COMPRESSED


def read_page_data(text: str, encoding: str | None) -> dict[str, Any]:
    """The payload back from a data block's text (for tests and tools): the inverse of :func:`page_data`.

    Packed text is unpacked, so the places read as they would in plain JSON.
    """
    if encoding == COMPRESSED:
        payload = json.loads(gzip.decompress(base64.b64decode(text)))
    else:
        payload = json.loads(text)
    strings, refs = payload.pop("strings", None), set(payload.pop("refs", ()))
    if strings is not None:
        ids, coordinates = payload.pop("ids"), payload.pop("coordinates")
        for i, record in enumerate(payload["places"]):
            record.update(id=ids[i], lat=coordinates[2 * i], lon=coordinates[2 * i + 1])

        def unpack(value: Any) -> Any:
            if isinstance(value, list):
                return [unpack(v) for v in value]
            if isinstance(value, dict):
                return {k: strings[v] if k in refs and isinstance(v, int) else unpack(v) for k, v in value.items()}
            return value

        payload["places"] = unpack(payload["places"])
    return payload
