"""Coordinates checked against the dataset's other places: a lon and lat written the wrong way round.

The GeoNames check (:mod:`mapgen.checks.gazetteer`) sees a swapped pair only for towns, cities
and capitals that GeoNames knows. A street, a square, a peak or a place of a made-up example is
not there, yet a swapped pair is as plain: the point lies far from every other place of the
data, and read the other way round it lies among them. Such a point is an **error**, unless
its record says why it lies where it does (a ``coordinates_source`` or a ``note``): then a
warning. Nothing is said of a place that is merely far from the rest (an outpost, a second
country): only the swapped reading landing close to another place makes the case.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from mapgen.checks.gazetteer import ERROR_KM, distance_km, show_km
from mapgen.errors import Issue, Severity
from mapgen.model import Place

#: How many times nearer to another place the swapped reading must be than the reading given.
CLOSER = 20.0


def _nearest(lat: float, lon: float, others: list[tuple[int, Place]]) -> tuple[float, tuple[int, Place]]:
    """The distance to the nearest of ``others`` ((feature number, place) pairs) and that pair."""
    return min(((distance_km(lat, lon, o.lat, o.lon), (n, o)) for n, o in others), key=lambda pair: pair[0])


def swapped_issues(
    path: str, places: Iterable[tuple[int, Place]], skip: frozenset[int] = frozenset()
) -> tuple[Issue, ...]:
    """An issue for each place whose lon and lat look swapped, judged by the other places.

    A place is reported when the nearest other place is more than :data:`ERROR_KM` away as
    written, and the point read with lon and lat exchanged lies :data:`CLOSER` times nearer to
    one. ``places`` are (feature number, place) pairs; feature numbers in ``skip`` (already
    reported against GeoNames) are not reported again, but still count as neighbours.

    Examples
    --------
    >>> from mapgen.model import Place
    >>> a = Place("a", -1.2001, 52.1003, 1995, ())
    >>> b = Place("b", -1.2032, 52.1021, 1995, ())
    >>> c = Place("c", 52.0991, -1.1987, 1995, ())
    >>> [i.feature_id for i in swapped_issues("places.geojson", enumerate([a, b, c]))]
    ['c']
    """
    placed = [(n, p) for n, p in places if math.isfinite(p.lon) and math.isfinite(p.lat)]
    suspects: dict[int, tuple[Place, float, float, int, Place]] = {}
    for number, place in placed:
        others = [(n, p) for n, p in placed if n != number]
        if abs(place.lon) > 90 or not others:
            continue
        given_km, _ = _nearest(place.lat, place.lon, others)
        swapped_km, (near_number, near) = _nearest(place.lon, place.lat, others)
        if given_km > ERROR_KM and swapped_km * CLOSER <= given_km:
            suspects[number] = (place, given_km, swapped_km, near_number, near)
    issues = []
    for number, (place, given_km, swapped_km, near_number, near) in suspects.items():
        if number in skip:
            continue
        # Two places that each land on the other when swapped: one of them is wrong, which is
        # for the data to say; told once, on the later one.
        both = near_number in suspects and suspects[near_number][3] == number
        if both and near_number > number:
            continue
        whose = f'the lon and lat of this place or of "{near.id}"' if both else "lon and lat"
        reasoned = place.coordinates_source is not None or place.note is not None
        issues.append(
            Issue(
                path,
                f"geometry.coordinates: [{place.lon!r}, {place.lat!r}] lies {given_km:,.0f} km from the nearest "
                f"other place of the data; {whose} look swapped: as lon {place.lat!r}, lat {place.lon!r} "
                f'the place lies {show_km(swapped_km)} from "{near.id}"; {"swap the pair that is wrong" if both else "swap them"}',
                number,
                place.id,
                Severity.WARNING if reasoned else Severity.ERROR,
            )
        )
    return tuple(issues)
