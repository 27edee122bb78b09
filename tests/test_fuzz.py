"""Fuzzing: whatever the input, mapgen either accepts it or says why, never a traceback.

The only allowed outcomes of loading, validating or building are a result or a
:class:`~mapgen.errors.MapgenError`. Inputs range from random bytes and random JSON to
valid files with random values (any Unicode, lone surrogates, NaN and huge numbers,
written as raw JSON text so that tokens Python would refuse reach the reader).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapgen.checks.validate import KNOWN_PROPERTIES, validate
from mapgen.errors import MapgenError
from mapgen.formats.load import parse_json
from mapgen.options import RenderOptions, Tiles
from mapgen.pipeline import build, load_dataset

VALID = Path(__file__).parent / "data" / "valid"
TODAY = dt.date(2026, 6, 1)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies --------------------------------------------------------------------------

#: Any character, now and then half of a surrogate pair (JSON can spell those as \udXXX).
characters = st.characters() | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
texts = st.text(characters, max_size=30)
numbers = (
    st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, -1, 1961, 9999, 10000, 1961.0, 1e308, 1e-308, -0.0])
)
scalars = st.none() | st.booleans() | numbers | texts
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4), max_leaves=20
)

field_names = st.sampled_from(KNOWN_PROPERTIES) | texts
coordinates = st.lists(numbers | json_values, min_size=0, max_size=4) | json_values
geometries = (
    st.fixed_dictionaries(
        {"type": st.sampled_from(["Point", "LineString", "Polygon", "point"]) | json_values, "coordinates": coordinates}
    )
    | json_values
)
geojsonish_features = (
    st.fixed_dictionaries(
        {
            "type": st.just("Feature") | json_values,
            "geometry": geometries,
            "properties": st.dictionaries(field_names, json_values, max_size=8) | json_values,
        }
    )
    | json_values
)
geojsonish_documents = st.fixed_dictionaries(
    {
        "type": st.just("FeatureCollection") | json_values,
        "features": st.lists(geojsonish_features, max_size=4) | json_values,
    },
    optional={
        "crs": st.just({"type": "name", "properties": {"name": "EPSG:3857"}}) | json_values,
        "title": json_values,
    },
)


def _valid_document() -> dict:
    return json.loads((VALID / "places.geojson").read_text(encoding="utf-8"))


TEXT_FIELDS = ["old_name_native", "new_name_native", "country_then", "country_now", "named_after", "note", "place"]


@st.composite
def valid_with_random_values(draw: st.DrawFn, *, allow_bad: bool = True) -> dict:
    """The valid fixture with random text, years and coordinates in its features.

    With ``allow_bad=False`` the values stay inside the rules (finite coordinates, past
    years, no lone surrogates), so most documents are valid and get as far as the page.
    """
    document = _valid_document()
    text = texts if allow_bad else st.text(st.characters(codec="utf-8"), min_size=1, max_size=30).filter(str.strip)
    for feature in document["features"]:
        props = feature["properties"]
        for field in TEXT_FIELDS:
            if draw(st.booleans()):
                props[field] = draw(text)
        if props.get("category") == "event":
            props["title"] = draw(text)
        else:
            old, new = draw(text), draw(text)
            props["old_name"], props["new_name"] = old, new
            props.pop("history", None)
            props.pop("disagreements", None)
            if draw(st.booleans()):
                first = draw(st.integers(1, 1950))
                props["history"] = [{"name": old, "from": first}, {"name": new, "from": props["year"]}]
        if draw(st.booleans()):
            props["citations"].append({"source": "test-article", "locator": draw(text)})
        if allow_bad:
            props["year"] = draw(st.integers(-5, 12000) | numbers)
            feature["geometry"]["coordinates"] = draw(st.lists(numbers, min_size=2, max_size=2))
        else:
            props["year"] = max(props["year"], 1) if props.get("category") == "event" else props["year"]
            feature["geometry"]["coordinates"] = [
                draw(st.floats(-180, 180, allow_nan=False)),
                draw(st.floats(-90, 90, allow_nan=False)),
            ]
            # Three random points may well look like one with lon and lat swapped (an error
            # unless the record says why its point lies where it does): the record says so.
            props["note"] = "A random point."
    if draw(st.booleans()):
        document["title"] = draw(text)
    return document


def _raw_json(document: Any) -> bytes:
    """JSON text as a careless tool would write it: NaN/Infinity tokens and \\udXXX escapes kept."""
    return json.dumps(document, allow_nan=True, ensure_ascii=True).encode("ascii")


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(VALID / "sources", folder / "sources")
    return folder


def _load(workdir: Path, data: bytes) -> None:
    path = workdir / "places.geojson"
    path.write_bytes(data)
    try:
        load_dataset(path)
    except MapgenError as error:
        error.report()  # the report itself must not fail either


# --- tests -------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    try:
        parse_json(data, "x.geojson")
    except MapgenError:
        pass


@FAST
@given(json_values)
def test_random_json(workdir: Path, document: Any) -> None:
    _load(workdir, _raw_json(document))


@FAST
@given(geojsonish_documents)
def test_random_geojsonish_documents(workdir: Path, document: dict) -> None:
    _load(workdir, _raw_json(document))


@FAST
@given(geojsonish_documents)
def test_random_geojsonish_documents_straight_to_validate(document: dict) -> None:
    # Python objects json.loads never makes (huge floats, NaN as a float) reach validate too.
    try:
        validate(document, "x.geojson", today=TODAY)
    except MapgenError as error:
        error.report()


@FAST
@given(valid_with_random_values())
def test_valid_file_with_random_values(workdir: Path, document: dict) -> None:
    _load(workdir, _raw_json(document))


# Rendering takes about 0.3 s, so few examples; half of them valid enough to reach the page.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_with_random_values(allow_bad=False) | valid_with_random_values())
def test_build_with_random_values(workdir: Path, document: dict) -> None:
    data = workdir / "places.geojson"
    data.write_bytes(_raw_json(document))
    output = workdir / "out" / "map.html"
    output.unlink(missing_ok=True)
    try:
        result = build(data, output, RenderOptions(tiles=Tiles.NONE))
    except MapgenError as error:
        error.report()
        assert not output.exists()
        return
    page = output.read_text(encoding="utf-8")
    assert result.bytes == len(page.encode("utf-8"))


@settings(max_examples=40, deadline=None)
@given(valid_with_random_values(allow_bad=False))
def test_valid_values_stay_valid(workdir: Path, document: dict) -> None:
    """Guard for the strategy: its "valid" documents must be valid, or the build fuzz reaches no page."""
    data = workdir / "check.geojson"
    data.write_bytes(_raw_json(document))
    assert len(load_dataset(data).places) == 3
