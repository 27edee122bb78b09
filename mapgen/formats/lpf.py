"""Linked Places Format (LPF v1.2.2), the exchange format of the World Historical Gazetteer.

An LPF place is a GeoJSON-LD Feature whose ``names[]`` each carry a ``toponym`` and,
optionally, a ``when`` (timespans), ``citations`` (``label``, ``@id``) and ``lang``. mapgen
reads it as a name history in time order; the renaming shown on the map is the latest
change of name. docs/formats.md has the whole mapping and what each direction leaves out.

Written as a FeatureCollection (``.json``, ``.geojson``) or as JSON Lines, one Feature a line
(``.jsonl``, ``.ndjson``). Real files say "unknown" with empty strings and ``-1``: both are
read as unknown, never as errors.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Issue, Severity, did_you_mean, misspelling_of
from mapgen.formats.document import Document, Location, tour_document
from mapgen.formats.geojson import place_properties
from mapgen.formats.load import RawSource, parse_json, read_data_bytes, read_sources, show, sources_folder
from mapgen.model import Category, Dataset, Place, Source, slug

CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"

#: The namespace aliases of the LPF context (and Wikidata, added in v1.2.2), to turn
#: ``tgn:7011944`` in ``links`` into an address a reader can open.
PREFIXES = {
    "tgn": "http://vocab.getty.edu/tgn/",
    "aat": "http://vocab.getty.edu/aat/",
    "wd": "http://www.wikidata.org/entity/",
    "doi": "https://doi.org/",
    "periodo": "http://n2t.net/ark:/99152/",
}

#: Getty AAT place types (as the World Historical Gazetteer uses them) for mapgen's kinds.
#: Kinds without an AAT concept here are written with their label only.
AAT_KINDS = {
    "city": "300008389",
    "town": "300008375",
    "village": "300008372",
    "settlement": "300008347",
}


def _kinds() -> tuple[str, ...]:
    from mapgen.checks.schema import load_schema

    return tuple(load_schema("places.schema.json")["$defs"]["properties"]["properties"]["kind"]["enum"])


#: mapgen properties with no LPF element of their own, kept in ``properties`` (GeoJSON allows
#: any; JSON-LD processors leave out what the context does not define).
EXTRA_PROPERTIES = (
    "country_then",
    "country_now",
    "named_after",
    "note",
    "gazetteer_note",
    "coordinates_source",
    "old_name_native",
    "new_name_native",
)
#: Every key of an LPF feature's ``properties`` that mapgen reads; one a typo away from these is an error.
READ_PROPERTIES = ("title", "year", "date", "ccodes", "ccode", "kind", "disagreements", *EXTRA_PROPERTIES)


@functools.cache
def _read_property_meant(key: str) -> str | None:
    """The property mapgen reads that an unread ``key`` is a typo of, or None: worked out once
    a key, since a gazetteer gives every place the same keys (each place, and the file's one
    warning, ask again)."""
    return None if key in READ_PROPERTIES else misspelling_of(key, READ_PROPERTIES)


_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?:T.*)?$")


def looks_like_lpf(document: Any) -> bool:
    """Whether parsed JSON is LPF rather than mapgen GeoJSON: an ``@context``, or names with toponyms."""
    if isinstance(document, dict) and "@context" in document:
        return True
    features = document.get("features") if isinstance(document, dict) else None
    if document and isinstance(document, dict) and document.get("type") == "Feature":
        features = [document]
    for feature in features if isinstance(features, list) else ():
        names = feature.get("names") if isinstance(feature, dict) else None
        if isinstance(names, list) and any(isinstance(n, dict) and "toponym" in n for n in names):
            return True
    return False


# --- reading -------------------------------------------------------------------------------


class _Unknown(Exception):
    """A time value that says "unknown" (-1, "", null)."""


def _time(value: Any) -> tuple[int, str | None]:
    """An LPF time value as (year, ISO date or None). Raises _Unknown or ValueError (with the reason)."""
    if isinstance(value, dict):
        for key in ("in", "earliest", "latest"):
            if key in value:
                return _time(value[key])
        raise _Unknown
    if value is None or value == -1 or (isinstance(value, str) and value.strip() in ("", "-1")):
        raise _Unknown
    if isinstance(value, bool):
        raise ValueError(f'expected a date such as "1961" or "1961-11-10", got {show(value)}')
    if isinstance(value, int | float) and value == int(value) and 1 <= value <= 9999:
        return int(value), None
    text = str(value).strip().rstrip("~?%") if isinstance(value, str) else None
    match = _ISO.match(text) if text else None
    if not match or int(match["year"]) < 1:
        if text and re.match(r"^-\d", text):
            raise ValueError(f"mapgen maps the years 1 to 9999, got {show(value)}")
        raise ValueError(f'expected an ISO 8601 date such as "1961" or "1961-11-10", got {show(value)}')
    date = None
    if match["month"]:
        date = f"{match['year']}-{match['month']}" + (f"-{match['day']}" if match["day"] else "")
    return int(match["year"]), date


def _span(when: Any) -> tuple[tuple[int, str | None] | None, tuple[int, str | None] | None, str | None]:
    """The earliest start and latest end of a ``when``'s timespans, and a problem if one is unreadable."""
    if not isinstance(when, dict):
        return None, None, None
    spans = when.get("timespans", when.get("timespan"))  # real files have both spellings
    if isinstance(spans, dict):
        spans = [spans]
    starts, ends = [], []
    for span in spans if isinstance(spans, list) else ():
        if not isinstance(span, dict):
            continue
        for key, found in (("start", starts), ("end", ends)):
            if key not in span:
                continue
            try:
                found.append(_time(span[key]))
            except _Unknown:
                pass
            except ValueError as exc:
                return None, None, f"{key}: {exc}"
    return (min(starts) if starts else None), (max(ends) if ends else None), None


def _expand(identifier: Any) -> str | None:
    if not isinstance(identifier, str | int):
        return None
    text = str(identifier).strip()
    prefix, _, rest = text.partition(":")
    if prefix in PREFIXES and rest and not rest.startswith("//"):
        text = PREFIXES[prefix] + rest
    return text if re.match(r"^https?://[^\s]+$", text) else None


def _country_name(code: str) -> str | None:
    import pycountry  # only LPF needs country codes

    country = pycountry.countries.get(alpha_2=code.upper())
    return (getattr(country, "common_name", None) or country.name) if country else None


@dataclass
class _Sources:
    """Turns LPF citations into mapgen source ids: a stored source where one matches, else a
    source made from the citation itself (its label as title, its ``@id`` as address)."""

    stored: dict[str, RawSource]
    shown: str
    made: dict[str, RawSource] = field(default_factory=dict)

    def _meta(self, sid: str) -> dict:
        meta = self.stored[sid].meta
        return meta if isinstance(meta, dict) else {}

    def url(self, sid: str) -> str | None:
        raw = self.stored.get(sid) or self.made.get(sid)
        return raw.meta.get("url") if raw is not None and isinstance(raw.meta, dict) else None

    def resolve(self, label: str | None, at_id: str | None, named: str | None) -> str | None:
        if named and slug(named) == named:
            if named in self.stored:
                return named
            return self._make(named, label or named, at_id)
        if label in self.stored:
            return label
        titled = [s for s in sorted(self.stored) if label and self._meta(s).get("title") == label]
        if len(titled) > 1 and at_id:
            titled = [s for s in titled if self._meta(s).get("url") == at_id] or titled[:1]
        if titled:
            return titled[0]
        linked = [s for s in sorted(self.stored) if at_id and self._meta(s).get("url") == at_id]
        if len(linked) == 1:
            return linked[0]
        if not (label or at_id):
            return None
        return self._make(slug(label or at_id or "") or "citation", label or at_id or "", at_id)

    def _make(self, sid: str, title: str, at_id: str | None) -> str:
        url = _expand(at_id)
        meta = {"id": sid, "title": title, **({"url": url} if url else {})}
        base, n = sid, 1
        # The same label is the same work, whatever address each citation links to.
        while sid in self.made and self.made[sid].meta["title"] != title:
            n += 1
            sid = f"{base}-{n}"
            meta["id"] = sid
        if sid not in self.made:
            where = f"{self.shown} (the citation {json.dumps(title, ensure_ascii=False)})"
            self.made[sid] = RawSource(where, meta, None)
        return sid


@dataclass
class _Place:
    """One LPF feature being read: its problems and where each mapgen field came from."""

    where: str
    index: int
    fields: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str, Severity]] = field(default_factory=list)

    def problem(self, lpf_field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append((lpf_field, message, severity))

    def column(self, mapgen_field: str) -> str | None:
        best = max(
            (
                k
                for k in self.fields
                if mapgen_field == k or mapgen_field.startswith(k + ".") or mapgen_field.startswith(k + "[")
            ),
            key=len,
            default=None,
        )
        return None if best is None else self.fields[best] + mapgen_field[len(best) :]


def _citations(raw: Any) -> list[dict]:
    if isinstance(raw, dict):  # some files write one "citation" object
        return [raw]
    return [c for c in raw if isinstance(c, dict)] if isinstance(raw, list) else []


def _citation(cite: dict, sources: _Sources) -> dict | None:
    """An LPF citation as a mapgen one: its source's id, and a quote, link and locator where given."""
    label = cite.get("label") if isinstance(cite.get("label"), str) and cite["label"].strip() else None
    link = cite.get("@id", cite.get("id"))
    link = str(link).strip() if isinstance(link, str | int) and str(link).strip() else None
    named = cite.get("source") if isinstance(cite.get("source"), str) else None
    sid = sources.resolve(label.strip() if label else None, link, named)
    if sid is None:
        return None
    entry: dict[str, Any] = {"source": sid}
    if isinstance(cite.get("quote"), str) and cite["quote"].strip():
        entry["quote"] = cite["quote"]
    if named:  # written by mapgen: "url" is the citation's own link, if it had one
        url = _expand(cite.get("url"))
    else:  # a link to the work itself is the source's address, not a deep link
        url = _expand(link)
        if url == sources.url(sid):
            url = None
    if url:
        entry["url"] = url
    if isinstance(cite.get("locator"), str) and cite["locator"].strip():
        entry["locator"] = cite["locator"]
    return entry


def _feature(feature: Any, where: _Place, sources: _Sources, ids: set[str]) -> dict | None:
    """One LPF feature as a mapgen feature, or None (the problems are on ``where``)."""
    if not isinstance(feature, dict):
        where.problem("", f'expected a Feature object {{"type": "Feature", "names": [...], ...}}, got {show(feature)}')
        return None
    props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    pid = _place_id(feature, props, where.index, ids)
    for key in props:
        meant = _read_property_meant(key)
        if meant is not None:  # its value would be lost without a word
            where.problem(f"properties.{key}", "unknown property" + did_you_mean(meant))
    names = feature.get("names")
    if not isinstance(names, list) or not names:
        where.problem("names", 'missing; expected a list of names such as [{"toponym": "Volgograd", "when": ...}]')
        return None
    grouped = _group_names(names, where, sources)
    if grouped is None:
        return None
    groups, cited = grouped
    ordered = _in_time(groups)
    history = _history(ordered, cited, where)
    if any(severity is Severity.ERROR for _f, _m, severity in where.problems):
        return None
    return _renaming(feature, props, pid, ordered, history, cited, where)


def _place_id(feature: dict, props: dict, index: int, ids: set[str]) -> str:
    """A unique mapgen id from the feature's ``@id`` (its last part), else its title."""
    at_id = feature.get("@id", feature.get("id"))
    pid = slug(str(at_id).rstrip("/").replace("=", "/").replace(":", "/").split("/")[-1]) if at_id else ""
    pid = pid or slug(str(props.get("title") or "")) or f"place-{index}"
    base, n = pid, 1
    while pid in ids:
        n += 1
        pid = f"{base}-{n}"
    ids.add(pid)
    return pid


Group = list[tuple[int, dict]]  # (index in names[], the name)


def _group_names(
    names: list, where: _Place, sources: _Sources
) -> tuple[dict[tuple, Group], list[tuple[int, int, dict]]] | None:
    """The names grouped by timespan, and every citation as (name, citation, mapgen citation).

    Names with the same timespans are one step of the history: a name and its native spelling.
    """
    groups: dict[tuple, Group] = {}
    cited: list[tuple[int, int, dict]] = []
    for j, name in enumerate(names):
        if not isinstance(name, dict):
            where.problem(f"names[{j}]", f'expected an object such as {{"toponym": "Volgograd"}}, got {show(name)}')
            continue
        toponym = name.get("toponym")
        if toponym is None or (isinstance(toponym, str) and not toponym.strip()):
            continue  # an empty name says nothing
        if not isinstance(toponym, str):
            where.problem(f"names[{j}].toponym", f"expected text, got {show(toponym)}")
            continue
        start, end, bad = _span(name.get("when"))
        if bad:
            where.problem(f"names[{j}].when", bad)
            continue
        for m, cite in enumerate(_citations(name.get("citations", name.get("citation")))):
            entry = _citation(cite, sources)
            if entry is not None:
                cited.append((j, m, entry))
        groups.setdefault((start, end), []).append((j, name))
    if not groups:
        if not where.problems:
            where.problem("names", "no name has a toponym; expected at least one name")
        return None
    return groups, cited


def _in_time(groups: dict[tuple, Group]) -> list[tuple[tuple, Group]]:
    """The groups oldest first, with at most one undated group (the name before any change)."""
    dated = {n.get("toponym") for (start, _end), members in groups.items() if start for _j, n in members}
    undated = [(k, v) for k, v in groups.items() if k[0] is None]
    # Of the names with no start, only one can be the name before the first dated change: the
    # one that ended first, else one not attested later with a date, else the first listed.
    # The others are undated variants and are not steps in time.
    undated.sort(key=lambda kv: (kv[0][1] is None, kv[0][1] or (0, None), kv[1][0][1]["toponym"] in dated, kv[1][0][0]))
    return undated[:1] + sorted(
        ((k, v) for k, v in groups.items() if k[0] is not None),
        key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or (0, None)),
    )


def _history(ordered: list[tuple[tuple, Group]], cited: list[tuple[int, int, dict]], where: _Place) -> list[dict]:
    """mapgen history entries, one per group; a name attested again in a row counts once."""
    cited_at: dict[int, str] = {}
    for j, _m, entry in cited:
        cited_at.setdefault(j, entry["source"])
    history: list[dict] = []
    for (start, _end), members in ordered:
        j, first = members[0]
        natives = [n["toponym"] for _, n in members[1:] if n["toponym"] != first["toponym"]]
        if history and history[-1]["name"] == first["toponym"]:
            continue  # the same name attested again
        step: dict[str, Any] = {"name": first["toponym"]}
        if natives:
            step["native"] = natives[0]
        if start:
            step["from"] = start[0]
            if start[1]:
                step["date"] = start[1]
        if isinstance(first.get("source"), str | None) and "source" in first:
            # mapgen's own key on the name its citations all go with: the step's source, or null for none.
            if first["source"]:
                step["source"] = first["source"]
        elif j in cited_at:
            step["source"] = cited_at[j]
        where.fields[f"history[{len(history)}]"] = f"names[{j}]"
        history.append(step)
    return history


def _renaming(
    feature: dict,
    props: dict,
    pid: str,
    ordered: list[tuple[tuple, Group]],
    history: list[dict],
    cited: list[tuple[int, int, dict]],
    where: _Place,
) -> dict | None:
    """The mapgen feature: the change of name the map shows, and the place's other facts."""
    if len(history) < 2 or "from" not in history[-1]:
        shown = ", ".join(f'"{s["name"]}"' for s in history)
        where.problem(
            "names",
            f"the name never changes (names in time: {shown}), so there is no renaming to map and the place is "
            "left off the map; to map it, give the new name a timespan that starts in the year of the change",
            Severity.WARNING,
        )
        return None
    # mapgen's own files say which change the map shows (properties.year); others: the latest.
    chosen = props.get("year") if isinstance(props.get("year"), int) else None
    at = max(
        (k for k in range(1, len(history)) if chosen is not None and history[k].get("from") == chosen),
        default=len(history) - 1,
    )
    old, new = history[at - 1], history[at]
    # The evidence for the change the map shows comes first (the popup leads with it).
    renamed = {
        j
        for (start, end), members in ordered
        for j, n in members
        if n["toponym"] == new["name"] and start and start[0] == new["from"]
    }
    citations: list[dict] = []
    for j, m, entry in sorted(cited, key=lambda c: (c[0] not in renamed, c[0], c[1])):
        if entry not in citations:
            citations.append(entry)
            where.fields[f"citations[{len(citations) - 1}]"] = f"names[{j}].citations[{m}]"
    out: dict[str, Any] = {"id": pid, "old_name": old["name"], "new_name": new["name"], "year": new["from"]}
    last, before = where.fields[f"history[{at}]"], where.fields[f"history[{at - 1}]"]
    where.fields |= {
        "id": "@id",
        "old_name": before + ".toponym",
        "new_name": last + ".toponym",
        "year": last + ".when",
        "date": last + ".when",
        "old_name_native": before,
        "new_name_native": last,
        "citations": "names",
        "geometry": "geometry",
        "kind": "types",
        "country_now": "properties.ccodes",
        "links": "links",
        "history": "names",
    }
    for key, value in (("old_name_native", old.get("native")), ("new_name_native", new.get("native"))):
        if value and key not in props:  # mapgen writes its own (null when there is none)
            out[key] = value
    if new.get("date"):
        out["date"] = new["date"]
    if isinstance(props.get("disagreements"), list):  # mapgen's own: LPF has no element for it
        out["disagreements"] = props["disagreements"]
        where.fields["disagreements"] = "properties.disagreements"
    if isinstance(props.get("date"), str) and props["date"].strip():
        # mapgen's own: the day of a change whose name in time gives only its year.
        out["date"] = props["date"]
        where.fields["date"] = "properties.date"
    kind = _kind(feature.get("types"), props)
    if kind:
        out["kind"] = kind
    for key in EXTRA_PROPERTIES:
        if isinstance(props.get(key), str) and props[key].strip():
            out[key] = props[key]
            where.fields[key] = f"properties.{key}"
    if "country_now" not in out:
        codes = props.get("ccodes", props.get("ccode"))
        codes = [codes] if isinstance(codes, str) else codes if isinstance(codes, list) else []
        codes = [c for c in codes if isinstance(c, str) and c.strip()]
        if codes:
            name = _country_name(codes[0].strip())
            if name:
                out["country_now"] = name
            else:
                where.problem(
                    "properties.ccodes",
                    f"{show(codes[0])} is not an ISO 3166 country code; the country is left out",
                    Severity.WARNING,
                )
    raw_links = feature.get("links") if isinstance(feature.get("links"), list) else []
    links = [_expand(link.get("identifier", link.get("uri"))) for link in raw_links if isinstance(link, dict)]
    links = [u for u in links if u]
    if links:
        out["links"] = list(dict.fromkeys(links))
    out["history"] = history
    out["citations"] = citations
    geometry = _point(feature.get("geometry"), where)
    if geometry is None:
        return None
    return {"type": "Feature", "geometry": geometry, "properties": out}


def _kind(types: Any, props: dict) -> str | None:
    kinds = _kinds()
    if isinstance(props.get("kind"), str) and props["kind"] in kinds:
        return props["kind"]
    by_id = {v: k for k, v in AAT_KINDS.items()}
    for item in types if isinstance(types, list) else ():
        if not isinstance(item, dict):
            continue
        for key in ("label", "label_aat"):
            label = item.get(key)
            if isinstance(label, str) and label.strip().lower() in kinds:
                return label.strip().lower()
        identifier = str(item.get("identifier", item.get("@id", ""))).rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        if identifier in by_id:
            return by_id[identifier]
    return None


def _point(geometry: Any, where: _Place) -> dict | None:
    """A Point for the map: the geometry itself, or a GeometryCollection's latest point."""
    if not isinstance(geometry, dict):
        where.problem(
            "geometry",
            "missing; expected a Point or a GeometryCollection with a Point, such as "
            '{"type": "Point", "coordinates": [44.5, 48.7]}',
        )
        return None
    if geometry.get("type") != "GeometryCollection":
        return geometry  # a Point, or a shape the validator explains
    points = []
    geometries = geometry.get("geometries")
    for k, item in enumerate(geometries if isinstance(geometries, list) else ()):
        if not isinstance(item, dict):
            continue
        coords = item.get("coordinates")
        wkt = item.get("geo_wkt", item.get("geowkt"))
        if coords is None and isinstance(wkt, str):
            match = re.match(r"^\s*POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", wkt, re.IGNORECASE)
            try:
                coords = [float(match[1]), float(match[2])] if match else None
            except ValueError:
                coords = None
        if item.get("type", "Point") != "Point" or not isinstance(coords, list):
            continue
        start, _end, _bad = _span(item.get("when"))
        points.append(((start or (0, None))[0], k, coords))
    if not points:
        where.problem(
            "geometry.geometries",
            "no Point with coordinates; mapgen needs each place's location as a point (longitude, latitude)",
        )
        return None
    return {"type": "Point", "coordinates": max(points, key=lambda p: (p[0], p[1]))[2]}


def _read_lines(data: bytes, shown: str) -> list[tuple[int, Any]]:
    """JSON Lines: each non-blank line one Feature, parsed as strictly as a JSON file."""
    features: list[tuple[int, Any]] = []
    issues: list[Issue] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            features.append((number, parse_json(line, shown)))
        except DataError as exc:
            message = re.sub(r"^line 1, column", f"line {number}, column", exc.issues[0].message)
            if not message.startswith("line "):
                message = f"line {number}: {message}"
            issues.append(Issue(shown, message))
    if issues:
        raise DataError.from_issues(shown, issues)
    if not features:
        raise DataError.from_issues(shown, [Issue(shown, "file is empty; expected one Linked Places Feature per line")])
    return features


def read(path: Path, parsed: Any | None = None) -> Document:
    """Read an LPF FeatureCollection (``parsed``, already read) or a JSON Lines file into the
    validator's document; problems are located by feature (or line) and LPF field."""
    shown = str(path)
    if parsed is None:
        data = read_data_bytes(path)
        items = [(f"line {n}", f) for n, f in _read_lines(data, shown)]
        head: dict[str, Any] = {}
    else:
        raw = parsed.get("features") if isinstance(parsed, dict) else None
        if isinstance(parsed, dict) and parsed.get("type") == "Feature":
            raw = [parsed]  # one place on its own
        if not isinstance(raw, list):
            message = (
                f'expected "features": a list of Linked Places Features, got {show(raw) if raw is not None else "none"}'
            )
            raise DataError.from_issues(shown, [Issue(shown, message)])
        items = [(f"feature {i}", f) for i, f in enumerate(raw)]
        head = {k: parsed[k] for k in ("title", "caption") if isinstance(parsed.get(k), str) and parsed[k].strip()}
        # mapgen's own tour and opening year, checked by the validator as in mapgen GeoJSON.
        head |= {k: parsed[k] for k in ("tour", "opening_year") if k in parsed}
    stored, _issues = read_sources(sources_folder(path))  # the pipeline reports these problems
    sources = _Sources(stored, shown)
    features, locations, issues = [], [], []
    ids: set[str] = set()
    for index, (label, feature) in enumerate(items):
        at_id = feature.get("@id") if isinstance(feature, dict) else None
        where = _Place(
            label + (f" (@id {json.dumps(at_id, ensure_ascii=False)})" if isinstance(at_id, str) else ""), index
        )
        converted = _feature(feature, where, sources, ids)
        for lpf_field, message, severity in where.problems:
            place = f"{where.where}, {lpf_field}" if lpf_field else where.where
            issues.append(Issue(shown, message, feature=index, severity=severity, where=place))
        if converted is not None and not any(s is Severity.ERROR for _f, _m, s in where.problems):
            features.append(converted)
            locations.append(Location(where.where, index, where.column))
    unread = _unread_properties(shown, (item for _label, item in items))
    if unread:
        issues.insert(0, unread)
    if not features:  # the validator would only add "no features" to the reasons given
        if not any(i.severity is Severity.ERROR for i in issues):
            issues.append(Issue(shown, "no place in the file changes its name, so there is nothing to map"))
        raise DataError.from_issues(shown, issues)
    return Document(
        {"type": "FeatureCollection", **head, "features": features}, tuple(locations), sources.made, tuple(issues)
    )


def _unread_properties(shown: str, features: Iterable[Any]) -> Issue | None:
    """One warning for the whole file naming the ``properties`` keys mapgen does not read.

    Gazetteers add keys of their own to every place, so they are said once, with how many
    places have each, rather than once a place (a key one edit from a read one is an error
    of its place instead).
    """
    counts: Counter[str] = Counter()
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict):
            counts.update(k for k in props if k not in READ_PROPERTIES and _read_property_meant(k) is None)
    if not counts:
        return None
    listed = ", ".join(f"properties.{k} ({n} place{'' if n == 1 else 's'})" for k, n in counts.items())
    return Issue(
        shown,
        f"{listed}: not read by mapgen, left out (docs/formats.md lists the properties it reads)",
        severity=Severity.WARNING,
    )


# --- writing -------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _country_code(name: str | None) -> str | None:
    """The ISO 3166 code for a country's name ("Russia" -> "RU"); fuzzy search is slow, hence the cache."""
    if not name:
        return None
    import pycountry

    for attempt in (name, name.split(" (")[0].strip()):
        try:
            return pycountry.countries.lookup(attempt).alpha_2
        except LookupError:
            continue
    try:
        return pycountry.countries.search_fuzzy(name.split(" (")[0].strip())[0].alpha_2
    except LookupError:
        return None


def _year_text(year: int, date: str | None) -> str:
    return date or f"{year:04d}"


def _lpf_citation(citation, sources: dict[str, Source]) -> dict[str, Any]:
    source = sources.get(citation.source)
    out: dict[str, Any] = {"label": source.title if source else citation.source}
    url = citation.url or (source.url if source else None)
    if url:
        out["@id"] = url
    # mapgen's own keys (JSON-LD leaves out terms its context does not define): the source's
    # id, to find sources/<id>.json again, and the citation's own link, quote and locator.
    out["source"] = citation.source
    if citation.url:
        out["url"] = citation.url
    if citation.quote:
        out["quote"] = citation.quote
    if citation.locator:
        out["locator"] = citation.locator
    return out


def to_feature(place: Place, sources: dict[str, Source]) -> dict[str, Any]:
    """One renamed place as an LPF Feature (events have no LPF form; see :func:`to_document`)."""
    steps = list(place.history)
    if not steps:
        from mapgen.model import NameChange

        steps = [
            NameChange(place.old_name or "", place.old_name_native),
            NameChange(place.new_name or "", place.new_name_native, place.year, place.date),
        ]
    renaming = max(
        (i for i, s in enumerate(steps) if s.name == place.new_name and s.year == place.year), default=len(steps) - 1
    )
    # Every citation goes with the name the renaming brought in (the evidence for the change
    # the map shows); each other step also carries the citations of its own source.
    per_step = [
        list(range(len(place.citations)))
        if i == renaming
        else [k for k, c in enumerate(place.citations) if step.source and c.source == step.source]
        for i, step in enumerate(steps)
    ]
    names = []
    for i, step in enumerate(steps):
        entry: dict[str, Any] = {}
        if step.year is not None:
            span: dict[str, Any] = {"start": {"in": _year_text(step.year, step.date)}}
            following = steps[i + 1] if i + 1 < len(steps) else None
            if following is not None and following.year is not None:
                span["end"] = {"in": _year_text(following.year, following.date)}
            entry["when"] = {"timespans": [span]}
        cites = [_lpf_citation(place.citations[k], sources) for k in sorted(per_step[i])]
        # Every citation goes with the renaming's name, so which one is the step's own is said apart.
        own = {"source": step.source} if i == renaming and cites else {}
        for toponym in [step.name] + ([step.native] if step.native and step.native != step.name else []):
            names.append({"toponym": toponym, **own, **({"citations": cites} if cites else {}), **entry})
    first = min((s.year for s in steps if s.year is not None), default=place.year)
    # The title is the name the place bears now; "year" says which change of name the map shows.
    props: dict[str, Any] = {"title": steps[-1].name, "year": place.year}
    if place.date and steps[renaming].date != place.date:
        props["date"] = place.date  # the names in time give only the year of the change
    code = _country_code(place.country_now)
    if code:
        props["ccodes"] = [code]
    if place.disagreements:
        props["disagreements"] = place_properties(place)["disagreements"]
    for key in EXTRA_PROPERTIES:
        if getattr(place, key) or key.endswith("_native"):
            # A native spelling is written even when there is none (null), so that reading the
            # file back does not take one from the names.
            props[key] = getattr(place, key)
    feature: dict[str, Any] = {
        "@id": f"urn:mapgen:place:{place.id}",
        "type": "Feature",
        "properties": props,
        "when": {"timespans": [{"start": {"in": f"{first:04d}"}}]},
        "names": names,
    }
    if place.kind:
        kind = {"label": place.kind}
        if place.kind in AAT_KINDS:
            kind = {"identifier": f"aat:{AAT_KINDS[place.kind]}", **kind}
        feature["types"] = [kind]
    feature["geometry"] = {"type": "Point", "coordinates": [place.lon, place.lat]}
    if place.links:
        feature["links"] = [{"type": "seeAlso", "identifier": url} for url in place.links]
    return feature


def to_document(dataset: Dataset) -> dict[str, Any]:
    """The dataset's renamings as an LPF FeatureCollection; events are left out (LPF describes places)."""
    head: dict[str, Any] = {"type": "FeatureCollection", "@context": CONTEXT}
    if dataset.title:
        head["title"] = dataset.title
    if dataset.caption:
        head["caption"] = dataset.caption
    renamings = [p for p in dataset.places if p.category is Category.RENAMING]
    # mapgen's own keys, as title and caption are: the tour (without the events LPF leaves out).
    ids = {p.id for p in renamings}
    tour = tour_document(dataset.tour, ids)
    if tour:
        head["tour"] = tour
    if dataset.opening_year is not None:
        head["opening_year"] = dataset.opening_year
    features = [to_feature(p, dataset.sources) for p in renamings]
    return {**head, "features": features}


def write(dataset: Dataset) -> str:
    """LPF FeatureCollection text."""
    return json.dumps(to_document(dataset), ensure_ascii=False, indent=2) + "\n"


def write_lines(dataset: Dataset) -> str:
    """LPF as JSON Lines: one Feature a line, each with its ``@context``."""
    return "".join(
        json.dumps({"@context": CONTEXT, **to_feature(p, dataset.sources)}, ensure_ascii=False) + "\n"
        for p in dataset.places
        if p.category is Category.RENAMING
    )
