"""The JSON Schemas mapgen ships (``places.schema.json``, ``source.schema.json``), and
plain words for their errors.

jsonschema says "'19x1' is not of type 'integer'"; mapgen says
``year: expected a whole year such as 1961, got "19x1"``. The translation lives here, so
that the places file and the source files speak the same language.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from mapgen.errors import nearest
from mapgen.formats.dates import iso_date, two_dates
from mapgen.formats.load import show  # noqa: F401 (part of this module's vocabulary, used by its importers)
from mapgen.model import slug

#: What each field holds, in the words of an error message ("expected ...").
EXPECTED = {
    "id": 'a lowercase slug such as "volgograd" (letters a-z, digits, single hyphens)',
    "year": "a whole year such as 1961",
    "from": "a whole year such as 1925",
    "opening_year": "a whole year such as 1961",
    "date": "a date written YYYY-MM-DD or YYYY-MM",
    "url": "an http:// or https:// address",
    "source": 'a source id such as "de-stalinization" (a file in sources/)',
    "coordinates_source": 'a source id such as "de-stalinization" (a file in sources/)',
    "coordinates": "[longitude, latitude] in decimal degrees",
    "category": '"renaming" or "event"',
    "tour": 'a list of stops such as [{"title": "1961", "places": ["volgograd"]}] (or of feature ids)',
    "places": 'a list of feature ids such as ["volgograd", "donetsk"]',
    "popup": 'a feature id such as "volgograd" (one of the stop\'s places)',
    "center": "[longitude, latitude] in decimal degrees",
    "zoom": "a zoom from 0 (the world) to 18",
}


#: A feature id (the schema's "slug").
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


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
def load_schema(name: str) -> dict:
    """One of the schema files shipped beside this module, parsed."""
    return json.loads(resources.files("mapgen.checks.schema").joinpath(name).read_text(encoding="utf-8"))


def _subschema(name: str, definition: str | None) -> dict:
    schema = load_schema(name)
    if definition is None:
        return schema
    return {"$schema": schema["$schema"], "$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}


@cache
def validator(name: str, definition: str | None = None):
    """The jsonschema validator that explains errors (slow: used only on data that fails)."""
    # jsonschema is imported here, not at module level, so `mapgen --help` stays fast.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_subschema(name, definition))


@cache
def _fast_validator(name: str, definition: str | None = None):
    import jsonschema_rs

    return jsonschema_rs.validator_for(_subschema(name, definition))


def is_valid(instance: Any, name: str, definition: str | None = None) -> bool:
    """A fast yes/no check (jsonschema-rs, compiled in Rust) against the same schema.

    Anything it cannot read (a NaN stand-in, a number too large for it) counts as "no", so
    the explaining validator looks at it.
    """
    try:
        return _fast_validator(name, definition).is_valid(instance)
    except (ValueError, TypeError, OverflowError):
        return False


def schema_errors(document: Any, name: str, items: tuple[str, str] | None = None) -> list:
    """Every jsonschema error in ``document``, computed without paying for valid parts.

    A valid document costs one fast check. Otherwise only the parts that fail are explained
    by jsonschema: with ``items=("features", "feature")``, the document without its features,
    then each failing feature on its own, with paths as if the whole document had been
    checked (``features/3/properties/year``).
    """
    if is_valid(document, name):
        return []
    explain = validator(name)
    field, definition = items or (None, None)
    members = document.get(field) if field and isinstance(document, dict) else None
    if not isinstance(members, list):
        return list(explain.iter_errors(document))
    # Errors about the emptied list itself (it is a list; "minItems") belong to the stand-in.
    skeleton = explain.iter_errors({**document, field: []})
    errors = [e for e in skeleton if list(e.absolute_path) != [field] or not members]
    for index, member in enumerate(members):
        if is_valid(member, name, definition):
            continue
        for error in validator(name, definition).iter_errors(member):
            error.path.extendleft([index, field])
            errors.append(error)
    return errors


def field_path(parts: Iterable[Any]) -> str:
    """``["history", 2, "from"]`` -> ``history[2].from``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


#: What an item of each list holds, for a wrong item ("history[2]: expected ...").
ITEM_EXPECTED = {
    "features": 'a Feature object {"type": "Feature", "geometry": ..., "properties": ...}',
    "coordinates": "a finite number",
    "history": 'an object such as {"name": "Volgograd", "from": 1961}',
    "citations": 'an object such as {"source": "de-stalinization", "quote": "..."}',
    "disagreements": 'an object such as {"about": "year", "claims": [...]}',
    "claims": 'an object such as {"value": "1961", "source": "de-stalinization"}',
    "tour": 'a stop such as {"title": "1961", "text": "...", "places": ["volgograd"]} or a feature id such as "volgograd"',
    "places": 'a feature id such as "volgograd"',
    "center": "a number",
    "links": "an http:// or https:// address",
}


#: What an object-valued field holds, for "expected ..., got ...".
OBJECT_EXPECTED = {
    "geometry": 'a Point geometry {"type": "Point", "coordinates": [longitude, latitude]}',
    "properties": "an object with id, old_name, new_name, year and citations",
    "crs": '{"type": "name", "properties": {"name": "EPSG:3857"}}',
}


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _quoted_number_hint(wanted: list[str], value: Any) -> str:
    """'; write it as a number, without quotes: 2003' for a number typed as text ("2003", "21,10")."""
    if not isinstance(value, str) or not {"integer", "number"} & set(wanted):
        return ""
    text = value.strip().replace(",", ".") if value.count(",") == 1 and "." not in value else value.strip()
    try:
        number = float(text)
    except ValueError:
        return ""
    if not math.isfinite(number) or ("number" not in wanted and not number.is_integer()):
        return ""
    if "number" not in wanted:
        text = str(int(number))  # a whole number is written without its ".0"
    return f"; write it as a number, without quotes: {text}"


def decimal_comma_pair(numbers: Any) -> tuple[float, float] | None:
    """The [longitude, latitude] that a position of 3 or 4 numbers reads as when decimal commas
    split its numbers (``[21,1, 41.9]`` parses as 21, 1, 41.9), or None when no such reading
    gives a place on Earth. Two readings of 3 whole numbers that both fit are no answer.

    Examples
    --------
    >>> decimal_comma_pair([21, 1, 41.9]), decimal_comma_pair([21.1, 41, 9]), decimal_comma_pair([-1, 2001, 52, 1003])
    ((21.1, 41.9), (21.1, 41.9), (-1.2001, 52.1003))
    >>> decimal_comma_pair([44.5, 48.7, 120]) is None  # an altitude
    True
    """
    if not isinstance(numbers, list) or len(numbers) not in (3, 4):
        return None
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        return None

    def joined(whole: Any, part: Any) -> float | None:
        if not (isinstance(whole, int) and isinstance(part, int)) or part < 0:
            return None
        return float(f"{'-' if whole < 0 or str(whole).startswith('-') else ''}{abs(whole)}.{part}")

    if len(numbers) == 4:
        readings = [(joined(numbers[0], numbers[1]), joined(numbers[2], numbers[3]))]
    else:
        readings = [
            (joined(numbers[0], numbers[1]), float(numbers[2])),
            (float(numbers[0]), joined(numbers[1], numbers[2])),
        ]
    fits = [
        (lon, lat)
        for lon, lat in readings
        if lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90
    ]
    return fits[0] if len(fits) == 1 else None


def _pair(pair: tuple[float, float]) -> str:
    return f"[{pair[0]!r}, {pair[1]!r}]"


def _id_hint(props: dict) -> str | None:
    """'expected a unique id such as "linden-street" (from its new_name)', for a place with no id."""
    for field in ("new_name", "title"):
        made = slug(props[field]) if isinstance(props.get(field), str) else ""
        if made:
            return f'expected a unique id such as "{made}" (from its {field})'
    return None


def _pattern_hint(field: str | None, value: Any) -> str:
    """The value as it should be written, where it can be told: a date, an id."""
    if not isinstance(value, str):
        return ""
    if field == "date" and (iso := iso_date(value)):
        return f"; write it as {iso}"
    if field == "date" and (both := two_dates(value)):
        return f"; it could be {both[0]} or {both[1]}: write the one the source means"
    if field == "id":
        made = slug(value)
        return f"; write it as {made}" if made and made != value else ""
    return ""


def _expected(path: list[Any]) -> str | None:
    """What the value at ``path`` should be, in words, when the field's name tells."""
    if not path:
        return None
    if isinstance(path[-1], int):
        parent = path[-2] if len(path) >= 2 and isinstance(path[-2], str) else None
        return ITEM_EXPECTED.get(parent) if parent else None
    return OBJECT_EXPECTED.get(path[-1]) or EXPECTED.get(path[-1])


def schema_messages(
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
        if name == "id" and not hints and isinstance(error.instance, dict):
            hint = _id_hint(error.instance) or hint
        return [(path + [name], "missing; " + hint)]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        allowed = ", ".join(known)
        return [
            (path + [name], f"unknown field (allowed: {allowed}){nearest(name, known)}")
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
        if (
            isinstance(error.instance, str)
            and len(path) >= 2
            and path[-2] == "citations"
            and _SLUG.match(error.instance)
        ):
            # A source id given where the citation belongs: the example shows it in its place.
            expected = f'an object such as {{"source": {got}, "quote": "..."}}'
        expected = expected or " or ".join(TYPE_WORDS.get(w, w) for w in wanted)
        return [(path, f"expected {expected}, got {got}{_quoted_number_hint(wanted, error.instance)}")]
    if kind in ("minItems", "maxItems"):
        if last == "features":
            return [(path, "expected at least one place (a Point feature), got an empty list; there is nothing to map")]
        if last == "citations":
            return [(path, 'expected at least one citation ({"source": ...}), got an empty list')]
        if last == "coordinates":
            count = len(error.instance)
            said = f"expected {EXPECTED['coordinates']}, got {count} number{'' if count == 1 else 's'}"
            meant = decimal_comma_pair(error.instance)
            return [(path, said + (f"; decimal commas? write {_pair(meant)}" if meant else ""))]
        if last == "history":
            return [
                (path, 'expected at least one name ({"name": ...}), got an empty list; leave "history" out instead')
            ]
        if last == "tour":
            return [
                (
                    path,
                    'expected at least one stop ({"title": ..., "places": [...]}), got an empty list; leave "tour" out for the default tour',
                )
            ]
        if last == "claims":
            return [(path, f"expected at least 2 claims (a disagreement needs two sides), got {len(error.instance)}")]
        bound = "at least" if kind == "minItems" else "at most"
        return [(path, f"expected {bound} {error.validator_value} items, got {len(error.instance)}")]
    if kind in ("pattern", "minLength"):
        if len(path) >= 2 and path[-2] == "tour" and isinstance(error.instance, str):
            expected = 'a feature id such as "volgograd"'  # text in a tour is a stop's shorthand
        return [(path, f"expected {expected or 'non-blank text'}, got {got}{_pattern_hint(last, error.instance)}")]
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        if last == "zoom":
            return [(path, f"expected a zoom from {low} (the world) to {high}, got {got}")]
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
        "year": "expected the year of this renaming, such as 1961 (or its date, such as 1961-11-10)",
        "old_name": 'expected the name that was removed (or "category": "event" for an event)',
        "new_name": "expected the name that replaced it",
        "title": "an event needs a title",
        "name": "expected the name this step of the history brought in",
        "source": 'expected a source id such as "de-stalinization" (a file in sources/)',
        "about": 'expected what the sources disagree about, such as "year"',
        "claims": "expected at least two claims, each with a value and a source",
        "value": "expected what this source says",
    }
    if name == "title" and "popup" in schema.get("properties", {}):
        return 'expected the stop\'s heading, such as "November 1961: Stalingrad becomes Volgograd"'
    if name == "type":
        const = schema.get("properties", {}).get("type", {}).get("const")
        return f'add "type": {json.dumps(const)}' if const else 'add "type"'
    return hints.get(name, f'expected "{name}"')


def _const_hint(field: str | None, value: Any) -> str:
    if field == "type" and value in ("LineString", "Polygon", "MultiPoint", "MultiPolygon", "MultiLineString"):
        return "; mapgen maps each place as one point: put the place's centre as a Point"
    return ""
