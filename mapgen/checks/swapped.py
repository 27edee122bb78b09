"""Coordinates checked against the dataset's other places: a lon and lat written the wrong way round.

The GeoNames check (:mod:`mapgen.checks.gazetteer`) sees a swapped pair only for towns, cities
and capitals that GeoNames knows. A street, a square, a peak or a place of a made-up example is
not there, yet a swapped pair is as plain: the point lies far from every other place of the
data, and read the other way round it lies among them. Such a point is an **error**, unless
its record says why it lies where it does (a ``coordinates_source`` or a ``note``): then a
warning. Nothing is said of a place that is merely far from the rest (an outpost, a second
country, a scattered dataset): only a point far beyond the spacing of the others whose swapped
reading lands close to one of them makes the case.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from mapgen.checks.gazetteer import EARTH_RADIUS_KM, ERROR_KM, show_km
from mapgen.errors import Issue, Severity
from mapgen.model import Place

#: How many times nearer to another place the swapped reading must be than the reading given.
CLOSER = 20.0
#: How many times farther out than any other place lies from its nearest neighbour.
SPREAD = 3.0


def _unit_vectors(lats: list[float], lons: list[float]) -> np.ndarray:
    """Points on the unit sphere (one row each) for latitudes and longitudes in degrees."""
    lat, lon = np.radians(np.asarray(lats, dtype=float)), np.radians(np.asarray(lons, dtype=float))
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _nearest(points: np.ndarray, among: np.ndarray, selves: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``points``, the index of the nearest of ``among`` and its great-circle distance in km.

    ``selves`` gives each point's own index in ``among`` (itself when ``points`` is ``among``),
    which is never its own nearest. Rows are taken in blocks, so thousands of places take a
    fraction of a second and little memory.
    """
    selves = np.arange(len(points)) if selves is None else selves
    at, km = np.zeros(len(points), dtype=int), np.full(len(points), np.inf)
    for start in range(0, len(points), 512):
        rows = slice(start, start + 512)
        dots = points[rows] @ among.T  # the nearest point has the largest dot product
        dots[np.arange(dots.shape[0]), selves[rows]] = -np.inf
        if dots.shape[1] > 1:
            at[rows] = dots.argmax(axis=1)
            best = dots[np.arange(dots.shape[0]), at[rows]]
            # The chord between two unit vectors, then the arc it spans.
            km[rows] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(np.maximum(0.0, 2 - 2 * best)) / 2))
    return at, km


def swapped_issues(
    path: str, places: Iterable[tuple[int, Place]], skip: frozenset[int] = frozenset()
) -> tuple[Issue, ...]:
    """An issue for each place whose lon and lat look swapped, judged by the other places.

    A place is reported when the nearest other place is more than :data:`ERROR_KM` away as
    written (and :data:`SPREAD` times farther than any other place lies from its own nearest),
    and the point read with lon and lat exchanged lies :data:`CLOSER` times nearer to one.
    ``places`` are (feature number, place) pairs; feature numbers in ``skip`` (already reported
    against GeoNames) are not reported again, but still count as neighbours.

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
    if len(placed) < 2:
        return ()
    points = _unit_vectors([p.lat for _, p in placed], [p.lon for _, p in placed])
    nearest_at, nearest_km = _nearest(points, points)
    # Only a point far from every other can be a swapped one: those read the other way round.
    far = [i for i, (_, p) in enumerate(placed) if abs(p.lon) <= 90 and nearest_km[i] > ERROR_KM]
    exchanged = _unit_vectors([placed[i][1].lon for i in far], [placed[i][1].lat for i in far])
    swapped_at, swapped_km = _nearest(exchanged, points, np.array(far, dtype=int))
    swapped = [(i, int(j), float(km)) for i, j, km in zip(far, swapped_at, swapped_km, strict=True)]
    suspects: dict[int, tuple[Place, float, float, int, Place]] = {}
    for i, j, swapped_km in swapped:
        given_km = float(nearest_km[i])
        # How far apart the other places lie among themselves (those whose nearest is this one
        # aside): a point that far out may be an outpost, not a mistake.
        others = (np.arange(len(placed)) != i) & (nearest_at != i)
        spread_km = float(nearest_km[others].max()) if others.any() else 0.0
        if swapped_km * CLOSER <= given_km and given_km > SPREAD * spread_km:
            number, place = placed[i]
            suspects[number] = (place, given_km, swapped_km, *placed[j])
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
