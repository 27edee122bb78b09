"""The data file's ``tour``: its stops checked against the places, its citations against the sources.

A stop is a chapter (``{"title", "text", "places", "year", "view", "citations", "popup"}``) or,
as shorthand, one feature id. The schema checked each value's type; here are the rules it
cannot express: every place a stop names exists, a popup is one of the stop's places, its
year lies within the data's years, its view is on the globe (and not written
[latitude, longitude]), and its quotes are verbatim in
their sources (the one citation check places use, :mod:`mapgen.checks.citations`). Messages
say where in the stop: ``tour[3].places[1]: no place "volgogard"; did you mean "volgograd"?``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mapgen.checks.citations import check_citation
from mapgen.checks.gazetteer import show_km
from mapgen.checks.schema import SLUG, nearest
from mapgen.checks.swapped import swapped_readings
from mapgen.errors import Severity
from mapgen.model import Citation, Place, Source, TourStop, View

#: ``at(path within the document, message, severity)``: where the validator records a problem.
At = Callable[..., None]


def check_tour(
    tour: Any,
    places: dict[str, Place],
    ids: dict[str, int],
    sources: dict[str, Source],
    broken: dict[str, str],
    quotes: dict[tuple[str, str], bool],
    at: At,
) -> tuple[TourStop, ...]:
    """The data file's tour, stop by stop, with every problem recorded through ``at``.

    ``places`` are the features that passed validation, ``ids`` every feature id in the file
    (a feature that failed is reported there, not again as missing here).

    Examples
    --------
    >>> from mapgen.model import Place
    >>> places = {"volgograd": Place("volgograd", 44.5, 48.7, 1961, ())}
    >>> problems = []
    >>> stops = check_tour([{"title": "1961", "places": ["volgogard"]}], places, {"volgograd": 0},
    ...                    {}, {}, {}, lambda path, message, *_: problems.append((path, message)))
    >>> problems
    [(['tour', 0, 'places', 0], 'no place "volgogard"; did you mean "volgograd"?')]
    """
    if not isinstance(tour, list):
        return ()  # absent, or not a list: the schema said so already
    years = [p.year for p in places.values()]
    span = (min(years), max(years)) if years else None
    stops: list[TourStop] = []
    views: list[tuple[int, View]] = []  # (stop index, its own view)
    shorthand_at: dict[str, int] = {}
    for index, stop in enumerate(tour):
        where = ["tour", index]
        if isinstance(stop, str):
            if stop in shorthand_at:
                at(
                    where,
                    f'"{stop}" is already stop {shorthand_at[stop] + 1} of the tour; each feature can be one stop',
                )
                continue
            shorthand_at[stop] = index
            _known_place(stop, ids, where, at)
            stops.append(TourStop(places=(stop,), popup=stop, shorthand=True))
        elif isinstance(stop, dict):
            stops.append(_check_stop(stop, where, ids, span, sources, broken, quotes, at))
            if stops[-1].view is not None:
                views.append((index, stops[-1].view))
    _swapped_centers(views, list(places.values()), at)
    return tuple(stops)


def _swapped_centers(views: list[tuple[int, View]], places: list[Place], at: At) -> None:
    """A centre written [latitude, longitude] (Leaflet's order, not GeoJSON's) shows the wrong
    part of the world: said when the pair read the other way round lies among the places."""
    readings = swapped_readings([(view.lon, view.lat) for _, view in views], places) if views else []
    for (index, view), found in zip(views, readings, strict=True):
        if found is None:
            continue
        given_km, swapped_km, near = found
        at(
            ["tour", index, "view", "center"],
            f"[{view.lon:g}, {view.lat:g}] lies {show_km(given_km)} from the nearest place of the data; "
            f"longitude and latitude look swapped: [{view.lat:g}, {view.lon:g}] lies {show_km(swapped_km)} "
            f'from "{near.id}"; write the centre as [longitude, latitude]',
        )


def _known_place(pid: Any, ids: dict[str, int], where: list[Any], at: At) -> None:
    # An id that is not a slug was reported by the schema; it cannot name a feature either.
    if isinstance(pid, str) and pid not in ids and SLUG.fullmatch(pid):
        at(where, f'no place "{pid}"' + nearest(pid, ids))


def _check_stop(
    stop: dict,
    where: list[Any],
    ids: dict[str, int],
    span: tuple[int, int] | None,
    sources: dict[str, Source],
    broken: dict[str, str],
    quotes: dict[tuple[str, str], bool],
    at: At,
) -> TourStop:
    """One chapter: its places known and named once, its popup one of them, its year and view possible."""
    places = stop.get("places") if isinstance(stop.get("places"), list) else []
    first: dict[str, int] = {}
    for j, pid in enumerate(places):
        if not isinstance(pid, str):
            continue
        if pid in first:
            at([*where, "places", j], f'"{pid}" is already places[{first[pid]}] of this stop; name each place once')
            continue
        first[pid] = j
        _known_place(pid, ids, [*where, "places", j], at)

    popup = stop.get("popup")
    if isinstance(popup, str) and popup not in first:
        listed = ", ".join(f'"{p}"' for p in first) or "none"
        at(
            [*where, "popup"],
            f'expected one of this stop\'s places ({listed}), got "{popup}"; add it to "places" or drop "popup"',
        )

    year = stop.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        year = None  # absent, or reported by the schema
    elif span is not None and not span[0] <= year <= span[1]:
        at(
            [*where, "year"],
            f"expected a year within the data's years ({span[0]} to {span[1]}), got {year}; the slider cannot show it",
        )

    view = _view(stop.get("view"), [*where, "view"], at)

    citations = stop.get("citations") if isinstance(stop.get("citations"), list) else []
    for i, citation in enumerate(citations):
        if isinstance(citation, dict) and isinstance(citation.get("source"), str):
            cited = [*where, "citations", i]
            check_citation(
                citation,
                sources,
                broken,
                quotes,
                lambda field, message, severity, cited=cited: at([*cited, field], message, severity),
            )
    if isinstance(stop.get("text"), str) and not citations:
        at(
            [*where, "text"],
            'has no "citations"; add {"source": ..., "quote": ...} for each fact it states, so readers see the evidence',
            Severity.WARNING,
        )

    def text(key: str) -> str | None:
        value = stop.get(key)
        return value if isinstance(value, str) else None

    return TourStop(
        title=text("title"),
        text=text("text"),
        places=tuple(p for p in places if isinstance(p, str)),
        year=year,
        view=view,
        citations=tuple(
            Citation(c["source"], c.get("quote"), c.get("url"), c.get("locator"))
            for c in citations
            if isinstance(c, dict) and isinstance(c.get("source"), str)
        ),
        popup=popup if isinstance(popup, str) else None,
    )


def _view(view: Any, where: list[Any], at: At) -> View | None:
    """A stop's own view, once its centre lies on the globe (the schema checked its shape)."""
    if not isinstance(view, dict):
        return None
    center, zoom = view.get("center"), view.get("zoom")
    numbers = isinstance(center, list) and len(center) == 2 and all(_number(v) for v in center)
    if not numbers or not _number(zoom):
        return None  # reported by the schema
    lon, lat = (float(v) for v in center)
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        swapped = "; are the two swapped?" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
        at(
            [*where, "center"],
            f"expected [longitude, latitude] with longitude in -180..180 and latitude in -90..90, "
            f"got [{center[0]!r}, {center[1]!r}]{swapped}",
        )
        return None
    return View(lon=lon, lat=lat, zoom=float(zoom))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
