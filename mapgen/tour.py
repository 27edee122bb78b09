"""The guided tour's stops: the data file's own chapters, or one stop per year of renamings.

The page's Tour button (``mapgen/page/static/tour.js``), its ``#tour=N`` links, ``mapgen embed
--tour`` and the PowerPoint deck ``--by tour`` all take their stops from :func:`tour_stops`,
so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from mapgen.model import Category, Dataset, Place, TourStop


def headline(place: Place) -> str:
    """ "Stalingrad → Volgograd", or an event's title: how a place is named in one line."""
    if place.category is Category.EVENT:
        return place.title or place.id
    return f"{place.old_name} → {place.new_name}"


def time_order(dataset: Dataset) -> tuple[str, ...]:
    """Every feature id (renamings and events alike) in time order.

    By year, then by date within the year. A feature with no date comes after the dated ones
    of its year (the sources give only the year, so it is told as part of that year's wave),
    and features that tie keep their order in the file.

    Examples
    --------
    >>> from mapgen.model import Citation
    >>> cite = (Citation("s"),)
    >>> places = (
    ...     Place("b", 0, 0, 1961, cite),
    ...     Place("a", 0, 0, 1961, cite, date="1961-11-10"),
    ...     Place("c", 0, 0, 1956, cite),
    ... )
    >>> time_order(Dataset("x.geojson", places))
    ('c', 'a', 'b')
    """
    ordered = sorted(
        enumerate(dataset.places),
        key=lambda item: (item[1].year, item[1].date is None, item[1].date or "", item[0]),
    )
    return tuple(place.id for _, place in ordered)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def year_title(year: int, places: list[Place]) -> str:
    """ "1961: 19 renamings, 1 event": a year and what happened in it, as the slider counts it."""
    renamings = sum(1 for p in places if p.category is Category.RENAMING)
    parts = [_count(renamings, "renaming")] if renamings else []
    if len(places) > renamings:
        parts.append(_count(len(places) - renamings, "event"))
    return f"{year}: {', '.join(parts)}"


def _year_of(places: list[Place]) -> int | None:
    """The year most of ``places`` were renamed in (the latest of those that tie)."""
    counts = Counter(p.year for p in places)
    return max(counts, key=lambda year: (counts[year], year)) if counts else None


def tour_stops(dataset: Dataset) -> tuple[TourStop, ...]:
    """The tour's stops in order, each with its title and year worked out.

    The data file's own ``tour`` when it has one: a chapter keeps its words; a chapter without
    a ``year`` shows the year most of its places were renamed; a plain feature id becomes a stop
    about that place, titled by it, at its year, its popup open. Without a ``tour``: one stop
    per year in which names changed (or an event fell), with that year's places in time order,
    titled by the year and its count.

    Examples
    --------
    >>> from mapgen.model import Citation
    >>> cite = (Citation("s"),)
    >>> places = (
    ...     Place("b", 0, 0, 1961, cite, old_name="B", new_name="Bee"),
    ...     Place("a", 0, 0, 1961, cite, old_name="A", new_name="Ay"),
    ...     Place("c", 0, 0, 1956, cite, category=Category.EVENT, title="A speech"),
    ... )
    >>> [(s.title, s.places) for s in tour_stops(Dataset("x.geojson", places))]
    [('1956: 1 event', ('c',)), ('1961: 2 renamings', ('b', 'a'))]
    >>> stop = TourStop(places=("a",), popup="a", shorthand=True)
    >>> tour_stops(Dataset("x.geojson", places, tour=(stop,)))[0].title
    'A → Ay'
    """
    by_id = {p.id: p for p in dataset.places}
    if dataset.tour:
        stops = []
        for stop in dataset.tour:
            known = [by_id[i] for i in stop.places if i in by_id]
            if stop.shorthand and known:
                stops.append(replace(stop, title=headline(known[0]), year=known[0].year))
            else:
                stops.append(replace(stop, year=stop.year if stop.year is not None else _year_of(known)))
        return tuple(stops)
    # One pass over the places in time order, each to its year's stop (a pass per year would
    # walk 100,000 places once for every year).
    by_year: dict[int, list[Place]] = {}
    for place in (by_id[i] for i in time_order(dataset)):
        by_year.setdefault(place.year, []).append(place)
    return tuple(
        TourStop(title=year_title(year, of_year), places=tuple(p.id for p in of_year), year=year)
        for year, of_year in sorted(by_year.items())
    )
