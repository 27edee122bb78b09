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
from pathlib import Path
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

#: For a source's metadata file (sources/<id>.json): hints for missing fields, words for wrong ones.
SOURCE_HINTS = {
    "id": 'expected the file name without .json, such as "de-stalinization"',
    "title": "expected the source's title",
}
SOURCE_EXPECTED = {
    "": 'an object such as {"id": "de-stalinization", "title": "..."}',
    "accessed": "a date written YYYY-MM-DD (when the source was read)",
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


#: What an item of each list holds, for a wrong item ("history[2]: expected ...").
ITEM_EXPECTED = {
    "features": 'a Feature object {"type": "Feature", "geometry": ..., "properties": ...}',
    "coordinates": "a finite number",
    "history": 'an object such as {"name": "Volgograd", "from": 1961}',
    "citations": 'an object such as {"source": "de-stalinization", "quote": "..."}',
    "disagreements": 'an object such as {"about": "year", "claims": [...]}',
    "claims": 'an object such as {"value": "1961", "source": "de-stalinization"}',
}

#: What an object-valued field holds, for "expected ..., got ...".
OBJECT_EXPECTED = {
    "geometry": 'a Point geometry {"type": "Point", "coordinates": [longitude, latitude]}',
    "properties": "an object with id, old_name, new_name, year and citations",
    "crs": '{"type": "name", "properties": {"name": "EPSG:3857"}}',
}


def _expected(path: list[Any]) -> str | None:
    """What the value at ``path`` should be, in words, when the field's name tells."""
    if not path:
        return None
    if isinstance(path[-1], int):
        parent = path[-2] if len(path) >= 2 and isinstance(path[-2], str) else None
        return ITEM_EXPECTED.get(parent) if parent else None
    return OBJECT_EXPECTED.get(path[-1]) or EXPECTED.get(path[-1])


def _schema_message(
    error, hints: dict[str, str] | None = None, words: dict[str, str] | None = None
) -> list[tuple[list[Any], str]]:
    """Turn one jsonschema error into (path within the document, message) pairs.

    ``hints`` and ``words`` override :func:`_required_hint` and :data:`EXPECTED` by field
    name (``""`` for the whole document), for files other than the places file.
    """
    path = list(error.absolute_path)
    kind = error.validator
    got = show(error.instance)
    if kind == "required":
        missing = re.search(r"'(.+?)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        hint = (hints or {}).get(name) or _required_hint(name, error.schema)
        return [(path + [name], "missing; " + hint)]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        allowed = ", ".join(known)
        return [
            (path + [name], f"unknown field (allowed: {allowed}){_nearest(name, known)}")
            for name in sorted(set(error.instance) - set(known))
        ]
    last = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "const":
        return [(path, f"expected {json.dumps(error.validator_value)}, got {got}" + _const_hint(last, error.instance))]
    if kind == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return [(path, f"expected one of {allowed}, got {got}")]
    expected = (words or {}).get(last if path else "", "") or _expected(path)
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        expected = expected or " or ".join(TYPE_WORDS.get(w, w) for w in wanted)
        return [(path, f"expected {expected}, got {got}")]
    if kind in ("minItems", "maxItems"):
        if last == "citations":
            return [(path, 'expected at least one citation ({"source": ...}), got an empty list')]
        if last == "coordinates":
            count = len(error.instance)
            return [(path, f"expected {EXPECTED['coordinates']}, got {count} number{'' if count == 1 else 's'}")]
        if last == "history":
            return [
                (path, 'expected at least one name ({"name": ...}), got an empty list; leave "history" out instead')
            ]
        if last == "claims":
            return [(path, f"expected at least 2 claims (a disagreement needs two sides), got {len(error.instance)}")]
        bound = "at least" if kind == "minItems" else "at most"
        return [(path, f"expected {bound} {error.validator_value} items, got {len(error.instance)}")]
    if kind in ("pattern", "minLength"):
        return [(path, f"expected {expected or 'non-blank text'}, got {got}")]
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return [(path, f"expected a whole year between {low} and {high}, got {got}")]
    return [(path, f"expected {expected}, got {got}" if expected else error.message)]


def _required_hint(name: str, schema: dict) -> str:
    hints = {
        "features": "expected a list of Point features",
        "geometry": 'expected a Point geometry {"type": "Point", "coordinates": [longitude, latitude]}',
        "properties": "expected an object with id, old_name, new_name, year and citations",
        "coordinates": "expected [longitude, latitude]",
        "citations": 'expected at least one citation ({"source": ..., "quote": ...})',
        "id": 'expected a unique id such as "volgograd"',
        "year": "expected the year of this renaming, such as 1961",
        "old_name": 'expected the name that was removed (or "category": "event" for an event)',
        "new_name": "expected the name that replaced it",
        "title": "an event needs a title",
        "name": "expected the name this step of the history brought in",
        "source": 'expected a source id such as "de-stalinization" (a file in sources/)',
        "about": 'expected what the sources disagree about, such as "year"',
        "claims": "expected at least two claims, each with a value and a source",
        "value": "expected what this source says",
    }
    if name == "type":
        const = schema.get("properties", {}).get("type", {}).get("const")
        return f'add "type": {json.dumps(const)}' if const else 'add "type"'
    return hints.get(name, f'expected "{name}"')


def _const_hint(field: str | None, value: Any) -> str:
    if field == "type" and value in ("LineString", "Polygon", "MultiPoint", "MultiPolygon", "MultiLineString"):
        return "; mapgen maps each place as one point: put the place's centre as a Point"
    return ""


def _schema_issues(document: dict, out: _Collector) -> None:
    """Record every schema error, leaving out what only follows from another one."""
    errors = list(_validator("places.schema.json").iter_errors(document))
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
        for doc_path, message in _schema_message(error):
            out.at(doc_path, message)


class _Collector:
    """Gathers issues for one file, knowing which feature each belongs to."""

    def __init__(self, path: str, features: list[Any]):
        self.path = path
        self.features = features
        self.issues: list[Issue] = []
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
        if issue not in self.issues:
            self.issues.append(issue)

    def feature(self, index: int, field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.issues.append(Issue(self.path, f"{field}: {message}", index, self.feature_id(index), severity))


def build_sources(raw: dict[str, RawSource]) -> tuple[dict[str, Source], list[Issue]]:
    """Validate each source's metadata file and return the usable sources by id."""
    sources: dict[str, Source] = {}
    issues: list[Issue] = []
    validator = _validator("source.schema.json")
    for stem, item in raw.items():
        meta = item.meta if isinstance(item.meta, dict) else {}
        found: list[tuple[list[Any], str]] = []
        if isinstance(meta.get("id"), str) and meta["id"] != stem:
            # Saying the id must match the file name covers any complaint about its spelling too.
            found.append(
                (["id"], f'expected "{stem}" (the file name), got {show(meta["id"])}; fix the id or rename the file')
            )
        for error in validator.iter_errors(item.meta):
            for path, message in _schema_message(error, SOURCE_HINTS, SOURCE_EXPECTED):
                if not (found and path == ["id"]) and (path, message) not in found:
                    found.append((path, message))
        problems = [
            Issue(item.meta_path, f"{field_path(path)}: {message}" if path else message)
            for path, message in sorted(found, key=lambda pm: list(map(str, pm[0])))
        ]
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


def _broken_sources(raw: dict[str, RawSource], sources: dict[str, Source], issues: list[Issue]) -> dict[str, str]:
    """Source ids whose files were already reported as broken, mapped to the file to fix.

    A citation of such a source then points at that problem instead of calling the source
    unknown. A stray ``.txt`` without metadata breaks no source, so it is not counted.
    """
    broken: dict[str, str] = {}
    for issue in issues:
        file = Path(issue.path)
        if file.suffix == ".json" or (file.suffix == ".txt" and file.stem in raw):
            broken[file.stem] = file.name
    broken |= {stem: f"{stem}.json" for stem in raw if stem not in sources}
    return broken


def _squash(text: str) -> str:
    return " ".join(text.split())


def _declared_crs(document: dict, out: _Collector):
    """The CRS a legacy GeoJSON file declares, or None for plain WGS84 longitude/latitude."""
    crs = document.get("crs")
    if crs is None or not isinstance(crs, dict):
        return None  # anything but an object was already reported by the schema
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        out.at(["crs"], f"expected {OBJECT_EXPECTED['crs']}, got {json.dumps(crs, ensure_ascii=False, default=show)}")
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
    if not (parsed.is_projected or parsed.is_geographic):
        out.at(
            ["crs", "properties", "name"],
            f'expected a projected or geographic coordinate reference system such as "EPSG:3857", '
            f"got {show(name)} ({parsed.type_name})",
        )
        return None
    if parsed.equals(CRS.from_user_input("OGC:CRS84")) or parsed.to_epsg() == 4326:
        return None
    return parsed


def _coordinate_pair(feature: dict) -> tuple[float, float]:
    """A (schema-valid) feature's first two coordinates as floats; huge integers become infinite."""
    pair = feature["geometry"]["coordinates"][:2]
    return tuple(float(v) if abs(v) < 1e308 else (math.inf if v > 0 else -math.inf) for v in pair)  # type: ignore[return-value]


def _reproject(points: list[tuple[float, float]], crs, out: _Collector) -> list[tuple[float, float]]:
    """Reproject (x, y) pairs from ``crs`` to WGS84 longitude/latitude with geopandas."""
    import geopandas
    import shapely
    from pyproj.exceptions import ProjError

    try:
        series = geopandas.GeoSeries(shapely.points(points), crs=crs).to_crs("OGC:CRS84")
    except (ProjError, RuntimeError, ValueError) as exc:
        out.at(
            ["crs", "properties", "name"],
            f"cannot reproject {crs.name} to longitude/latitude ({exc}); give the coordinates as WGS84 longitude/latitude "
            'and remove "crs"',
        )
        return [(math.nan, math.nan)] * len(points)
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
    source_issues = list(source_issues)
    sources, issues = build_sources(raw_sources or {})
    broken = _broken_sources(raw_sources or {}, sources, source_issues)
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

    crs = _declared_crs(document, out)
    # Coordinates that failed the schema are never read (they were reported already).
    written = [
        _coordinate_pair(feature)
        if out.bad_fields.get(index, set()).isdisjoint({"*", "geometry"})
        else (math.nan, math.nan)
        for index, feature in enumerate(features)
    ]
    coords = _reproject(written, crs, out) if crs is not None else written

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
        if "*" in out.bad_fields.get(index, ()):
            continue
        place = _check_feature(index, props, coords[index], crs, sources, broken, out, today)
        if place is not None:
            places.append(place)

    # Group each feature's problems (schema first, then the other rules) in file order.
    issues += sorted(out.issues, key=lambda i: -1 if i.feature is None else i.feature)
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
    crs,
    sources: dict[str, Source],
    broken: dict[str, str],
    out: _Collector,
    today: _dt.date,
) -> Place | None:
    """The rules a schema cannot express, for one feature whose properties are an object.

    Each rule runs only when the fields it reads passed the schema (the others were
    already reported), so one run lists every problem. Returns the place when the feature
    has no problem at all.
    """
    bad = out.bad_fields.get(index, set())
    before = len(out.issues)

    def usable(*fields: str) -> bool:
        return not bad.intersection(fields)

    if usable("geometry"):
        _check_coordinates(index, coord, crs, out)

    # The schema lets 1961.0 count as a whole number; the map shows it as 1961.
    year = int(props["year"]) if usable("year") else None
    if year is not None and year > today.year:
        out.feature(index, "year", f"expected a year no later than {today.year}, got {year}")
    date = props.get("date") if usable("date") else None
    if year is not None and date and int(date[:4]) != year:
        out.feature(index, "date", f'expected a date in {year} (the year field), got "{date}"')

    history: tuple[NameChange, ...] = ()
    if usable("history"):
        history = tuple(
            NameChange(
                name=h["name"],
                native=h.get("native"),
                year=None if h.get("from") is None else int(h["from"]),
                date=h.get("date"),
                source=h.get("source"),
            )
            for h in props.get("history", ())
        )
        steps_ok = _check_history_steps(index, history, out, today)
        if steps_ok and usable("category", "old_name", "new_name", "year"):
            if Category(props.get("category", "renaming")) is Category.RENAMING:
                _check_history_names(index, props, history, out)

    cited = [c["source"] for c in props["citations"]] if usable("citations") else None
    for i, citation in enumerate(props["citations"] if cited is not None else ()):
        _check_citation(index, i, citation, sources, broken, out)
    others = [(f"history[{i}].source", h.source) for i, h in enumerate(history) if h.source]
    if usable("disagreements"):
        others += [
            (f"disagreements[{i}].claims[{j}].source", c["source"])
            for i, d in enumerate(props.get("disagreements", ()))
            for j, c in enumerate(d["claims"])
        ]
    if usable("coordinates_source") and props.get("coordinates_source"):
        others.append(("coordinates_source", props["coordinates_source"]))
    for field, sid in others:
        if sid not in sources:
            out.feature(index, field, _unknown_source(sid, sources, broken))
        elif cited is not None and sid not in cited:
            out.feature(
                index, field, f'source "{sid}" is not in citations; add {{"source": "{sid}"}} there so readers see it'
            )

    if bad or len(out.issues) > before:
        return None
    return Place(
        id=props["id"],
        lon=round(coord[0], 6),
        lat=round(coord[1], 6),
        year=year,  # type: ignore[arg-type]  (a feature with no problems has a year)
        category=Category(props.get("category", "renaming")),
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


def _check_citation(
    index: int, i: int, citation: dict, sources: dict[str, Source], broken: dict[str, str], out: _Collector
) -> None:
    sid = citation["source"]
    if sid not in sources:
        out.feature(index, f"citations[{i}].source", _unknown_source(sid, sources, broken))
        return
    quote = citation.get("quote")
    if quote is None:
        return
    text = sources[sid].text
    if text is None and sid in broken:
        out.feature(
            index,
            f"citations[{i}].quote",
            f"cannot be checked until sources/{broken[sid]} is fixed (see the problems listed for it)",
        )
    elif text is None:
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


def _number(value: float) -> str:
    """A coordinate as the user wrote it (without 40 digits of a huge whole number)."""
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:10]}... ({len(text)} digits)"


def _check_coordinates(index: int, coord: tuple[float, float], crs, out: _Collector) -> None:
    where = "geometry.coordinates"
    lon, lat = coord
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


def _unknown_source(sid: str, sources: dict[str, Source], broken: dict[str, str]) -> str:
    if sid in broken:
        return f'source "{sid}" cannot be used until sources/{broken[sid]} is fixed (see the problems listed for it)'
    return f'unknown source "{sid}"; expected a file sources/{sid}.json' + _nearest(sid, sources)


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
