"""Validation rules beyond the bad-input corpus: reprojection, quotes, warnings, dates."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from mapgen.checks.validate import validate
from mapgen.errors import DataError, Severity
from mapgen.formats.load import read_sources
from mapgen.model import Category

VALID = Path(__file__).parent / "data" / "valid"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def raw_sources():
    sources, issues = read_sources(VALID / "sources")
    assert issues == []
    return sources


@pytest.fixture
def document() -> dict:
    return json.loads((VALID / "places.geojson").read_text(encoding="utf-8"))


def _messages(error: DataError) -> list[str]:
    return [str(issue) for issue in error.issues]


def test_valid_fixture(document: dict, raw_sources) -> None:
    dataset = validate(document, "places.geojson", raw_sources, today=TODAY)
    assert [p.id for p in dataset.places] == ["betatown", "deltaburg", "speech"]
    assert [p.category for p in dataset.places] == [Category.RENAMING, Category.RENAMING, Category.EVENT]
    assert list(dataset.sources) == ["test-article"]
    assert dataset.warnings == ()
    assert dataset.title == "Test places"


def test_opening_year_is_read_and_may_be_a_history_year(document: dict, raw_sources) -> None:
    assert validate(document, "places.geojson", raw_sources, today=TODAY).opening_year is None
    document["opening_year"] = 1925  # Alphaville's earlier step: within the data's years
    assert validate(document, "places.geojson", raw_sources, today=TODAY).opening_year == 1925


def test_opening_year_outside_the_data_names_the_span(document: dict, raw_sources) -> None:
    document["opening_year"] = 1962
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert _messages(caught.value) == [
        "places.geojson: opening_year: expected a year within the data's years (1925 to 1961), got 1962; "
        "choose a year in that span, or leave opening_year out to open at the year with the most renamings"
    ]


def test_web_mercator_file_is_reprojected_to_longitude_latitude(document: dict, raw_sources) -> None:
    from pyproj import Transformer

    to_mercator = Transformer.from_crs("OGC:CRS84", "EPSG:3857", always_xy=True)
    wgs84 = [tuple(f["geometry"]["coordinates"]) for f in document["features"]]
    for feature, (lon, lat) in zip(document["features"], wgs84, strict=True):
        feature["geometry"]["coordinates"] = list(to_mercator.transform(lon, lat))
    document["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}

    dataset = validate(document, "places.geojson", raw_sources, today=TODAY)

    for place, (lon, lat) in zip(dataset.places, wgs84, strict=True):
        assert place.lon == pytest.approx(lon, abs=1e-6)
        assert place.lat == pytest.approx(lat, abs=1e-6)


@pytest.mark.parametrize("name", ["EPSG:4326", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"])
def test_wgs84_crs_is_taken_as_longitude_latitude(name: str, document: dict, raw_sources) -> None:
    document["crs"] = {"type": "name", "properties": {"name": name}}
    dataset = validate(document, "places.geojson", raw_sources, today=TODAY)
    assert (dataset.places[0].lon, dataset.places[0].lat) == (44.5, 48.7)


def test_coordinates_that_do_not_reproject_are_reported(document: dict, raw_sources) -> None:
    document["crs"] = {"type": "name", "properties": {"name": "EPSG:32633"}}  # UTM zone 33N, metres
    document["features"][0]["geometry"]["coordinates"] = [1e30, 1e30]
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert _messages(caught.value)[0].startswith(
        'places.geojson: feature 0 (id "betatown"): geometry.coordinates: expected coordinates in WGS 84 / UTM zone 33N'
    )


def test_quotes_may_differ_from_the_source_in_whitespace_only(document: dict, raw_sources) -> None:
    citation = document["features"][0]["properties"]["citations"][0]
    citation["quote"] = "In 1961,\n  Alphaville   was\trenamed Betatown."  # the source breaks the line elsewhere
    validate(document, "places.geojson", raw_sources, today=TODAY)

    citation["quote"] = "In 1961, Alphaville was renamed Betatown!"
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert _messages(caught.value) == [
        'places.geojson: feature 0 (id "betatown"): citations[0].quote: not found verbatim in source "test-article" '
        '(only whitespace may differ): "In 1961, Alphaville was renamed Betatown!"; the closest passage of the '
        'source reads "In 1961, Alphaville was renamed Betatown."; the source has "Betatown." where the quote has '
        '"Betatown!"'
    ]


def test_warnings_are_returned_on_the_dataset(document: dict, raw_sources) -> None:
    document["features"][2]["properties"]["subtitle"] = "not one edit away"
    dataset = validate(document, "places.geojson", raw_sources, today=TODAY)
    (warning,) = dataset.warnings
    assert warning.severity is Severity.WARNING
    assert str(warning) == (
        'places.geojson: feature 2 (id "speech"): warning: subtitle: unknown property, ignored; did you mean "title"?'
    )


def test_three_numbers_that_a_decimal_comma_split_are_a_warning_with_the_pair_meant(document: dict, raw_sources):
    """[44,5, 48.7] parses as 44, 5 and 48.7: a valid point with an altitude, far from the place."""
    document["features"][0]["geometry"]["coordinates"] = [44, 5, 48.7]
    dataset = validate(document, "places.geojson", raw_sources, today=TODAY)
    assert [str(w) for w in dataset.warnings] == [
        'places.geojson: feature 0 (id "betatown"): warning: geometry.coordinates: [44, 5, 48.7] is read as '
        "longitude 44, latitude 5 and altitude 48.7; if a decimal comma split a number, write [44.5, 48.7]"
    ]
    document["features"][0]["geometry"]["coordinates"] = [44.5, 48.7, 120]  # an altitude: nothing to say
    assert validate(document, "places.geojson", raw_sources, today=TODAY).warnings == ()


@pytest.mark.parametrize(
    ("today", "ok"), [(dt.date(2031, 1, 1), True), (dt.date(2030, 12, 31), True), (dt.date(2029, 12, 31), False)]
)
def test_today_pins_the_future_year_rule(today: dt.date, ok: bool, document: dict, raw_sources) -> None:
    props = document["features"][2]["properties"]
    props["year"] = 2030
    props["citations"] = [{"source": "test-article"}]
    if ok:
        validate(document, "places.geojson", raw_sources, today=today)
        return
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=today)
    assert _messages(caught.value) == [
        'places.geojson: feature 2 (id "speech"): year: expected a year no later than 2029, got 2030'
    ]


def test_future_history_year_is_reported(document: dict, raw_sources) -> None:
    document["features"][1]["properties"]["history"].append({"name": "Zetaville", "from": 2027})
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert _messages(caught.value) == [
        'places.geojson: feature 1 (id "deltaburg"): history[3].from: expected a year no later than 2026, got 2027'
    ]


def test_whole_number_written_with_a_decimal_point_is_a_whole_year(document: dict, raw_sources) -> None:
    props = document["features"][1]["properties"]
    props["year"] = 1957.0
    props["history"][1]["from"] = 1930.0
    place = validate(document, "places.geojson", raw_sources, today=TODAY).places[1]
    assert (place.year, type(place.year)) == (1957, int)
    assert (place.history[1].year, type(place.history[1].year)) == (1930, int)


def test_every_problem_of_a_feature_is_listed_even_with_schema_errors(document: dict, raw_sources) -> None:
    props = document["features"][0]["properties"]
    props["year"] = "1961"  # a schema error
    props["citations"][0]["quote"] = "never said"  # checked all the same
    document["features"][0]["geometry"]["coordinates"] = [200, 10]
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert [i.message.split(":")[0] for i in caught.value.issues] == [
        "year",
        "geometry.coordinates",
        "citations[0].quote",
    ]


def test_odd_json_values_give_issues_not_exceptions(document: dict, raw_sources) -> None:
    odd = copy.deepcopy(document)
    odd["features"] += [7, [], {"type": "Feature", "geometry": [], "properties": []}]
    odd["features"][0]["properties"]["history"] = [None, 3, "x", {"name": []}]
    odd["features"][1]["properties"]["id"] = 12
    odd["features"][1]["properties"]["citations"] = {"source": "test-article"}
    odd["crs"] = ["EPSG:3857"]
    with pytest.raises(DataError) as caught:
        validate(odd, "places.geojson", raw_sources, today=TODAY)
    assert len(caught.value.issues) == 11


def test_unknown_source_without_a_sources_folder(document: dict) -> None:
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", today=TODAY)
    assert _messages(caught.value)[0] == (
        'places.geojson: feature 0 (id "betatown"): citations[0].source: unknown source "test-article"; '
        "expected a file sources/test-article.json"
    )


def test_source_issues_may_be_any_iterable(document: dict, raw_sources) -> None:
    from mapgen.errors import Issue

    problems = (i for i in [Issue("sources/other.txt", "source text has no metadata; add other.json with its title")])
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, problems, today=TODAY)
    assert _messages(caught.value) == ["sources/other.txt: source text has no metadata; add other.json with its title"]


def _both_paths(monkeypatch, document: dict, path: str, raw: dict, today=TODAY):
    """The dataset from the column-wise path, and from the explaining path for every feature."""
    import mapgen.checks.validate as validate_module

    quick = validate(copy.deepcopy(document), path, raw, today=today)
    monkeypatch.setattr(validate_module, "_doubtful", lambda props_of, *args: set(range(len(props_of))))
    explained = validate(copy.deepcopy(document), path, raw, today=today)
    return quick, explained


@pytest.mark.parametrize("data", ["data/places.geojson", "tests/data/valid/places.geojson"])
def test_the_quick_and_the_explaining_path_make_the_same_places(monkeypatch, data: str) -> None:
    here = Path(__file__).resolve().parent.parent / data
    raw, issues = read_sources(here.parent / "sources")
    document = json.loads(here.read_text(encoding="utf-8"))
    quick, explained = _both_paths(monkeypatch, document, data, raw)
    assert quick == explained
    assert len(quick.places) == len(document["features"])


def test_the_quick_path_leaves_every_doubt_to_the_explaining_path(monkeypatch, document: dict, raw_sources) -> None:
    # Each change below is something only the explaining path words; the quick path must not accept it.
    feature = document["features"][0]
    feature["properties"]["colour"] = "red"  # a warning only: the place stays
    feature["properties"]["citations"][0]["url"] = "https://wikimili.com/en/Betatown"  # a warning too
    quick, explained = _both_paths(monkeypatch, document, "places.geojson", raw_sources)
    assert quick == explained
    assert [i.message.split(":")[0] for i in quick.warnings] == ["colour", "citations[0].url"]
    document["features"][1]["properties"]["history"][0]["source"] = "test-artcle"
    with pytest.raises(DataError) as quick_error:
        validate(copy.deepcopy(document), "places.geojson", raw_sources, today=TODAY)
    assert "history[0].source: unknown source" in str(quick_error.value.issues[-1])


def test_year_may_come_from_the_date(document: dict, raw_sources) -> None:
    del document["features"][0]["properties"]["year"]  # betatown keeps its date, 1961-11-10
    dataset = validate(document, "places.geojson", raw_sources, today=TODAY)
    betatown = next(p for p in dataset.places if p.id == "betatown")
    assert (betatown.year, betatown.date) == (1961, "1961-11-10")


def test_without_year_or_date_the_year_is_missing(document: dict, raw_sources) -> None:
    del document["features"][0]["properties"]["year"]
    del document["features"][0]["properties"]["date"]
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert _messages(caught.value) == [
        'places.geojson: feature 0 (id "betatown"): year: missing; expected the year of this renaming, such as 1961 '
        "(or its date, such as 1961-11-10)"
    ]


def test_a_year_that_contradicts_its_date_is_an_error(document: dict, raw_sources) -> None:
    document["features"][0]["properties"]["year"] = 1962
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert (
        'places.geojson: feature 0 (id "betatown"): date: expected a date in 1962 (the year field), got "1961-11-10"'
        in (_messages(caught.value))
    )


def test_a_misspelt_collection_member_is_an_error(document: dict, raw_sources) -> None:
    document["opening_yaer"] = 1957
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert _messages(caught.value) == [
        'places.geojson: opening_yaer: unknown member of the FeatureCollection; did you mean "opening_year"?'
    ]


def test_a_valid_file_takes_only_the_quick_path(monkeypatch, document: dict, raw_sources) -> None:
    import mapgen.checks.validate as validate_module

    explained: list[int] = []
    original = validate_module._explained_place
    monkeypatch.setattr(
        validate_module, "_explained_place", lambda index, *a: explained.append(index) or original(index, *a)
    )
    validate(copy.deepcopy(document), "places.geojson", raw_sources, today=TODAY)
    assert explained == []
    document["features"][1]["properties"]["year"] = 2999  # a problem: that feature alone is explained
    with pytest.raises(DataError):
        validate(copy.deepcopy(document), "places.geojson", raw_sources, today=TODAY)
    assert explained == [1]


def test_an_id_repeated_after_a_feature_the_schema_refused_is_still_named(document: dict, raw_sources) -> None:
    features = document["features"]
    features[0]["properties"]["year"] = "19x1"  # refused by the schema, but its id counts
    features[1]["properties"]["id"] = features[0]["properties"]["id"]
    with pytest.raises(DataError) as caught:
        validate(document, "places.geojson", raw_sources, today=TODAY)
    assert any("is also the id of feature 0; ids must be unique" in m for m in _messages(caught.value))
