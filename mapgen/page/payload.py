"""What the page's JavaScript receives: the dataset as one JSON document.

Data reaches the page only here, as JSON inside ``<script type="application/json">``;
the front end builds popups, labels and tables with ``textContent``, never ``innerHTML``.
So text from the data is never parsed as HTML, JavaScript or a Jinja template.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from mapgen.model import WEAK_KINDS, Category, Citation, Dataset, NameChange, Place, Source, TourStop
from mapgen.options import RenderOptions
from mapgen.tour import change_days, tour_stops

#: Colours for "whose name was removed", most frequent person first (from Paul Tol's "bright"
#: and "vibrant" schemes, with his dark grey: distinguishable for colour-blind readers and on
#: projectors).
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


class _Indexes(dict):
    """Text -> its index; a text not seen before gets the next one (one look-up for a text seen)."""

    def __missing__(self, text: str) -> int:
        index = self[text] = len(self)
        return index


class Strings:
    """Text that many places share, written once: a record holds its index instead.

    10,000 places repeat the same countries, people, sources and often the same quotes;
    written once, the page's JSON is a fraction of its size and compresses far better,
    because the records that remain are alike within gzip's 32 KB window.
    """

    def __init__(self) -> None:
        self.index: dict[str, int] = _Indexes()

    def __call__(self, text: str) -> int:
        return self.index[text]

    @property
    def ref(self) -> Callable[[str], int]:
        """The same as calling it, a method call quicker (it runs for every text of every place)."""
        return self.index.__getitem__

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


#: The fields a packed page carries as columns, one list per field with a value per place,
#: read at start-up (``data.js``): what markers, clusters, the slider, the tour and links to a
#: moment need. Every other field of a record waits in the second block until a popup, search
#: or the list of renamings first needs it. Text columns hold :class:`Strings` indexes (-1: none).
COLUMNS = ("id", "lat", "lon", "year", "event", "old", "new", "title", "kind", "person", "changes")


def change_years(place: Place) -> list[int]:
    """The years besides ``place.year`` in which the place changed its name (its history's steps)."""
    return [year for year in change_days(place) if year != place.year]


def place_record(
    place: Place,
    text: Callable[[str], Any] = _same,
    columns: bool = False,
    memo: tuple[dict, dict] | None = None,
) -> dict[str, Any]:
    """One place, with short keys: 100,000 of these must stay small.

    Empty fields are left out (as :func:`_compact` does); ``text`` turns each text value
    into what the page carries: the text itself, or a :class:`Strings` index. With
    ``columns=True`` the record leaves out what a packed page carries in :data:`COLUMNS`
    (its id, coordinates, year, names, kind and person). ``memo`` (two dicts shared by every
    place of a payload) keeps the history steps and citations already made, by their values:
    places that cite the same passage share its record instead of remaking it.
    """
    memo = memo if memo is not None else ({}, {})
    record: dict[str, Any] = {}
    if not columns:
        record.update(id=place.id, lat=place.lat, lon=place.lon)
        if place.category is Category.EVENT:
            record["event"] = True
    # Written out field by field: at 100,000 places a generic loop costs a second.
    if place.old_name and not columns:
        record["old"] = text(place.old_name)
    if place.new_name and not columns:
        record["new"] = text(place.new_name)
    if place.old_name_native:
        record["oldNative"] = text(place.old_name_native)
    if place.new_name_native:
        record["newNative"] = text(place.new_name_native)
    if place.title and not columns:
        record["title"] = text(place.title)
    if place.place:
        record["place"] = text(place.place)
    if place.year is not None and not columns:
        record["year"] = place.year
    if place.date:
        record["date"] = text(place.date)
    if place.kind and not columns:
        record["kind"] = text(place.kind)
    if place.country_then:
        record["then"] = text(place.country_then)
    if place.country_now:
        record["now"] = text(place.country_now)
    if place.named_after and not columns:
        record["person"] = text(place.named_after)
    if place.note:
        record["note"] = text(place.note)
    if place.links:
        record["links"] = list(place.links)  # addresses, each its own: not worth a Strings entry
    if place.history:
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
        cites = []
        for c in place.citations:
            key = (c.source, c.quote, c.url, c.locator)
            cite = memo[1].get(key)
            if cite is None:
                cite = memo[1][key] = _cite(c, text)
            cites.append(cite)
        record["cites"] = cites
    return record


def _columns(places: tuple[Place, ...], strings: Strings) -> dict[str, list[Any]]:
    """What a packed page reads at start-up, a list per field (:data:`COLUMNS`).

    Their texts go into ``strings`` before any record's, so they take its first indexes and
    the start-up block carries only that part of the table.
    """

    index = strings.ref

    def ref(value: str | None) -> int:
        return index(value) if value else -1

    return {
        "id": [p.id for p in places],
        "lat": [p.lat for p in places],
        "lon": [p.lon for p in places],
        "year": [p.year for p in places],
        "event": [1 if p.category is Category.EVENT else 0 for p in places],
        "old": [ref(p.old_name) for p in places],
        "new": [ref(p.new_name) for p in places],
        "title": [ref(p.title) for p in places],
        "kind": [ref(p.kind) for p in places],
        "person": [ref(p.named_after) for p in places],
        "changes": [change_years(p) if p.history else [] for p in places],
    }


#: Hosts of gazetteers: a citation whose ``url`` is on one of these locates the place (a GeoNames
#: entry gives a point and names), so it says nothing about the renaming itself.
GAZETTEER_HOSTS = ("geonames.org",)


def _is_gazetteer_citation(citation: Citation) -> bool:
    host = urlsplit(citation.url or "").hostname or ""
    return any(host == h or host.endswith("." + h) for h in GAZETTEER_HOSTS)


def evidence_sources(place: Place) -> set[str]:
    """The ids of the sources ``place`` cites for its renaming, not only for where it lies.

    A citation that links a gazetteer entry (GeoNames) is about the coordinates; so is one
    citation of the place's ``coordinates_source`` (the one that gives the point). A source
    left with no other citation is cited only for the coordinates and is left out, unless the
    place's history or a disagreement rests on it: a point on a map is no evidence of a name.

    Examples
    --------
    >>> point = Citation("geonames", url="https://www.geonames.org/472757")
    >>> place = Place("volgograd", 44.5, 48.7, 1961, (Citation("wikipedia-en-volgograd"), point))
    >>> sorted(evidence_sources(place))
    ['wikipedia-en-volgograd']
    """
    backing = {h.source for h in place.history if h.source} | {c.source for d in place.disagreements for c in d.claims}
    cites: Counter[str] = Counter()
    located: set[str] = set()
    for citation in place.citations:
        if _is_gazetteer_citation(citation):
            located.add(citation.source)
        else:
            cites[citation.source] += 1
    if place.coordinates_source in cites and place.coordinates_source not in located:
        cites[place.coordinates_source] -= 1  # the citation that gives the point
    return {c.source for c in place.citations if cites[c.source] > 0 or c.source in backing}


def rests_on_wikis_and_blogs(place: Place, sources: dict[str, Source]) -> bool:
    """Whether every source ``place`` cites for its renaming is a wiki or a blog (by its ``kind``).

    Sources cited only for the coordinates do not count either way (``evidence_sources``): a
    gazetteer's point does not make a renaming that rests on Wikipedia alone any better attested.
    A place with a source of no stated kind is not counted: mapgen cannot tell what that
    source is, so it says nothing rather than something untrue.

    Examples
    --------
    >>> from mapgen.model import SourceKind
    >>> place = Place("volgograd", 44.5, 48.7, 1961, (Citation("wp"), Citation("blog")))
    >>> sources = {"wp": Source("wp", "Volgograd", kind=SourceKind("wiki")),
    ...            "blog": Source("blog", "A walk in Volgograd", kind=SourceKind("blog"))}
    >>> rests_on_wikis_and_blogs(place, sources)
    True
    >>> sources["wp"] = Source("wp", "Volgograd", kind=SourceKind("encyclopedia"))
    >>> rests_on_wikis_and_blogs(place, sources)
    False
    """
    cited = [sources.get(sid) for sid in evidence_sources(place)]
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
    >>> history = (NameChange("Tsaritsyn"), NameChange("Stalingrad", year=1925), NameChange("Volgograd", year=1961))
    >>> places = (Place("volgograd", 44.5, 48.7, 1961, (Citation("s"),), history=history),
    ...           Place("dushanbe", 68.8, 38.5, 1961, (Citation("s"),)))
    >>> year_steps(Dataset("x.geojson", places))
    [{'year': 1925, 'renamings': 1, 'events': 0}, {'year': 1961, 'renamings': 2, 'events': 0}]
    """
    renamings: Counter[int] = Counter()
    events: Counter[int] = Counter()
    for place in dataset.places:
        if place.category is Category.EVENT:
            events[place.year] += 1
            continue
        renamings.update(change_days(place).keys())
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
    renamings = dataset.renamings  # made anew at each use: once here
    people = Counter(p.named_after for p in renamings if p.named_after)
    ranked = sorted(people, key=lambda name: (-people[name], name))
    colours, others = person_colours(ranked)
    kinds = Counter(p.kind or "other" for p in renamings)
    first, last = years_of(dataset)
    steps = year_steps(dataset)
    packed = len(dataset.places) > PACK_ABOVE
    if packed:
        strings = Strings()
        columns = _columns(dataset.places, strings)
        starting = len(strings.index)  # the texts the columns need come first
        memo: tuple[dict, dict] = ({}, {})
        places = [place_record(p, strings.ref, True, memo) for p in dataset.places]
    else:
        memo = ({}, {})
        places = [place_record(p, memo=memo) for p in dataset.places]
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
        "unattributed": len(renamings) - people.total(),
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
    if packed:
        table = strings.table
        # Columns compress far better than the same values spread between records, and they
        # are all the page needs to start: the rest of each record (quotes above all) is the
        # second block, inflated only when a popup, search or the list first needs it.
        del payload["places"]
        payload["columns"] = columns
        payload["strings"] = table[:starting]
        payload["records"] = {"strings": table[starting:], "refs": TEXT_KEYS, "places": places}
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

#: zlib's level for packed data, chosen by measurement (``docs/page-data.md``): at 100,000
#: places whose texts all differ, level 3 takes about a third of level 6's time for a page
#: about a sixth larger, well under 15 MB.
COMPRESSION_LEVEL = 3


@dataclass(frozen=True)
class PageData:
    """The text of the page's data blocks: ``data`` (read at start-up), and for a packed map
    ``records`` (the rest of every place's record, read when first needed)."""

    data: str
    encoding: str | None
    records: str | None = None


def _packed(value: Any) -> str:
    # gzip with no file name and mtime 0: the same payload gives the same bytes.
    return base64.b64encode(gzip.compress(orjson.dumps(value), compresslevel=COMPRESSION_LEVEL, mtime=0)).decode(
        "ascii"
    )


def page_data(payload: dict[str, Any]) -> PageData:
    """The page's data blocks: plain JSON (``encoding`` None) or :data:`COMPRESSED`.

    A packed payload (more than :data:`PACK_ABOVE` places) is compressed in two blocks; the
    page inflates them with the browser's own ``DecompressionStream``
    (``mapgen/page/static/data.js``). base64 holds no character that could end a ``<script>``
    element. The same payload gives the same bytes.
    """
    if "columns" not in payload:
        return PageData(to_script_json(payload), None)
    start = {k: v for k, v in payload.items() if k != "records"}
    return PageData(_packed(start), COMPRESSED, _packed(payload["records"]))


_BLOCK = re.compile(
    r'<script type="[^"]+" id="(mapgen-data|mapgen-records)"(?: data-encoding="([^"]+)")?>(.*?)</script>', re.S
)


def read_page_data(html: str) -> dict[str, Any]:
    """The payload back from a page (for tests and tools): the inverse of :func:`page_data`.

    Packed data is unpacked, so its ``"places"`` read as a small map's plain JSON does.

    Raises
    ------
    ValueError
        If the page holds no data block that mapgen wrote, or it cannot be read.
    """
    blocks = {name: (encoding, text) for name, encoding, text in _BLOCK.findall(html)}
    if "mapgen-data" not in blocks:
        raise ValueError("no mapgen-data block")

    def read(encoding: str | None, text: str) -> Any:
        return json.loads(gzip.decompress(base64.b64decode(text)) if encoding == COMPRESSED else text)

    payload = read(*blocks["mapgen-data"])
    if "columns" not in payload:
        return payload
    records = read(*blocks["mapgen-records"])
    strings = payload.pop("strings") + records["strings"]
    refs = set(records["refs"])

    def unpack(value: Any) -> Any:
        if isinstance(value, list):
            return [unpack(v) for v in value]
        if isinstance(value, dict):
            return {k: strings[v] if k in refs and isinstance(v, int) else unpack(v) for k, v in value.items()}
        return value

    columns = payload.pop("columns")
    places = []
    for i, rest in enumerate(records["places"]):
        # In the order place_record writes a record, so the two forms compare equal as JSON text too.
        record: dict[str, Any] = {"id": columns["id"][i], "lat": columns["lat"][i], "lon": columns["lon"][i]}
        if columns["event"][i]:
            record["event"] = True
        for key in ("old", "new", "title"):
            if columns[key][i] >= 0:
                record[key] = strings[columns[key][i]]
        record["year"] = columns["year"][i]
        for key in ("kind", "person"):
            if columns[key][i] >= 0:
                record[key] = strings[columns[key][i]]
        record.update(unpack(rest))
        places.append(record)
    payload["places"] = places
    return payload
