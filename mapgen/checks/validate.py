"""Step 2 of the pipeline: check a parsed document and turn it into a :class:`Dataset`.

Checks run in two passes: the JSON Schema (``mapgen/checks/schema/places.schema.json``, the same
file editors can use; its errors are worded by :mod:`mapgen.checks.schema`), then the rules a schema
cannot express (unique ids, coordinate ranges, history order, quotes found verbatim in their
sources: :mod:`mapgen.checks.sources`; files in another CRS: :mod:`mapgen.checks.crs`). Every problem is
collected and reported together, each naming the file, the feature, the field, what was
expected and what was found.

The rules are made for files of 100,000 places. They first look at the whole file column by
column (every id, year, date, coordinate pair and property name at once: :func:`_doubtful`);
a feature none of them singles out is read once by :func:`_plain_place`, which asks each rule
only whether it has a problem and builds the place. Any feature with something to report, or
that the quick reading cannot vouch for, goes to :func:`_explained_place`, where the same rules
word every problem. A new rule belongs in both: the bad-input corpus fails when the quick path
lets a feature through that the rule would report.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path  # noqa: F401 (used in the docstring example)
from typing import Any

from mapgen.checks.citations import check_citation, no_text_message, unknown_source
from mapgen.checks.citations import found as _found
from mapgen.checks.copies import copy_host
from mapgen.checks.crs import declared_crs, reproject
from mapgen.checks.schema import decimal_comma_pair, field_path, schema_errors, schema_messages, show
from mapgen.checks.sources import broken_sources, build_sources
from mapgen.checks.tour import check_tour
from mapgen.errors import DataError, Issue, Severity, did_you_mean, misspelling_of, nearest
from mapgen.formats.load import RawSource
from mapgen.model import (
    Category,
    Citation,
    Claim,
    Dataset,
    Disagreement,
    NameChange,
    Place,
    Source,
    assemble,
    blank,
)

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
        if _misspelt_required(error):
            # "Year" for "year": the typo's own error names the property meant; "year: missing"
            # would say the same thing twice. The field still counts as failed for the rules.
            if len(where) >= 2 and where[0] == "features" and isinstance(where[1], int):
                out.bad_fields.setdefault(where[1], set()).add(_misspelt_required(error))
            continue
        for doc_path, message in schema_messages(error):
            out.at(doc_path, message)


def _misspelt_required(error) -> str | None:
    """The required property a "missing" schema error is about, when the feature's properties
    hold a typo of it (``Year``, ``yaer``), which :func:`_unknown_property` reports; else None."""
    if error.validator != "required" or not isinstance(error.instance, dict):
        return None
    path = list(error.absolute_path)
    if path[-1:] != ["properties"]:
        return None
    missing = re.search(r"'(.+?)' is a required property", error.message)
    name = missing[1] if missing else None
    typos = (key for key in error.instance if key not in _KNOWN)
    return name if name is not None and any(misspelling_of(key, KNOWN_PROPERTIES) == name for key in typos) else None


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
        #: Per source with no stored text, each citing feature and the field of its first such
        #: quote: one missing file is one problem, said once (:meth:`no_text_issues`).
        self.no_text: dict[str, dict[int, str]] = {}

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

    def no_text_reporter(self, index: int, where: str):
        """A citation checker's ``no_text`` for the citation at ``where`` of feature ``index``."""
        return lambda sid: self.no_text.setdefault(sid, {}).setdefault(index, f"{where}.quote")

    def no_text_issues(self) -> None:
        """One issue per source without stored text: at its quote when one place cites it,
        else for the file, naming every place whose quotes cite it."""
        for sid, citing in self.no_text.items():
            if len(citing) == 1:
                [(index, field)] = citing.items()
                self.feature(index, field, no_text_message(sid))
            else:
                self.issues.append(Issue(self.path, no_text_message(sid, sorted(citing))))

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
    written = _coordinate_pairs(features, out.bad_fields, crs is None)
    coords = reproject(written, crs, out.at) if crs is not None else written
    if coords is None:  # the crs itself was reported; its points say nothing more
        coords, crs = written, None

    props_of = [feature.get("properties") if isinstance(feature, dict) else None for feature in features]
    seen_ids = _first_ids(props_of)
    doubtful = _doubtful(props_of, coords, seen_ids, out.bad_fields, today.year)
    doubtful |= _split_by_commas(features, out.bad_fields)
    places: list[Place] = []
    numbers: list[int] = []  # each place's feature number
    quotes: dict[tuple[str, str], bool] = {}
    for index, props in enumerate(props_of):
        place = None if index in doubtful else _plain_place(props, coords[index], sources, quotes, today.year)
        if place is None:  # something to say, or something the quick reading cannot vouch for
            place = _explained_place(index, props, coords[index], crs, sources, broken, out, today, quotes, seen_ids)
        if place is not None:
            places.append(place)
            numbers.append(index)

    out.no_text_issues()
    _check_members(document, out)
    tour = check_tour(document.get("tour"), {p.id: p for p in places}, seen_ids, sources, broken, quotes, out.at)
    opening_year = _opening_year(document, places, out)
    # Group each feature's problems (schema first, then the other rules) in file order, and a
    # tour's stop by stop, after the other problems of the whole file.
    issues += sorted(out.issues, key=_file_order)
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


_STOP = re.compile(r"tour\[(\d+)\]")


def _file_order(issue: Issue) -> tuple[int, int]:
    """Where ``issue`` stands in the file: the whole file (its tour stop by stop), then each feature."""
    if issue.feature is not None:
        return (issue.feature, 0)
    stop = _STOP.match(issue.message)
    return (-1, int(stop.group(1)) + 1 if stop else 0)


#: Properties that hold a citation's parts beside "citations" instead of in it.
_CITATION_PARTS = frozenset({"quote", "quotation", "quotes", "excerpt", "source", "sources", "citation"})


def _unknown_property(index: int, key: str, out: _Collector, props: dict[str, Any]) -> None:
    """A typo of a known property loses its value, so it is an error naming the one meant; so
    is a quotation or its source written beside ``citations`` (its words would not reach the
    map); any other unknown property is kept out of the map with a warning."""
    meant = misspelling_of(key, KNOWN_PROPERTIES)
    if key.lower() in _CITATION_PARTS:
        parts = [k for k in props if k.lower() in _CITATION_PARTS]
        if key != parts[0]:
            return  # said once, on the first of them
        quote, source = props.get("quote", props.get("quotation")), props.get("source")
        example = {
            "source": source if isinstance(source, str) and source else "<source id>",
            "quote": quote if isinstance(quote, str) and quote else "<its words, verbatim>",
        }
        fix = json.dumps(example, ensure_ascii=False)
        drop = " and ".join(f'"{k}"' for k in parts)
        out.feature(
            index,
            key,
            f'unknown property; a quotation and its source go in "citations": add {fix} there, and drop {drop}',
        )
    elif meant is not None:
        out.feature(index, key, "unknown property" + did_you_mean(meant))
    else:
        out.feature(index, key, "unknown property, ignored" + nearest(key, KNOWN_PROPERTIES), Severity.WARNING)


#: The FeatureCollection's own members mapgen reads (and "bbox", "name" that GIS tools write).
COLLECTION_MEMBERS = ("type", "title", "caption", "tour", "opening_year", "crs", "features", "bbox", "name")


def _check_members(document: dict, out: _Collector) -> None:
    """A collection member one small edit from one mapgen reads (``opening_yaer``) would be lost: an error."""
    for key in document:
        meant = None if key in COLLECTION_MEMBERS else misspelling_of(key, COLLECTION_MEMBERS)
        if meant is not None:
            out.at([key], "unknown member of the FeatureCollection" + did_you_mean(meant))


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


def _coordinate_pairs(features: list[Any], bad: dict[int, set[str]], lonlat: bool) -> list[tuple[float, float]]:
    """Each feature's first two coordinates as floats; (NaN, NaN) where they failed the schema.

    In longitude/latitude (``lonlat``) a number beyond ±1e308 is out of range however it is
    read; for a reprojection, as for the explaining path, it is read as infinite.
    """
    if not bad and lonlat:
        try:  # the usual case: every geometry valid, no number beyond a float's range
            return [(float(c[0]), float(c[1])) for c in [feature["geometry"]["coordinates"] for feature in features]]
        except OverflowError:
            pass
    # Coordinates that failed the schema are never read (they were reported already).
    return [
        _coordinate_pair(feature) if bad.get(index, set()).isdisjoint({"*", "geometry"}) else (math.nan, math.nan)
        for index, feature in enumerate(features)
    ]


def _coordinate_pair(feature: dict) -> tuple[float, float]:
    """A (schema-valid) feature's first two coordinates as floats; huge integers become infinite."""
    pair = feature["geometry"]["coordinates"][:2]
    return tuple(float(v) if abs(v) < 1e308 else (math.inf if v > 0 else -math.inf) for v in pair)  # type: ignore[return-value]


def _split_by_commas(features: list[Any], bad: dict[int, set[str]]) -> set[int]:
    """The (schema-valid) features whose three numbers read as a place with decimal commas
    (``[21,1, 41.9]`` is 21, 1 and an altitude of 41.9), for :func:`_check_coordinates` to word."""
    return {
        index
        for index, feature in enumerate(features)
        if index not in bad
        and len(feature["geometry"]["coordinates"]) == 3
        and decimal_comma_pair(feature["geometry"]["coordinates"]) is not None
    }


def _first_ids(props_of: list[Any]) -> dict[str, int]:
    """Each text id, with the first feature that has it, in file order."""
    ids = [props.get("id") if isinstance(props, dict) else None for props in props_of]
    if set(map(type, ids)) == {str}:
        first = dict(zip(ids, range(len(ids)), strict=True))
        if len(first) == len(ids):
            return first  # the usual case: every id is text, and none comes twice
    first = {}
    for index, fid in enumerate(ids):
        if isinstance(fid, str):
            first.setdefault(fid, index)
    return first


def _doubtful(
    props_of: list[Any],
    coords: list[tuple[float, float]],
    first: dict[str, int],
    bad: dict[int, set[str]],
    this_year: int,
) -> set[int]:
    """The features some rule may have something to say about, found column by column.

    Every id, year, date, coordinate pair and property name is looked at once for the whole
    file; a feature none of them singles out still has its history, disagreements and
    citations read by :func:`_plain_place`. The features returned take the explaining path,
    which words every problem (it may find none: this is a filter, not a verdict).
    """
    doubtful = set(bad)  # the schema's findings
    rows = range(len(props_of)) if not doubtful else [i for i in range(len(props_of)) if i not in doubtful]
    plain = [props_of[i] for i in rows]
    if not _KNOWN.issuperset(set().union(*plain)):
        doubtful.update(i for i, props in zip(rows, plain, strict=True) if not _KNOWN.issuperset(props))
    # Without schema errors every feature has a text id, so fewer ids than features means one is
    # repeated; with them, a repeat may hide behind a feature the schema refused.
    if bad or len(first) < len(plain):
        doubtful.update(i for i, props in zip(rows, plain, strict=True) if first[props["id"]] != i)
    doubtful.update(i for i in rows if not (-180 <= coords[i][0] <= 180 and -90 <= coords[i][1] <= 90))
    years = [props.get("year", 0) for props in plain]  # 0: left out, the date gives it
    if 0 in years:
        doubtful.update(i for i, year in zip(rows, years, strict=True) if year == 0)
    if max(years, default=0) > this_year:
        doubtful.update(i for i, year in zip(rows, years, strict=True) if year > this_year)
    doubtful.update(
        i
        for i, props, year in zip(rows, plain, years, strict=True)
        if "date" in props and int(props["date"][:4]) != year
    )
    return doubtful


def _explained_place(
    index: int,
    props: Any,
    coord: tuple[float, float],
    crs,
    sources: dict[str, Source],
    broken: dict[str, str],
    out: _Collector,
    today: _dt.date,
    quotes: dict[tuple[str, str], bool],
    first: dict[str, int],
) -> Place | None:
    """Every problem of one feature, worded; the place when there is none (warnings aside)."""
    if isinstance(props, dict):
        # One set test per feature; the keys are walked (in file order) only when one is unknown.
        for key in props if not _KNOWN.issuperset(props) else ():
            if key not in _KNOWN:
                _unknown_property(index, key, out, props)
        fid = props.get("id")
        if isinstance(fid, str) and first[fid] != index:
            out.feature(index, "id", f'"{fid}" is also the id of feature {first[fid]}; ids must be unique')
    if "*" in out.bad_fields.get(index, ()):
        return None
    return _check_feature(index, props, coord, crs, sources, broken, out, today, quotes)


def _name_changes(steps: Iterable[dict]) -> tuple[NameChange, ...]:
    """A history's steps (10,000 places make 30,000 of them: positional, the quickest way)."""
    return tuple(
        [
            NameChange(
                h["name"],
                h.get("native"),
                None if h.get("from") is None else int(h["from"]),
                h.get("date"),
                h.get("source"),
            )
            for h in steps
        ]
    )


def _plain_place(
    props: dict,
    coord: tuple[float, float],
    sources: dict[str, Source],
    quotes: dict[tuple[str, str], bool],
    this_year: int,
) -> Place | None:
    """The place, when a feature the column checks passed has nothing to report; else None.

    Asks each rule only whether it has a problem (the first one ends the reading), so a
    valid feature costs one pass over its fields; a None sends the feature to
    :func:`_explained_place`, which words the problems (the rules that word them are the
    ones asked here, so the two paths cannot disagree on what is a problem).
    """
    category = _CATEGORIES[props.get("category", "renaming")]
    cited = set()
    for citation in props["citations"]:
        sid = citation["source"]
        source = sources.get(sid)
        if source is None or ("url" in citation and copy_host(citation["url"])):
            return None  # an unknown source, or a link to a copy of the work
        quote = citation.get("quote")
        if quote is not None and not quotes.get((sid, quote)):
            if source.text is None or not _found(quotes, sid, quote, source.text):
                return None  # a quote that cannot be checked, or is not in its source
        cited.add(sid)
    history: tuple[NameChange, ...] = ()
    if "history" in props:
        history = _name_changes(props["history"])
        if next(_history_step_problems(history, this_year), None):
            return None
        if category is Category.RENAMING and _history_names_problem(props, history, props["year"]):
            return None
        if not cited.issuperset([h.source for h in history if h.source]):
            return None  # a step's source is unknown or not cited
    for disagreement in props.get("disagreements", ()):
        if next(_disagreement_problems(0, disagreement), None):
            return None
        if not cited.issuperset([c["source"] for c in disagreement["claims"]]):
            return None
    if props.get("coordinates_source") and props["coordinates_source"] not in cited:
        return None
    return _new_place(props, coord, int(props["year"]), props.get("date"), category, history)


#: A place's fields before its feature's are filled in: its properties are named as its fields.
_BLANK_PLACE = blank(Place)


def _new_place(
    props: dict,
    coord: tuple[float, float],
    year: int,
    date: str | None,
    category: Category,
    history: tuple[NameChange, ...],
) -> Place:
    """The one builder of a :class:`Place`, from a feature that passed every rule."""
    if not _KNOWN.issuperset(props):  # unknown properties were warned about, and are ignored
        props = {key: value for key, value in props.items() if key in _KNOWN}
    citations = props["citations"]
    return assemble(
        Place,
        {
            **_BLANK_PLACE,
            **props,
            "lon": round(coord[0], 6),
            "lat": round(coord[1], 6),
            "year": year,
            "date": date,
            "category": category,
            "citations": tuple(
                [
                    assemble(
                        Citation,
                        {
                            "source": c["source"],
                            "quote": c.get("quote"),
                            "url": c.get("url"),
                            "locator": c.get("locator"),
                        },
                    )
                    for c in citations
                ]
            ),
            "links": tuple(props["links"]) if "links" in props else (),
            "history": history,
            "disagreements": tuple(
                Disagreement(d["about"], tuple(Claim(c["value"], c["source"]) for c in d["claims"]), d.get("note"))
                for d in props["disagreements"]
            )
            if "disagreements" in props
            else (),
        },
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
        history = _name_changes(props.get("history", ()))
        before_steps = len(out.issues)
        for field, message in _history_step_problems(history, today.year):
            out.feature(index, field, message)
        if len(out.issues) == before_steps and usable("category", "old_name", "new_name", "year"):
            if _CATEGORIES[props.get("category", "renaming")] is Category.RENAMING:
                problem = _history_names_problem(props, history, props["year"])
                if problem:
                    out.feature(index, "history", problem)

    if usable("disagreements"):
        for i, disagreement in enumerate(props.get("disagreements", ())):
            for field, message in _disagreement_problems(i, disagreement):
                out.feature(index, field, message)

    cited = [c["source"] for c in props["citations"]] if usable("citations") else None
    for i, citation in enumerate(props["citations"] if cited is not None else ()):
        # The usual case, a known source without a url whose quote was already found, costs no call.
        if (
            "url" not in citation
            and quotes.get((citation["source"], citation.get("quote")))
            and citation["source"] in sources
        ):
            continue
        check_citation(
            citation,
            sources,
            broken,
            quotes,
            out.reporter(index, f"citations[{i}]"),
            out.no_text_reporter(index, f"citations[{i}]"),
        )
    # Other fields naming a source: known, and cited.
    for field, sid in _source_field_problems(
        props, history, cited, sources, usable("disagreements"), usable("coordinates_source")
    ):
        if sid not in sources:
            out.feature(index, field, unknown_source(sid, sources, broken))
        else:
            out.feature(
                index, field, f'source "{sid}" is not in citations; add {{"source": "{sid}"}} there so readers see it'
            )

    # A warning (a citation linking a copy) leaves the place on the map; only errors keep it off.
    if bad is not None or any(issue.severity is Severity.ERROR for issue in out.issues[before:]):
        return None
    if any(index in citing for citing in out.no_text.values()):  # an error, said once for the file
        return None
    return _new_place(props, coord, year, date, _CATEGORIES[props.get("category", "renaming")], history)  # type: ignore[arg-type]


def _source_field_problems(
    props: dict,
    history: tuple[NameChange, ...],
    cited: list[str] | None,
    sources: dict[str, Source],
    disagreements: bool = True,
    coordinates_source: bool = True,
) -> Iterator[tuple[str, str]]:
    """(field, source id) for each field other than citations naming a source that is unknown or not cited.

    Field names are worded only for a problem.
    """
    others: list[tuple[str, str, int, int]] = [("history", h.source, i, 0) for i, h in enumerate(history) if h.source]
    if disagreements:
        others += [
            ("claims", c["source"], i, j)
            for i, d in enumerate(props.get("disagreements", ()))
            for j, c in enumerate(d["claims"])
        ]
    if coordinates_source and props.get("coordinates_source"):
        others.append(("coordinates_source", props["coordinates_source"], 0, 0))
    for where, sid, i, j in others:
        if sid in sources and (cited is None or sid in cited):
            continue
        field = {
            "history": f"history[{i}].source",
            "claims": f"disagreements[{i}].claims[{j}].source",
        }.get(where, where)
        yield field, sid


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


def _disagreement_problems(i: int, disagreement: dict) -> Iterator[tuple[str, str]]:
    """(field, message) for each claim of disagreement ``i`` that does not compare what it is about."""
    rule = DISPUTED_VALUE.get(disagreement["about"])
    if rule is None:
        return
    pattern, expected = rule
    for j, claim in enumerate(disagreement["claims"]):
        if not pattern.match(claim["value"]):
            yield (
                f"disagreements[{i}].claims[{j}].value",
                f"expected {expected}, got {show(claim['value'])}; a disagreement about the "
                f'{disagreement["about"]} compares {disagreement["about"]}s: give other facts an "about" of their own',
            )


def _number(value: float) -> str:
    """A coordinate as the user wrote it (without 40 digits of a huge whole number)."""
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:10]}... ({len(text)} digits)"


def _numbers(values: list[Any]) -> str:
    return "[" + ", ".join(_number(v) for v in values) + "]"


def _check_coordinates(index: int, coord: tuple[float, float], crs, out: _Collector) -> None:
    lon, lat = coord
    written = out.features[index]["geometry"]["coordinates"]
    meant = decimal_comma_pair(written) if crs is None and len(written) == 3 else None
    if crs is None and -180 <= lon <= 180 and -90 <= lat <= 90:
        if meant is not None:
            # An altitude is allowed, so this is only a warning; but a place moved by a decimal
            # comma is never taken in silence.
            out.feature(
                index,
                "geometry.coordinates",
                f"{_numbers(written)} is read as longitude {_number(written[0])}, latitude {_number(written[1])} "
                f"and altitude {_number(written[2])}; if a decimal comma split a number, write "
                f"[{meant[0]!r}, {meant[1]!r}]",
                Severity.WARNING,
            )
        return  # the usual case, decided before any message is worded
    where = "geometry.coordinates"
    # Quote the numbers as written: 1e400 would otherwise read as inf, 44 as 44.0.
    x, y = (_number(v) for v in written[:2])
    if meant is not None:
        out.feature(
            index,
            where,
            f"expected [longitude, latitude] in decimal degrees, got {_numbers(written)}; a decimal comma? write {list(meant)}",
        )
        return
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


def _history_step_problems(history: tuple[NameChange, ...], this_year: int) -> Iterator[tuple[str, str]]:
    """(field, message) for each step whose year is missing, out of order or in the future."""
    previous: int | None = None
    for i, step in enumerate(history):
        if step.year is None:
            if i > 0:
                yield (
                    f"history[{i}].from",
                    f'missing; only the first name may leave out "from" (the year "{step.name}" came into use)',
                )
            continue
        if step.year > this_year:
            yield f"history[{i}].from", f"expected a year no later than {this_year}, got {step.year}"
        if previous is not None and step.year <= previous:
            yield (
                f"history[{i}].from",
                f"expected a year after {previous} (history runs oldest first), got {step.year}",
            )
        if step.date and int(step.date[:4]) != step.year:
            yield f"history[{i}].date", f'expected a date in {step.year} (its "from"), got "{step.date}"'
        previous = step.year


def _history_names_problem(props: dict, history: tuple[NameChange, ...], year: int) -> str | None:
    """What is wrong when a renaming's history does not show old_name giving way to new_name in ``year``."""
    if not history:
        return None
    new_name, old_name, year = props["new_name"], props["old_name"], int(year)
    first = next((i for i, step in enumerate(history) if step.name == new_name and step.year == year), None)
    if first is None:
        return (
            f'expected an entry {{"name": "{new_name}", "from": {year}}} (the new_name and year), got none; '
            "add it in date order"
        )
    if not any(step.name == old_name for step in history[:first]):
        before = ", ".join(f'"{step.name}"' for step in history[:first]) or "nothing"
        return f'expected "{old_name}" (the old_name) before "{new_name}", got {before}; add {{"name": "{old_name}"}} there'
    return None
