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


def change_days(place: Place) -> dict[int, str | None]:
    """The years in which ``place`` took a new name, each with its day where the data gives one.

    Its own renaming first, then the other steps of its history (Tsaritsyn → Stalingrad in 1925),
    as the slider counts them: an event has only its own year.

    Examples
    --------
    >>> from mapgen.model import Citation, NameChange
    >>> steps = (NameChange("Okhotny Ryad"), NameChange("Kaganovich", year=1955), NameChange("Marx", year=1961))
    >>> change_days(Place("s", 0, 0, 1957, (Citation("x"),), history=steps))
    {1957: None, 1955: None, 1961: None}
    """
    days: dict[int, str | None] = {place.year: place.date}
    if place.category is Category.RENAMING:
        for step in place.history:
            if step.year is not None and step.year not in days:
                days[step.year] = step.date
    return days


def year_title(year: int, places: list[Place]) -> str:
    """ "1961: 22 renamings, 1 event": a year and what happened in it, as the slider counts it.

    ``places`` are the year's: those renamed in it (by their own renaming or a later step of their
    history, see :func:`change_days`) and its events.
    """
    renamings = sum(1 for p in places if p.category is Category.RENAMING)
    parts = [_count(renamings, "renaming")] if renamings else []
    if len(places) > renamings:
        parts.append(_count(len(places) - renamings, "event"))
    return f"{year}: {', '.join(parts)}"


def _by_year(dataset: Dataset) -> dict[int, list[Place]]:
    """The default tour's years, each with its places in time order.

    A year is a stop when a place had the renaming it is on the map for then, or an event fell
    in it (the steps of histories, Rybinsk's 1504 among them, are context, not stops). A stop's
    places are every place whose name changed that year, as the slider counts: Okhotny Ryad
    (renamed 1957, again 1961) is one of 1961's. One pass over the places, each to its years (a
    pass per year would walk 100,000 places once for every year).
    """
    stops = {p.year for p in dataset.places}
    found: dict[int, list[tuple[bool, str, int, Place]]] = {year: [] for year in stops}
    for k, place in enumerate(dataset.places):
        for year, day in change_days(place).items():
            if year in found:
                found[year].append((day is None, day or "", k, place))
    return {year: [p for *_, p in sorted(found[year], key=lambda t: t[:3])] for year in sorted(found)}


def _year_of(places: list[Place]) -> int | None:
    """The year most of ``places`` were renamed in (the latest of those that tie)."""
    counts = Counter(p.year for p in places)
    return max(counts, key=lambda year: (counts[year], year)) if counts else None


def tour_stops(dataset: Dataset) -> tuple[TourStop, ...]:
    """The tour's stops in order, each with its title and year worked out.

    The data file's own ``tour`` when it has one: a chapter keeps its words; a chapter without
    a ``year`` shows the year most of its places were renamed; a plain feature id becomes a stop
    about that place, titled by it, at its year, its popup open. Without a ``tour``: one stop
    per year in which places had the renaming they are on the map for (or an event fell), with
    every place renamed that year in time order, titled by the year and its count.

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
    return tuple(
        TourStop(title=year_title(year, of_year), places=tuple(p.id for p in of_year), year=year)
        for year, of_year in _by_year(dataset).items()
    )
