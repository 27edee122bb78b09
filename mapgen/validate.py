"""Step 2 of the pipeline: check a parsed document and turn it into a :class:`Dataset`.

Checks run in two passes: the JSON Schema (``mapgen/schema/places.schema.json``, the same
file editors can use), then the rules a schema cannot express (unique ids, coordinate
ranges, history order, quotes found verbatim in their sources). Every problem is collected
and reported together, each naming the file, the feature, the field, what was expected and
what was found.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import math
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path  # noqa: F401 (used in the docstring example)
from typing import Any

from mapgen.errors import DataError, Issue, Severity
from mapgen.load import NonFinite, RawSource
from mapgen.model import Category, Citation, Claim, Dataset, Disagreement, NameChange, Place, Source

#: What each field holds, in the words of an error message ("expected ...").
EXPECTED = {
    "id": 'a lowercase slug such as "volgograd" (letters a-z, digits, single hyphens)',
    "year": "a whole year such as 1961",
    "from": "a whole year such as 1925",
    "date": "a date written YYYY-MM-DD or YYYY-MM",
    "url": "an http:// or https:// address",
    "source": 'a source id such as "de-stalinization" (a file in sources/)',
    "coordinates_source": 'a source id such as "de-stalinization" (a file in sources/)',
    "coordinates": "[longitude, latitude] in decimal degrees",
    "category": '"renaming" or "event"',
}

KNOWN_PROPERTIES = (
    "id category old_name new_name old_name_native new_name_native title place year date kind "
    "country_then country_now named_after coordinates_source note history disagreements citations"
).split()

TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def _schema(name: str) -> dict:
    return json.loads(resources.files("mapgen.schema").joinpath(name).read_text(encoding="utf-8"))


@cache
def _validator(name: str):
    # jsonschema is imported here, not at module level, so `mapgen --help` stays fast.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(name))


def show(value: Any) -> str:
    """A short, JSON-like rendering of what the user wrote, for "got ..." in messages."""
    if isinstance(value, NonFinite):
        return value.token
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + '..."'


def field_path(parts: Iterable[Any]) -> str:
    """``["history", 2, "from"]`` -> ``history[2].from``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _nearest(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{match[0]}"?' if match else ""


def _schema_message(error) -> tuple[list[Any], str]:
    """Turn one jsonschema error into (path within the document, message)."""
    path = list(error.absolute_path)
    last = next((p for p in reversed(path) if isinstance(p, str)), None)
    kind = error.validator
    got = show(error.instance)
    if kind == "required":
        missing = re.search(r"'(.+?)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return path + [name], "missing; " + _required_hint(name)
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        name = extra[0] if extra else "?"
        allowed = ", ".join(error.schema.get("properties", {}))
        return path + [name], f"unknown field (allowed: {allowed}){_nearest(name, error.schema.get('properties', {}))}"
    if kind == "const":
        return path, f"expected {json.dumps(error.validator_value)}, got {got}" + _const_hint(last, error.instance)
    if kind == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return path, f"expected one of {allowed}, got {got}"
    expected = EXPECTED.get(last) if last else None
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        expected = expected or " or ".join(TYPE_WORDS.get(w, w) for w in wanted)
        if len(path) >= 2 and path[-2] == "coordinates":
            expected = "a finite number"
        return path, f"expected {expected}, got {got}"
    if kind in ("minItems", "maxItems"):
        if last == "citations":
            return path, 'expected at least one citation ({"source": ...})'
        if last == "coordinates":
            return path, f"expected {EXPECTED['coordinates']}, got {len(error.instance)} numbers"
        return (
            path,
            f"expected {'at least' if kind == 'minItems' else 'at most'} {error.validator_value} items, got {len(error.instance)}",
        )
    if kind == "pattern" or kind == "minLength":
        return path, f"expected {expected or 'non-blank text'}, got {got}"
    if kind in ("minimum", "maximum"):
        return path, f"expected {expected or 'a number'} between 1 and 9999, got {got}"
    return path, f"{error.message}"


def _required_hint(name: str) -> str:
    hints = {
        "type": 'add "type"',
        "features": 'expected "features": a list of Point features',
        "geometry": 'expected a Point geometry {"type": "Point", "coordinates": [longitude, latitude]}',
        "properties": "expected an object with id, old_name, new_name, year and citations",
        "coordinates": "expected [longitude, latitude]",
        "citations": 'expected at least one citation ({"source": ..., "quote": ...})',
        "id": 'expected a unique id such as "volgograd"',
        "year": "expected the year of this renaming, such as 1961",
        "old_name": 'expected the name that was removed (or "category": "event" for an event)',
        "new_name": "expected the name that replaced it",
        "title": "an event needs a title",
    }
    return hints.get(name, f'expected "{name}"')


def _const_hint(field: str | None, value: Any) -> str:
    if field == "type" and value in ("LineString", "Polygon", "MultiPoint", "MultiPolygon", "MultiLineString"):
        return "; mapgen maps each place as one point: put the place's centre as a Point"
    return ""


class _Collector:
    """Gathers issues for one file, knowing which feature each belongs to."""

    def __init__(self, path: str, features: list[Any]):
        self.path = path
        self.features = features
        self.issues: list[Issue] = []

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
            if rest[:1] == ["properties"]:
                rest = rest[1:]
            field = field_path(rest)
            text = f"{field}: {message}" if field else message
            self.issues.append(Issue(self.path, text, index, self.feature_id(index), severity))
        else:
            field = field_path(doc_path)
            self.issues.append(Issue(self.path, f"{field}: {message}" if field else message, severity=severity))

    def feature(self, index: int, field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.issues.append(Issue(self.path, f"{field}: {message}", index, self.feature_id(index), severity))


def build_sources(raw: dict[str, RawSource]) -> tuple[dict[str, Source], list[Issue]]:
    """Validate each source's metadata file and return the usable sources by id."""
    sources: dict[str, Source] = {}
    issues: list[Issue] = []
    validator = _validator("source.schema.json")
    for stem, item in raw.items():
        problems = []
        for error in sorted(validator.iter_errors(item.meta), key=lambda e: list(map(str, e.absolute_path))):
            path, message = _schema_message(error)
            problems.append(Issue(item.meta_path, f"{field_path(path)}: {message}" if path else message))
        meta = item.meta if isinstance(item.meta, dict) else {}
        if not problems and meta.get("id") != stem:
            problems.append(Issue(item.meta_path, f'id: expected "{stem}" (the file name), got {show(meta.get("id"))}'))
        issues += problems
        if problems:
            continue
        sources[stem] = Source(
            id=stem,
            title=meta["title"],
            author=meta.get("author"),
            publisher=meta.get("publisher"),
            url=meta.get("url"),
            accessed=meta.get("accessed"),
            text=item.text,
        )
    return sources, issues


def _squash(text: str) -> str:
    return " ".join(text.split())


def _declared_crs(document: dict, out: _Collector):
    """The CRS a legacy GeoJSON file declares, or None for plain WGS84 longitude/latitude."""
    crs = document.get("crs")
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs.get("properties"), dict) else None
    if not isinstance(name, str):
        out.at(["crs"], 'expected {"type": "name", "properties": {"name": "EPSG:3857"}}, got ' + show(crs))
        return None
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        parsed = CRS.from_user_input(name)
    except CRSError:
        out.at(
            ["crs", "properties", "name"],
            f'expected a coordinate reference system such as "EPSG:3857", got {show(name)}',
        )
        return None
    if parsed.equals(CRS.from_user_input("OGC:CRS84")) or parsed.to_epsg() == 4326:
        return None
    return parsed


def _reproject(points: list[tuple[float, float]], crs) -> list[tuple[float, float]]:
    """Reproject (x, y) pairs from ``crs`` to WGS84 longitude/latitude with geopandas."""
    import geopandas
    import shapely

    series = geopandas.GeoSeries(shapely.points(points), crs=crs).to_crs("OGC:CRS84")
    return list(zip(series.x.tolist(), series.y.tolist(), strict=True))


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
        The parsed JSON (from :func:`mapgen.load.read_json`).
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
    >>> from mapgen.load import read_json, read_sources
    >>> raw, problems = read_sources(Path("data/sources"))  # doctest: +SKIP
    >>> validate(read_json(Path("data/places.geojson")), "data/places.geojson", raw, problems)  # doctest: +SKIP
    """
    today = today or _dt.date.today()
    sources, issues = build_sources(raw_sources or {})
    issues = list(source_issues) + issues
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else None
        got = f'"type": {show(found)}' if found is not None else show(document)
        hint = '; wrap it as {"type": "FeatureCollection", "features": [it]}' if found == "Feature" else ""
        issues.append(Issue(path, f"expected a GeoJSON FeatureCollection, got {got}{hint}"))
        raise DataError.from_issues(path, issues)
    features = document.get("features")
    out = _Collector(path, features if isinstance(features, list) else [])
    for error in _validator("places.schema.json").iter_errors(document):
        doc_path, message = _schema_message(error)
        out.at(doc_path, message)
    bad_features = {i.feature for i in out.issues}
    if not isinstance(features, list):
        raise DataError.from_issues(path, issues + out.issues)

    crs = _declared_crs(document, out)
    coords = []
    for index, feature in enumerate(features):
        try:
            x, y = feature["geometry"]["coordinates"][:2]
            coords.append((float(x), float(y)) if index not in bad_features else (math.nan, math.nan))
        except (TypeError, KeyError, ValueError, IndexError):
            coords.append((math.nan, math.nan))
    if crs is not None:
        coords = _reproject(coords, crs)

    places: list[Place] = []
    seen_ids: dict[str, int] = {}
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict):
            for key in props:
                if key not in KNOWN_PROPERTIES:
                    out.feature(
                        index, key, "unknown property, ignored" + _nearest(key, KNOWN_PROPERTIES), Severity.WARNING
                    )
            fid = props.get("id")
            if isinstance(fid, str):
                if fid in seen_ids:
                    out.feature(index, "id", f'"{fid}" is also the id of feature {seen_ids[fid]}; ids must be unique')
                else:
                    seen_ids[fid] = index
        if index in bad_features:
            continue
        place = _check_feature(index, props, coords[index], crs is not None, sources, out, today)
        if place is not None:
            places.append(place)

    issues += out.issues
    if any(i.severity is Severity.ERROR for i in issues):
        raise DataError.from_issues(path, issues)
    used = {c.source for p in places for c in p.citations}
    return Dataset(
        path=path,
        places=tuple(places),
        sources={k: v for k, v in sorted(sources.items()) if k in used},
        title=document.get("title"),
        caption=document.get("caption"),
        warnings=tuple(issues),
    )


def _check_feature(
    index: int,
    props: dict,
    coord: tuple[float, float],
    reprojected: bool,
    sources: dict[str, Source],
    out: _Collector,
    today: _dt.date,
) -> Place | None:
    """The rules a schema cannot express, for one feature that passed the schema."""
    before = len(out.issues)
    lon, lat = coord
    where = "geometry.coordinates"
    if not (math.isfinite(lon) and math.isfinite(lat)):
        out.feature(
            index, where, "could not be reprojected to longitude/latitude" if reprojected else "expected finite numbers"
        )
    elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            out.feature(
                index,
                where,
                f"expected [longitude, latitude], got [{lon:g}, {lat:g}]: latitude {lat:g} is outside -90..90; are the two swapped?",
            )
        else:
            out.feature(
                index, where, f"expected longitude in -180..180 and latitude in -90..90, got [{lon:g}, {lat:g}]"
            )

    year = props["year"]
    if year > today.year:
        out.feature(index, "year", f"expected a year no later than {today.year}, got {year}")
    date = props.get("date")
    if date and int(date[:4]) != year:
        out.feature(index, "date", f'expected a date in {year} (the year field), got "{date}"')

    category = Category(props.get("category", "renaming"))
    history = tuple(
        NameChange(
            name=h["name"], native=h.get("native"), year=h.get("from"), date=h.get("date"), source=h.get("source")
        )
        for h in props.get("history", ())
    )
    _check_history(index, props, history, category, out, today)

    cited = [c["source"] for c in props["citations"]]
    for i, citation in enumerate(props["citations"]):
        sid = citation["source"]
        if sid not in sources:
            out.feature(
                index,
                f"citations[{i}].source",
                f'unknown source "{sid}"; expected a file sources/{sid}.json' + _nearest(sid, sources),
            )
            continue
        quote = citation.get("quote")
        if quote is None:
            continue
        text = sources[sid].text
        if text is None:
            out.feature(
                index,
                f"citations[{i}].quote",
                f'source "{sid}" has no stored text (sources/{sid}.txt), so the quote cannot be checked; add the text or drop the quote',
            )
        elif _squash(quote) not in _squash(text):
            out.feature(
                index,
                f"citations[{i}].quote",
                f'not found verbatim in source "{sid}" (only whitespace may differ): {show(quote)}',
            )
    others = [(f"history[{i}].source", h.source) for i, h in enumerate(history) if h.source]
    others += [
        (f"disagreements[{i}].claims[{j}].source", c["source"])
        for i, d in enumerate(props.get("disagreements", ()))
        for j, c in enumerate(d["claims"])
    ]
    if props.get("coordinates_source"):
        others.append(("coordinates_source", props["coordinates_source"]))
    for field, sid in others:
        if sid not in sources:
            out.feature(
                index, field, f'unknown source "{sid}"; expected a file sources/{sid}.json' + _nearest(sid, sources)
            )
        elif sid not in cited:
            out.feature(
                index, field, f'source "{sid}" is not in citations; add {{"source": "{sid}"}} there so readers see it'
            )

    if len(out.issues) > before:
        return None
    return Place(
        id=props["id"],
        lon=round(lon, 6),
        lat=round(lat, 6),
        year=year,
        category=category,
        citations=tuple(
            Citation(c["source"], c.get("quote"), c.get("url"), c.get("locator")) for c in props["citations"]
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
        history=history,
        disagreements=tuple(
            Disagreement(d["about"], tuple(Claim(c["value"], c["source"]) for c in d["claims"]), d.get("note"))
            for d in props.get("disagreements", ())
        ),
    )


def _check_history(
    index: int, props: dict, history: tuple[NameChange, ...], category: Category, out: _Collector, today: _dt.date
) -> None:
    previous: int | None = None
    for i, step in enumerate(history):
        if step.year is None:
            if i > 0:
                out.feature(
                    index,
                    f"history[{i}].from",
                    f'missing; only the first name may leave out "from" (the year {step.name!r} came into use)',
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
    if not history or category is Category.EVENT:
        return
    new_name, old_name, year = props["new_name"], props["old_name"], props["year"]
    matches = [i for i, step in enumerate(history) if step.name == new_name and step.year == year]
    if not matches:
        out.feature(
            index, "history", f'expected an entry {{"name": "{new_name}", "from": {year}}} matching new_name and year'
        )
    elif not any(step.name == old_name for step in history[: matches[0]]):
        out.feature(index, "history", f'expected "{old_name}" (old_name) before "{new_name}" in the history')
