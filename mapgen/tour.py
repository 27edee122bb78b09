"""The guided tour's order: which places it stops at, and in what order.

The page's Tour button (``mapgen/page/static/tour.js``), its ``#tour=N`` links, ``mapgen embed
--tour`` and any exporter that makes one slide per stop all take their order from
:func:`tour_stops`, so they cannot disagree.
"""

from __future__ import annotations

from mapgen.model import Dataset


def tour_stops(dataset: Dataset) -> tuple[str, ...]:
    """The feature ids of the tour's stops, in order.

    The data file's own ``"tour"`` list when it has one; otherwise every feature (renamings
    and events alike) in time order: by year, then by date within the year. A feature with no
    date comes after the dated ones of its year (the sources give only the year, so it is told
    as part of that year's wave), and features that tie keep their order in the file.

    Examples
    --------
    >>> from mapgen.model import Citation, Place
    >>> cite = (Citation("s"),)
    >>> places = (
    ...     Place("b", 0, 0, 1961, cite),
    ...     Place("a", 0, 0, 1961, cite, date="1961-11-10"),
    ...     Place("c", 0, 0, 1956, cite),
    ... )
    >>> tour_stops(Dataset("x.geojson", places))
    ('c', 'a', 'b')
    >>> tour_stops(Dataset("x.geojson", places, tour=("b", "c")))
    ('b', 'c')
    """
    if dataset.tour:
        return dataset.tour
    # sorted() is stable: features that tie keep their order in the file.
    ordered = sorted(dataset.places, key=lambda place: (place.year, place.date is None, place.date or ""))
    return tuple(place.id for place in ordered)
