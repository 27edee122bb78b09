"""Step 2 of the pipeline: check a parsed document and turn it into a :class:`Dataset`.

Checks run in two passes: the JSON Schema (``mapgen/checks/schema/places.schema.json``, the same
file editors can use; its errors are worded by :mod:`mapgen.checks.schema`), then the rules a schema
cannot express (unique ids, coordinate ranges, history order, quotes found verbatim in their
sources: :mod:`mapgen.checks.sources`; files in another CRS: :mod:`mapgen.checks.crs`). Every problem is
collected and reported together, each naming the file, the feature, the field, what was
expected and what was found.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable
from pathlib import Path  # noqa: F401 (used in the docstring example)
from typing import Any

from mapgen.checks.citations import check_citation, unknown_source
from mapgen.checks.crs import declared_crs, reproject
from mapgen.checks.schema import field_path, nearest, schema_errors, schema_messages, show
from mapgen.checks.sources import broken_sources, build_sources
from mapgen.checks.tour import check_tour
from mapgen.errors import DataError, Issue, Severity, misspelling_of
from mapgen.formats.load import RawSource
from mapgen.model import Category, Citation, Claim, Dataset, Disagreement, NameChange, Place, Source

KNOWN_PROPERTIES = (
    "id category old_name new_name old_name_native new_name_native title place year date kind "
    "country_then country_now named_after coordinates_source note gazetteer_note links history disagreements citations"
).split()
_KNOWN = frozenset(KNOWN_PROPERTIES)
#: Category by its spelling in the data (a dict look-up; calling the Enum costs ten times more).
_CATEGORIES = {c.value: c for c in Category}


def _schema_issues(document: dict, out: _Collector) -> None:
    """Record every schema error, leaving out what only follows from another one."""
    errors = schema_errors(document, "places.schema.json", items=("features", "feature"))
    # A LineString's coordinates are lists of pairs: once the geometry type is wrong,
    # complaints about its coordinates only repeat that.
    wrong_geometry = {
        tuple(e.absolute_path)[:-1]
        for e in errors
        if list(e.absolute_path)[-2:-1] == ["geometry"] and e.validator == "const"
    }
    for error in errors:
        where = tuple(error.absolute_path)
        if any(where[: len(g) + 1] == g + ("coordinates",) for g in wrong_geometry):
            continue
        for doc_path, message in schema_messages(error):
            out.at(doc_path, message)


class _Collector:
    """Gathers issues for one file, knowing which feature each belongs to."""

    def __init__(self, path: str, features: list[Any]):
        self.path = path
        self.features = features
        self.issues: list[Issue] = []
        self._seen: set[Issue] = set()  # for a cheap duplicate check on large files
        #: Per feature, the top-level fields that failed the schema ("geometry", "year", ...);
        #: "*" when the feature or its properties are not usable at all.
        self.bad_fields: dict[int, set[str]] = {}

    def feature_id(self, index: int) -> str | None:
        try:
            value = self.features[index]["properties"]["id"]
        except (IndexError, KeyError, TypeError):
            return None
        return value if isinstance(value, str) else None

    def at(self, doc_path: list[Any], message: str, severity: Severity = Severity.ERROR) -> None:
        """Record a problem at a path within the document (``["features", 3, "properties", "year"]``)."""
        if len(doc_path) >= 2 and doc_path[0] == "features" and isinstance(doc_path[1], int):
            index = doc_path[1]
            rest = doc_path[2:]
            if rest[:1] == ["properties"] and len(rest) > 1:
                rest = rest[1:]
                self.bad_fields.setdefault(index, set()).add(rest[0])
            elif rest[:1] in (["geometry"], ["type"]):
                self.bad_fields.setdefault(index, set()).add(rest[0])
            else:  # the feature itself, or its properties, is unusable
                self.bad_fields.setdefault(index, set()).add("*")
            field = field_path(rest)
            text = f"{field}: {message}" if field else message
            issue = Issue(self.path, text, index, self.feature_id(index), severity)
        else:
            field = field_path(doc_path)
            issue = Issue(self.path, f"{field}: {message}" if field else message, severity=severity)
        # Blank text breaks two schema rules (minLength and pattern) that say the same thing.
        if issue not in self._seen:
            self._seen.add(issue)
            self.issues.append(issue)

    def feature(self, index: int, field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.issues.append(Issue(self.path, f"{field}: {message}", index, self.feature_id(index), severity))

    def reporter(self, index: int, where: str):
        """A citation checker's ``report`` for the citation at ``where`` (``citations[2]``) of feature ``index``."""
        return lambda field, message, severity: self.feature(index, f"{where}.{field}", message, severity)


def validate(
    document: Any,
    path: str,
    raw_sources: dict[str, RawSource] | None = None,
    source_issues: Iterable[Issue] = (),
    today: _dt.date | None = None,
) -> Dataset:
    """Check a parsed GeoJSON document and return the :class:`Dataset` it describes.

    Parameters
    ----------
    document
        The parsed JSON (from :func:`mapgen.formats.load.read_json`).
    path
        How to name the file in messages, e.g. ``"data/places.geojson"``.
    raw_sources
        The sources read from the ``sources/`` folder beside the data file.
    source_issues
        Problems met while reading those sources, reported with the rest.
    today
        The date that decides which years are "in the future" (tests pin it).

    Raises
    ------
    DataError
        With every problem found (errors and warnings), when there is at least one error.

    Examples
    --------
    >>> from mapgen.formats.load import read_json, read_sources
    >>> raw, problems = read_sources(Path("data/sources"))  # doctest: +SKIP
    >>> validate(read_json(Path("data/places.geojson")), "data/places.geojson", raw, problems)  # doctest: +SKIP
    """
    today = today or _dt.date.today()
    source_issues = list(source_issues)
    sources, issues = build_sources(raw_sources or {})
    broken = broken_sources(raw_sources or {}, sources, source_issues)
    issues = list(source_issues) + issues
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else None
        got = f'"type": {show(found)}' if found is not None else show(document)
        hint = '; wrap it as {"type": "FeatureCollection", "features": [it]}' if found == "Feature" else ""
        issues.append(Issue(path, f"expected a GeoJSON FeatureCollection, got {got}{hint}"))
        raise DataError.from_issues(path, issues)
    features = document.get("features")
    out = _Collector(path, features if isinstance(features, list) else [])
    _schema_issues(document, out)
    if not isinstance(features, list):
        raise DataError.from_issues(path, issues + out.issues)

    crs = declared_crs(document, out.at)
    # Coordinates that failed the schema are never read (they were reported already).
    written = [
        _coordinate_pair(feature)
        if out.bad_fields.get(index, set()).isdisjoint({"*", "geometry"})
        else (math.nan, math.nan)
        for index, feature in enumerate(features)
    ]
    coords = reproject(written, crs, out.at) if crs is not None else written
    if coords is None:  # the crs itself was reported; its points say nothing more
        coords, crs = written, None

    places: list[Place] = []
    numbers: list[int] = []  # each place's feature number
    seen_ids: dict[str, int] = {}
    quotes: dict[tuple[str, str], bool] = {}
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict):
            # One set difference per feature; the keys are walked (in file order) only when one is unknown.
            for key in props if not _KNOWN.issuperset(props) else ():
                if key not in _KNOWN:
                    _unknown_property(index, key, out)
            fid = props.get("id")
            if isinstance(fid, str):
                if fid in seen_ids:
                    out.feature(index, "id", f'"{fid}" is also the id of feature {seen_ids[fid]}; ids must be unique')
                else:
                    seen_ids[fid] = index
        if "*" in out.bad_fields.get(index, ()):
            continue
        place = _check_feature(index, props, coords[index], crs, sources, broken, out, today, quotes)
        if place is not None:
            places.append(place)
            numbers.append(index)

    _check_members(document, out)
    tour = check_tour(document.get("tour"), {p.id: p for p in places}, seen_ids, sources, broken, quotes, out.at)
    opening_year = _opening_year(document, places, out)
    # Group each feature's problems (schema first, then the other rules) in file order.
    issues += sorted(out.issues, key=lambda i: -1 if i.feature is None else i.feature)
    if any(i.severity is Severity.ERROR for i in issues):
        raise DataError.from_issues(path, issues, valid=tuple(zip(numbers, places, strict=True)))
    used = {c.source for p in places for c in p.citations} | {c.source for stop in tour for c in stop.citations}
    return Dataset(
        path=path,
        places=tuple(places),
        sources={k: v for k, v in sorted(sources.items()) if k in used},
        title=document.get("title"),
        caption=document.get("caption"),
        tour=tour,
        opening_year=opening_year,
        warnings=tuple(issues),
    )


def _unknown_property(index: int, key: str, out: _Collector) -> None:
    """A typo of a known property loses its value, so it is an error naming the one meant;
    any other unknown property is kept out of the map with a warning."""
    meant = misspelling_of(key, KNOWN_PROPERTIES)
    if meant is not None:
        out.feature(index, key, f'unknown property; did you mean "{meant}"?')
    else:
        out.feature(index, key, "unknown property, ignored" + nearest(key, KNOWN_PROPERTIES), Severity.WARNING)


#: The FeatureCollection's own members mapgen reads (and "bbox", "name" that GIS tools write).
COLLECTION_MEMBERS = ("type", "title", "caption", "tour", "opening_year", "crs", "features", "bbox", "name")


def _check_members(document: dict, out: _Collector) -> None:
    """A collection member one small edit from one mapgen reads (``opening_yaer``) would be lost: an error."""
    for key in document:
        meant = None if key in COLLECTION_MEMBERS else misspelling_of(key, COLLECTION_MEMBERS)
        if meant is not None:
            out.at([key], f'unknown member of the FeatureCollection; did you mean "{meant}"?')


def _opening_year(document: dict, places: list[Place], out: _Collector) -> int | None:
    """The collection's ``opening_year`` once it lies within the data's years (the schema checked its type)."""
    value = document.get("opening_year")
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 9999:
        return None  # absent, or already reported by the schema
    years = [p.year for p in places] + [h.year for p in places for h in p.history if h.year is not None]
    if years and not min(years) <= value <= max(years):
        low, high = min(years), max(years)
        out.at(
            ["opening_year"],
            f"expected a year within the data's years ({low} to {high}), got {value}; "
            "choose a year in that span, or leave opening_year out to open at the year with the most renamings",
        )
        return None
    return value


def _coordinate_pair(feature: dict) -> tuple[float, float]:
    """A (schema-valid) feature's first two coordinates as floats; huge integers become infinite."""
    pair = feature["geometry"]["coordinates"][:2]
    return tuple(float(v) if abs(v) < 1e308 else (math.inf if v > 0 else -math.inf) for v in pair)  # type: ignore[return-value]


def _check_feature(
    index: int,
    props: dict,
    coord: tuple[float, float],
    crs,
    sources: dict[str, Source],
    broken: dict[str, str],
    out: _Collector,
    today: _dt.date,
    quotes: dict[tuple[str, str], bool],
) -> Place | None:
    """The rules a schema cannot express, for one feature whose properties are an object.

    Each rule runs only when the fields it reads passed the schema (the others were
    already reported), so one run lists every problem. Returns the place when the feature
    has no problem at all. ``quotes`` remembers, across features, whether a quote was found
    in a source, so each (source, quote) pair is looked for once.
    """
    bad = out.bad_fields.get(index)
    before = len(out.issues)

    def usable(*fields: str) -> bool:
        return bad is None or bad.isdisjoint(fields)

    if usable("geometry"):
        _check_coordinates(index, coord, crs, out)

    year = _year(props, usable("year"), usable("date"))
    if year is not None and "year" not in props:
        props = {**props, "year": year}  # the rules below read the year the date gives
    if year is not None and year > today.year:
        out.feature(index, "year", f"expected a year no later than {today.year}, got {year}")
    date = props.get("date") if usable("date") else None
    if year is not None and date and int(date[:4]) != year:
        out.feature(index, "date", f'expected a date in {year} (the year field), got "{date}"')

    history: tuple[NameChange, ...] = ()
    if usable("history"):
        history = tuple(
            [
                # name, native, year, date, source (positional: 10,000 places make 30,000 of these)
                NameChange(
                    h["name"],
                    h.get("native"),
                    None if h.get("from") is None else int(h["from"]),
                    h.get("date"),
                    h.get("source"),
                )
                for h in props.get("history", ())
            ]
        )
        steps_ok = _check_history_steps(index, history, out, today)
        if steps_ok and usable("category", "old_name", "new_name", "year"):
            if _CATEGORIES[props.get("category", "renaming")] is Category.RENAMING:
                _check_history_names(index, props, history, out)

    if usable("disagreements"):
        _check_disagreements(index, props.get("disagreements", ()), out)

    cited = [c["source"] for c in props["citations"]] if usable("citations") else None
    for i, citation in enumerate(props["citations"] if cited is not None else ()):
        # The usual case, a known source without a url whose quote was already found, costs no call.
        if (
            "url" not in citation
            and quotes.get((citation["source"], citation.get("quote")))
            and citation["source"] in sources
        ):
            continue
        check_citation(citation, sources, broken, quotes, out.reporter(index, f"citations[{i}]"))
    # Other fields naming a source: known, and cited. Field names are worded only for a problem.
    others: list[tuple[str, str, int, int]] = [("history", h.source, i, 0) for i, h in enumerate(history) if h.source]
    if usable("disagreements"):
        others += [
            ("claims", c["source"], i, j)
            for i, d in enumerate(props.get("disagreements", ()))
            for j, c in enumerate(d["claims"])
        ]
    if usable("coordinates_source") and props.get("coordinates_source"):
        others.append(("coordinates_source", props["coordinates_source"], 0, 0))
    for where, sid, i, j in others:
        if sid in sources and (cited is None or sid in cited):
            continue
        field = {
            "history": f"history[{i}].source",
            "claims": f"disagreements[{i}].claims[{j}].source",
        }.get(where, where)
        if sid not in sources:
            out.feature(index, field, unknown_source(sid, sources, broken))
        else:
            out.feature(
                index, field, f'source "{sid}" is not in citations; add {{"source": "{sid}"}} there so readers see it'
            )

    # A warning (a citation linking a copy) leaves the place on the map; only errors keep it off.
    if bad is not None or any(issue.severity is Severity.ERROR for issue in out.issues[before:]):
        return None
    return Place(
        id=props["id"],
        lon=round(coord[0], 6),
        lat=round(coord[1], 6),
        year=year,  # type: ignore[arg-type]  (a feature with no problems has a year)
        category=_CATEGORIES[props.get("category", "renaming")],
        citations=tuple(
            [Citation(c["source"], c.get("quote"), c.get("url"), c.get("locator")) for c in props["citations"]]
        ),
        old_name=props.get("old_name"),
        new_name=props.get("new_name"),
        old_name_native=props.get("old_name_native"),
        new_name_native=props.get("new_name_native"),
        title=props.get("title"),
        place=props.get("place"),
        date=date,
        kind=props.get("kind"),
        country_then=props.get("country_then"),
        country_now=props.get("country_now"),
        named_after=props.get("named_after"),
        note=props.get("note"),
        gazetteer_note=props.get("gazetteer_note"),
        coordinates_source=props.get("coordinates_source"),
        links=tuple(props.get("links", ())),
        history=history,
        disagreements=tuple(
            Disagreement(d["about"], tuple(Claim(c["value"], c["source"]) for c in d["claims"]), d.get("note"))
            for d in props.get("disagreements", ())
        ),
    )


def _year(props: dict, year_ok: bool, date_ok: bool) -> int | None:
    """The place's year: its ``year``, or where that is left out, the year of its ``date``."""
    if "year" in props:
        # The schema lets 1961.0 count as a whole number; the map shows it as 1961.
        return int(props["year"]) if year_ok else None
    date = props.get("date")
    return int(date[:4]) if date_ok and isinstance(date, str) else None


#: A disagreement about the year (or date) compares years (or dates): the popup shows their range.
DISPUTED_VALUE = {
    "year": (re.compile(r"^[0-9]{4}\b"), 'a year such as "1961"'),
    "date": (re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}\b"), 'a date such as "1961-11-10" (or a year)'),
}


def _check_disagreements(index: int, disagreements: Iterable[dict], out: _Collector) -> None:
    for i, disagreement in enumerate(disagreements):
        rule = DISPUTED_VALUE.get(disagreement["about"])
        if rule is None:
            continue
        pattern, expected = rule
        for j, claim in enumerate(disagreement["claims"]):
            if not pattern.match(claim["value"]):
                out.feature(
                    index,
                    f"disagreements[{i}].claims[{j}].value",
                    f"expected {expected}, got {show(claim['value'])}; a disagreement about the "
                    f'{disagreement["about"]} compares {disagreement["about"]}s: give other facts an "about" of their own',
                )


def _number(value: float) -> str:
    """A coordinate as the user wrote it (without 40 digits of a huge whole number)."""
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:10]}... ({len(text)} digits)"


def _check_coordinates(index: int, coord: tuple[float, float], crs, out: _Collector) -> None:
    lon, lat = coord
    if crs is None and -180 <= lon <= 180 and -90 <= lat <= 90:
        return  # the usual case, decided before any message is worded
    where = "geometry.coordinates"
    # Quote the numbers as written: 1e400 would otherwise read as inf, 44 as 44.0.
    x, y = (_number(v) for v in out.features[index]["geometry"]["coordinates"][:2])
    if crs is not None:
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            out.feature(
                index,
                where,
                f"expected coordinates in {crs.name} (the file's crs), got [{x}, {y}], which has no longitude/latitude "
                "there; check the numbers and the crs",
            )
    elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            out.feature(
                index,
                where,
                f"expected [longitude, latitude], got [{x}, {y}]: latitude {y} is outside -90..90; "
                f"are the two swapped? If so, write [{y}, {x}]",
            )
        else:
            out.feature(index, where, f"expected longitude in -180..180 and latitude in -90..90, got [{x}, {y}]")


def _check_history_steps(index: int, history: tuple[NameChange, ...], out: _Collector, today: _dt.date) -> bool:
    """Years present, in order, not in the future; returns whether all steps are fine."""
    before = len(out.issues)
    previous: int | None = None
    for i, step in enumerate(history):
        if step.year is None:
            if i > 0:
                out.feature(
                    index,
                    f"history[{i}].from",
                    f'missing; only the first name may leave out "from" (the year "{step.name}" came into use)',
                )
            continue
        if step.year > today.year:
            out.feature(index, f"history[{i}].from", f"expected a year no later than {today.year}, got {step.year}")
        if previous is not None and step.year <= previous:
            out.feature(
                index,
                f"history[{i}].from",
                f"expected a year after {previous} (history runs oldest first), got {step.year}",
            )
        if step.date and int(step.date[:4]) != step.year:
            out.feature(index, f"history[{i}].date", f'expected a date in {step.year} (its "from"), got "{step.date}"')
        previous = step.year
    return len(out.issues) == before


def _check_history_names(index: int, props: dict, history: tuple[NameChange, ...], out: _Collector) -> None:
    """A renaming's history must show old_name giving way to new_name in its year."""
    if not history:
        return
    new_name, old_name, year = props["new_name"], props["old_name"], int(props["year"])
    matches = [i for i, step in enumerate(history) if step.name == new_name and step.year == year]
    if not matches:
        out.feature(
            index,
            "history",
            f'expected an entry {{"name": "{new_name}", "from": {year}}} (the new_name and year), got none; '
            "add it in date order",
        )
    elif not any(step.name == old_name for step in history[: matches[0]]):
        before = ", ".join(f'"{step.name}"' for step in history[: matches[0]]) or "nothing"
        out.feature(
            index,
            "history",
            f'expected "{old_name}" (the old_name) before "{new_name}", got {before}; add {{"name": "{old_name}"}} there',
        )
