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
from typing import TYPE_CHECKING

from mapgen.errors import Issue, Severity
from mapgen.model import Category, Dataset, Place

if TYPE_CHECKING:
    from mapgen.checks.geonames import GeoName

#: The kinds of place GeoNames' table of populated places can confirm.
CHECKED_KINDS = frozenset({"town", "city", "capital"})
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


def checked_places(dataset: Dataset) -> list[tuple[int, Place]]:
    """The places the check applies to, with their feature numbers."""
    # A dataset holds every feature of a valid file, in file order, so a place's position is
    # its feature number.
    return [
        (index, place)
        for index, place in enumerate(dataset.places)
        if place.category is Category.RENAMING and place.kind in CHECKED_KINDS and place.gazetteer_note is None
    ]


def gazetteer_warnings(dataset: Dataset, max_km: float) -> tuple[Issue, ...]:
    """A warning for each town, city or capital farther than ``max_km`` from GeoNames' entry.

    ``max_km`` of 0 switches the check off (and nothing is loaded).
    """
    if max_km <= 0:
        return ()
    places = checked_places(dataset)
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
            issues.append(_warning(dataset.path, number, place, name, entry, km, code))
    return tuple(sorted(issues, key=lambda i: i.feature))


def _km(km: float) -> str:
    return f"{km:,.0f} km" if km >= 100 else f"{km:.1f} km"


def _warning(path: str, number: int, place: Place, name: str, entry: GeoName, km: float, code: str) -> Issue:
    from mapgen.checks.geonames import countries

    also = "" if entry.name == name else f', which GeoNames also calls "{name}"'
    message = (
        f'geometry.coordinates: {_km(km)} from GeoNames "{entry.name}" (id {entry.geonameid}, at '
        f"[{entry.lon:.4f}, {entry.lat:.4f}]{also}), the nearest place in {countries()[code].name} known by one of "
        f'its names; check the coordinates (mapgen locate "{name}" --country {code}), or add a "gazetteer_note" '
        "saying why the place lies elsewhere"
    )
    return Issue(path, message, number, place.id, Severity.WARNING)
