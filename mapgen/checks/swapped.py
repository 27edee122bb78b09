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
from collections.abc import Iterable, Sequence

from mapgen.checks.gazetteer import EARTH_RADIUS_KM, ERROR_KM, show_km
from mapgen.errors import Issue, Severity
from mapgen.model import Place

#: How many times nearer to another place the swapped reading must be than the reading given.
CLOSER = 20.0
#: How many times farther out than any other place lies from its nearest neighbour.
SPREAD = 3.0
#: Up to this many distances are measured in plain Python: numpy's import alone (0.1-0.4 s)
#: would cost a small file more than the whole check, and `mapgen validate` must stay quick.
PLAIN_PYTHON_PAIRS = 250_000

Vector = tuple[float, float, float]


def _unit_vector(lat: float, lon: float) -> Vector:
    """A point on the unit sphere for a latitude and longitude in degrees."""
    lat, lon = math.radians(lat), math.radians(lon)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def _arc_km(dot: float) -> float:
    """The great-circle distance between two unit vectors whose dot product is ``dot``."""
    # The chord between them, then the arc it spans.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(max(0.0, 2 - 2 * dot)) / 2))


def _nearest(points: Sequence[Vector], among: Sequence[Vector], selves: Sequence[int]) -> list[tuple[int, float]]:
    """For each of ``points``, the index of the nearest of ``among`` and its distance in km.

    ``selves`` gives each point's own index in ``among``, never its own nearest (-1 for none).
    A small file measures every pair in plain Python; a large one asks a k-d tree over the
    points on the unit sphere (scipy's ``cKDTree``: the nearest by chord is the nearest on the
    globe), so 100,000 places take a fraction of a second, not n² measurements.
    """
    if len(among) < 2 and all(s >= 0 for s in selves):
        return [(s, 0.0) for s in selves]
    if len(points) * len(among) <= PLAIN_PYTHON_PAIRS:
        found = []
        for (x, y, z), self in zip(points, selves, strict=True):
            best, at = -math.inf, self
            for j, (a, b, c) in enumerate(among):
                dot = x * a + y * b + z * c
                if dot > best and j != self:
                    best, at = dot, j
            found.append((at, _arc_km(best)))
        return found
    import numpy as np  # only for a large file
    from scipy.spatial import cKDTree

    chords, nearest = cKDTree(np.asarray(among, dtype=float)).query(np.asarray(points, dtype=float), k=2)
    # The first of the two is the point itself when it is one of ``among`` (or shares its spot).
    first_is_self = nearest[:, 0] == np.asarray(selves, dtype=int)
    at = np.where(first_is_self, nearest[:, 1], nearest[:, 0])
    chord = np.where(first_is_self, chords[:, 1], chords[:, 0])
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord / 2))
    return list(zip(at.tolist(), km.tolist(), strict=True))


def swapped_readings(
    points: Sequence[tuple[float, float]], places: Sequence[Place]
) -> list[tuple[float, float, Place] | None]:
    """For each point written as ``(lon, lat)`` that looks swapped: (km from the nearest place
    as written, km as read the other way round, that place); None for one that does not.

    A point looks swapped when the nearest place lies more than :data:`ERROR_KM` away as
    written, and :data:`CLOSER` times nearer with lon and lat exchanged (used for the views of
    a tour's stops: the places are measured once for all of them).

    Examples
    --------
    >>> from mapgen.model import Place
    >>> volgograd = Place("volgograd", 44.5147, 48.7086, 1961, ())
    >>> swapped, right = swapped_readings([(48.7, 44.5), (44.5, 48.7)], [volgograd])
    >>> given_km, swapped_km, near = swapped
    >>> round(given_km), round(swapped_km), near.id, right
    (567, 1, 'volgograd', None)
    """
    placed = [p for p in places if math.isfinite(p.lon) and math.isfinite(p.lat)]
    found: list[tuple[float, float, Place] | None] = [None] * len(points)
    candidates = [i for i, (lon, _) in enumerate(points) if abs(lon) <= 90]
    if not placed or not candidates:
        return found
    among = [_unit_vector(p.lat, p.lon) for p in placed]
    written = _nearest([_unit_vector(points[i][1], points[i][0]) for i in candidates], among, [-1] * len(candidates))
    exchanged = _nearest([_unit_vector(points[i][0], points[i][1]) for i in candidates], among, [-1] * len(candidates))
    for i, (_, given_km), (near, swapped_km) in zip(candidates, written, exchanged, strict=True):
        if given_km > ERROR_KM and swapped_km * CLOSER <= given_km:
            found[i] = (given_km, swapped_km, placed[near])
    return found


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
    points = [_unit_vector(p.lat, p.lon) for _, p in placed]
    nearest = _nearest(points, points, range(len(points)))
    # Only a point far from every other can be a swapped one: those read the other way round.
    far = [i for i, (_, p) in enumerate(placed) if abs(p.lon) <= 90 and nearest[i][1] > ERROR_KM]
    exchanged = [_unit_vector(placed[i][1].lon, placed[i][1].lat) for i in far]
    # The places by how far their nearest lies, farthest first: the spread below is read off its head.
    by_distance = sorted(range(len(placed)), key=lambda k: -nearest[k][1])
    suspects: dict[int, tuple[Place, float, float, int, Place]] = {}
    for i, (j, swapped_km) in zip(far, _nearest(exchanged, points, far), strict=True):
        given_km = nearest[i][1]
        # How far apart the other places lie among themselves (those whose nearest is this one
        # aside): a point that far out may be an outpost, not a mistake.
        others = (nearest[k][1] for k in by_distance if k != i and nearest[k][0] != i)
        spread_km = next(others, 0.0)
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
