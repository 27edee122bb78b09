"""Coordinates checked against GeoNames: a warning when a town or city lies far from its entry.

A renamed place whose ``kind`` is ``town``, ``city`` or ``capital`` is looked up by every name
it has borne (``old_name``, ``new_name``, the native spellings, every ``history`` step) among
GeoNames' places in its present country (``country_now``: a place whose ``country_now`` is
missing or names no country GeoNames knows is not checked, since a namesake elsewhere proves
nothing). When the nearest entry found is farther than the limit (25 km unless
``--gazetteer-km`` says otherwise), the place gets a **warning**, which never blocks a build.
A place no name of which is in GeoNames is not mentioned: many small or vanished places are
not there, and ``mapgen locate`` is the tool for looking. A ``gazetteer_note`` on the place
(why it legitimately lies elsewhere) silences the check for it.

The GeoNames index is opened only when some place needs checking (see :mod:`mapgen.checks.geonames`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mapgen.errors import Issue, Severity
from mapgen.model import Category, Dataset, Place

if TYPE_CHECKING:
    from mapgen.checks.geonames import GeoName

#: The kinds of place GeoNames' table of populated places can confirm.
CHECKED_KINDS = frozenset({"town", "city", "capital"})
#: Farther than this from its GeoNames entry, with nothing in the record to say why, a place's
#: coordinates are an error (a swapped pair, a sign lost, another place's row), not a warning.
ERROR_KM = 100.0
#: The mean Earth radius (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in km (haversine).

    Examples
    --------
    >>> round(distance_km(48.7086, 44.5147, 48.7138, 44.4976))  # Volgograd, data vs GeoNames
    1
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def place_names(place: Place) -> tuple[str, ...]:
    """Every name the place has borne, in the data's own spellings, each once."""
    names = [place.old_name, place.new_name, place.old_name_native, place.new_name_native]
    for step in place.history:
        names += [step.name, step.native]
    return tuple(dict.fromkeys(n for n in names if n))


def checked_places(places: Iterable[tuple[int, Place]]) -> list[tuple[int, Place]]:
    """The places the check applies to, with their feature numbers."""
    return [
        (index, place)
        for index, place in places
        if place.category is Category.RENAMING and place.kind in CHECKED_KINDS and place.gazetteer_note is None
    ]


def gazetteer_warnings(dataset: Dataset, max_km: float) -> tuple[Issue, ...]:
    """The check over every place of a valid dataset (see :func:`gazetteer_issues`)."""
    # A dataset holds every feature of a valid file, in file order, so a place's position is
    # its feature number.
    return gazetteer_issues(dataset.path, enumerate(dataset.places), max_km)


def gazetteer_issues(path: str, places: Iterable[tuple[int, Place]], max_km: float) -> tuple[Issue, ...]:
    """An issue for each town, city or capital farther than ``max_km`` from GeoNames' entry.

    A warning, unless the place is more than :data:`ERROR_KM` away (or ``max_km``, if larger)
    and its record gives no reason for it (no ``coordinates_source``, no ``note``): then the
    coordinates are almost surely wrong, and it is an error. ``places`` are (feature number,
    place) pairs; the places of a file with errors elsewhere are checked too, so its warnings
    are seen with its errors. ``max_km`` of 0 switches the check off (and nothing is loaded).
    """
    if max_km <= 0:
        return ()
    places = checked_places(places)
    if not places:
        return ()
    from mapgen.checks.geonames import find_country, gazetteer, normalise

    checked = []
    for number, place in places:
        country = find_country(place.country_now)
        if country is not None:
            checked.append((number, place, country.code, place_names(place)))
    # One look-up for every name at once; each place then keeps the entries in its country.
    found = gazetteer().lookup(name for *_, names in checked for name in names)
    issues = []
    for number, place, code, names in checked:
        matches = [
            (name, entry) for name in names for entry in found.get(normalise(name), ()) if entry.country_code == code
        ]
        if not matches:
            continue
        # The nearest entry; named, where it can be, by the name GeoNames itself gives it.
        km, _, _, name, entry = min(
            (distance_km(place.lat, place.lon, e.lat, e.lon), e.geonameid, n != e.name, n, e) for n, e in matches
        )
        if km > max_km:
            issues.append(_far(path, number, place, name, entry, km, code, max_km))
    return tuple(sorted(issues, key=lambda i: i.feature))


def _km(km: float) -> str:
    return f"{km:,.0f} km" if km >= 100 else f"{km:.1f} km"


def _far(path: str, number: int, place: Place, name: str, entry: GeoName, km: float, code: str, max_km: float) -> Issue:
    from mapgen.checks.geonames import countries

    also = "" if entry.name == name else f', which GeoNames also calls "{name}"'
    found = (
        f'geometry.coordinates: {_km(km)} from GeoNames "{entry.name}" (id {entry.geonameid}, at '
        f"[{entry.lon:.4f}, {entry.lat:.4f}]{also}), the nearest place in {countries()[code].name} known by one of "
        "its names"
    )
    # Written the wrong way round, a place in range of both readings lands far away: say so.
    swapped_km = distance_km(place.lon, place.lat, entry.lat, entry.lon) if abs(place.lon) <= 90 else math.inf
    if swapped_km <= max_km:
        fix = (
            f"lon and lat look swapped: as lon {place.lat!r}, lat {place.lon!r} the place lies {_km(swapped_km)} from "
            "it; swap them"
        )
    else:
        fix = (
            f'check the coordinates (mapgen locate "{name}" --country {code}), or add a "gazetteer_note" saying why '
            "the place lies elsewhere"
        )
    reasoned = place.coordinates_source is not None or place.note is not None
    severity = Severity.ERROR if km > max(ERROR_KM, max_km) and not reasoned else Severity.WARNING
    return Issue(path, f"{found}; {fix}", number, place.id, severity)
