"""What the page's JavaScript receives: the dataset as one JSON document.

Data reaches the page only here, as JSON inside ``<script type="application/json">``;
the front end builds popups, labels and tables with ``textContent``, never ``innerHTML``.
So text from the data is never parsed as HTML, JavaScript or a Jinja template.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from mapgen.model import Category, Dataset, Place
from mapgen.options import RenderOptions

#: Colours for "whose name was removed", most frequent person first (Paul Tol's "bright"
#: scheme, which stays distinguishable for colour-blind readers and on projectors).
PALETTE = ("#CC3311", "#4477AA", "#228833", "#AA3377", "#CCBB44", "#66CCEE", "#EE7733", "#555555")
OTHER_COLOUR = "#888888"

#: Up to this many places, each is drawn on its own with a placed label (labels.js); above it,
#: markers are clustered and labelled on hover only, so the map stays readable and fast.
PLACED_LABEL_LIMIT = 500


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields (None, "", []) but keep numbers, zero included (a latitude of 0)."""
    return {k: v for k, v in record.items() if v is not None and (v or isinstance(v, (int, float)))}


def place_record(place: Place) -> dict[str, Any]:
    """One place, with short keys: 100,000 of these must stay small."""
    return _compact(
        {
            "id": place.id,
            "lat": place.lat,
            "lon": place.lon,
            "event": place.category is Category.EVENT or None,
            "old": place.old_name,
            "new": place.new_name,
            "oldNative": place.old_name_native,
            "newNative": place.new_name_native,
            "title": place.title,
            "place": place.place,
            "year": place.year,
            "date": place.date,
            "kind": place.kind,
            "then": place.country_then,
            "now": place.country_now,
            "person": place.named_after,
            "note": place.note,
            "links": list(place.links),
            "history": [
                _compact({"name": h.name, "native": h.native, "from": h.year, "date": h.date}) for h in place.history
            ],
            "disputes": [
                _compact(
                    {
                        "about": d.about,
                        "note": d.note,
                        "claims": [{"value": c.value, "source": c.source} for c in d.claims],
                    }
                )
                for d in place.disagreements
            ],
            "cites": [
                _compact({"source": c.source, "quote": c.quote, "url": c.url, "locator": c.locator})
                for c in place.citations
            ],
        }
    )


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


def build_payload(dataset: Dataset, options: RenderOptions, credits: list[dict[str, str]]) -> dict[str, Any]:
    """Everything the front end needs, as plain JSON-ready data."""
    people = Counter(p.named_after for p in dataset.renamings if p.named_after)
    ranked = sorted(people, key=lambda name: (-people[name], name))
    colours = {name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, name in enumerate(ranked)}
    kinds = Counter(p.kind or "other" for p in dataset.renamings)
    first, last = years_of(dataset)
    steps = year_steps(dataset)
    return {
        "title": options.title or dataset.title or "Renamed places",
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
        "people": [{"name": n, "colour": colours[n], "count": people[n]} for n in ranked],
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
        "places": [place_record(p) for p in dataset.places],
        "credits": credits,
    }


def to_script_json(payload: dict[str, Any]) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., so no text in the data can close
    the script element or open a comment; U+2028/U+2029 are escaped for old parsers.

    Examples
    --------
    >>> to_script_json({"q": "</script><b>"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
