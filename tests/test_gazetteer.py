"""Coordinates checked against GeoNames (offline), and `mapgen locate`.

The fixture `tests/data/gazetteer/places.geojson` holds real place names at synthetic
positions: Volgograd moved 210 km north, Dushanbe where it is, Donetsk moved 74 km east but
with a `gazetteer_note`, "Tsaritsyn" (an old name of Volgograd) moved 62 km east, and a town
whose names GeoNames does not know.
"""

from __future__ import annotations

import json
import math
import shutil

import pytest
from click.testing import CliRunner

from mapgen.checks import geonames
from mapgen.checks.gazetteer import CHECKED_KINDS, distance_km, gazetteer_warnings
from mapgen.cli import main
from mapgen.errors import MapgenError, Severity
from mapgen.options import CheckOptions, RenderOptions, Tiles
from mapgen.pipeline import load_dataset
from mapgen.watch import rebuild
from tests.conftest import SHIPPED, TESTS

FIXTURE = TESTS / "data" / "gazetteer" / "places.geojson"


def _volgograd(path) -> str:
    return (
        f'{path}: feature 0 (id "volgograd"): warning: geometry.coordinates: 210 km from GeoNames "Volgograd" '
        "(id 472757, at [44.4976, 48.7138]), the nearest place in Russia known by one of its names; check the "
        'coordinates (mapgen locate "Volgograd" --country RU), or add a "gazetteer_note" saying why the place '
        "lies elsewhere"
    )


def _tsaritsyn(path) -> str:
    return (
        f'{path}: feature 3 (id "tsaritsyn"): warning: geometry.coordinates: 62.3 km from GeoNames "Volgograd" '
        '(id 472757, at [44.4976, 48.7138], which GeoNames also calls "Stalingrad"), the nearest place in Russia '
        'known by one of its names; check the coordinates (mapgen locate "Stalingrad" --country RU), or add a '
        '"gazetteer_note" saying why the place lies elsewhere'
    )


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def data(tmp_path):
    """A private copy of the fixture, free to edit."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE.parent, folder)
    return folder / "places.geojson"


def _edit(path, index: int, **props) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    for key, value in props.items():
        if value is None:
            document["features"][index]["properties"].pop(key, None)
        else:
            document["features"][index]["properties"][key] = value
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


# --- the warning, through the CLI -----------------------------------------------------------------


def test_validate_warns_for_moved_cities_and_the_data_stays_valid(runner):
    result = runner.invoke(main, ["validate", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [_volgograd(FIXTURE), _tsaritsyn(FIXTURE)]
    assert result.stdout == f"{FIXTURE}: valid, 2 warnings (5 places, 0 events, 1 source).\n"


def test_build_warns_and_still_writes_the_map(runner, tmp_path):
    out = tmp_path / "map.html"
    result = runner.invoke(main, ["build", str(FIXTURE), "-o", str(out), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [_volgograd(FIXTURE), _tsaritsyn(FIXTURE)]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_correct_position_is_quiet(runner, data):
    # Volgograd where GeoNames has it (1.4 km off: the data's point is the city centre).
    document = json.loads(data.read_text(encoding="utf-8"))
    document["features"][0]["geometry"]["coordinates"] = [44.5147, 48.7086]
    data.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [_tsaritsyn(data)]


@pytest.mark.parametrize(
    ("km", "expected"),
    [("25", ["volgograd", "tsaritsyn"]), ("100", ["volgograd"]), ("209", ["volgograd"]), ("211", []), ("0", [])],
)
def test_the_option_sets_the_threshold_and_0_switches_it_off(runner, km, expected):
    result = runner.invoke(main, ["validate", str(FIXTURE), "--gazetteer-km", km])
    assert result.exit_code == 0
    assert [line.split('"')[1] for line in result.stderr.splitlines()] == expected


def test_a_negative_threshold_is_a_usage_error(runner):
    result = runner.invoke(main, ["validate", str(FIXTURE), "--gazetteer-km", "-1"])
    assert result.exit_code == 2
    assert "Invalid value for '--gazetteer-km': -1.0 is not in the range x>=0." in result.stderr


def test_a_gazetteer_note_silences_the_warning(runner, data):
    # The fixture's Donetsk is 74 km off and carries a note: quiet. Without the note it warns.
    assert "donetsk" not in runner.invoke(main, ["validate", str(data)]).stderr
    _edit(data, 2, gazetteer_note=None)
    lines = runner.invoke(main, ["validate", str(data)]).stderr.splitlines()
    assert lines[1].startswith(
        f'{data}: feature 2 (id "donetsk"): warning: geometry.coordinates: 74.3 km from GeoNames "Donetsk" (id 709717'
    )
    # ...and a note on Volgograd silences Volgograd.
    _edit(data, 0, gazetteer_note="Synthetic: the marker shows the oblast's seat of the time.")
    lines = runner.invoke(main, ["validate", str(data)]).stderr.splitlines()
    assert [line.split('"')[1] for line in lines] == ["donetsk", "tsaritsyn"]


def test_a_blank_gazetteer_note_is_an_error(runner, data):
    _edit(data, 0, gazetteer_note=" ")
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    assert f'{data}: feature 0 (id "volgograd"): gazetteer_note: ' in result.stderr


def test_only_towns_cities_and_capitals_are_checked(runner, data):
    assert CHECKED_KINDS == {"town", "city", "capital"}
    _edit(data, 0, kind="region")
    _edit(data, 3, kind=None)
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_a_place_only_checked_in_its_present_country(runner, data):
    # Volgograd said to be in Ukraine: GeoNames has no Volgograd there, so nothing to compare.
    _edit(data, 0, country_now="Ukraine")
    # No country, or one GeoNames does not know: not checked (a namesake elsewhere proves nothing).
    _edit(data, 3, country_now="Ruritania")
    assert runner.invoke(main, ["validate", str(data)]).stderr == ""
    _edit(data, 3, country_now=None)
    assert runner.invoke(main, ["validate", str(data)]).stderr == ""


def test_native_and_history_names_are_looked_up(data):
    # Only the native spelling and a history step are real names; the nearest of them counts.
    _edit(
        data,
        0,
        old_name="Testgrad",
        new_name="Testopol",
        new_name_native="Волгоград",
        history=[{"name": "Tsaritsyn"}, {"name": "Testgrad", "from": 1925}, {"name": "Testopol", "from": 1961}],
    )
    warnings = load_dataset(data).warnings
    assert [w.feature_id for w in warnings] == ["volgograd", "tsaritsyn"]
    assert 'GeoNames "Volgograd" (id 472757, at [44.4976, 48.7138], which GeoNames also calls "Tsaritsyn")' in (
        warnings[0].message
    )


def test_a_name_unknown_to_geonames_says_nothing():
    dataset = load_dataset(FIXTURE, CheckOptions(gazetteer_km=0))
    testville = [p for p in dataset.places if p.id == "testville"]
    assert testville and geonames.gazetteer().lookup(["Testville", "Oldname"], "RU") == {}
    assert "testville" not in [w.feature_id for w in gazetteer_warnings(dataset, 25)]


def test_warnings_are_warnings_on_the_dataset():
    warnings = load_dataset(FIXTURE).warnings
    assert [(w.feature, w.feature_id, w.severity) for w in warnings] == [
        (0, "volgograd", Severity.WARNING),
        (3, "tsaritsyn", Severity.WARNING),
    ]


def test_watch_takes_the_same_option(tmp_path):
    out = tmp_path / "map.html"
    options = RenderOptions(tiles=Tiles.NONE)
    assert len(rebuild(FIXTURE, out, options).result.warnings) == 2
    assert rebuild(FIXTURE, out, options, CheckOptions(gazetteer_km=100)).result.warnings[0].feature_id == "volgograd"
    assert rebuild(FIXTURE, out, options, CheckOptions(gazetteer_km=0)).result.warnings == ()
    assert "--gazetteer-km" in CliRunner().invoke(main, ["watch", "--help"]).stdout


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_check_options_refuse_a_negative_distance(bad):
    with pytest.raises(ValueError, match="gazetteer_km: expected a distance of 0 km or more"):
        CheckOptions(gazetteer_km=bad)


def test_distance():
    # One degree of latitude is about 111.2 km; Moscow to Volgograd is about 912 km.
    assert round(distance_km(48.0, 44.0, 49.0, 44.0), 1) == 111.2
    assert round(distance_km(55.7558, 37.6173, 48.7138, 44.4976)) == 912


def test_country_names_and_codes():
    assert geonames.find_country("Russian Federation").code == "RU"
    assert geonames.find_country("Georgia (disputed; de facto Republic of South Ossetia)").code == "GE"
    assert geonames.find_country("tj").name == "Tajikistan"
    assert geonames.find_country("Czech Republic").code == "CZ"
    assert geonames.find_country("") is None


def test_an_unwritable_cache_folder_is_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MAPGEN_CACHE_DIR", str(blocker / "cache"))
    geonames.gazetteer.cache_clear()
    try:
        with pytest.raises(MapgenError) as caught:
            geonames.gazetteer()
    finally:
        geonames.gazetteer.cache_clear()
    assert str(caught.value).startswith(f"Cannot write the GeoNames index to {blocker / 'cache'} (")
    assert str(caught.value).endswith(
        "set MAPGEN_CACHE_DIR to a folder you can write to, or pass --gazetteer-km 0 to skip the coordinate check."
    )


def test_the_index_is_named_for_the_package_version(monkeypatch, tmp_path):
    monkeypatch.setenv("MAPGEN_CACHE_DIR", str(tmp_path))
    assert geonames.index_path() == tmp_path / "geonames-3.0.2-cities1000-v1.sqlite3"


# --- the shipped data: one case per checked place -------------------------------------------------

SHIPPED_FEATURES = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
CHECKED = [f["properties"]["id"] for f in SHIPPED_FEATURES if f["properties"].get("kind") in CHECKED_KINDS]


@pytest.fixture(scope="module")
def shipped_warnings():
    dataset = load_dataset(SHIPPED, CheckOptions(gazetteer_km=0))
    return {w.feature_id: str(w) for w in gazetteer_warnings(dataset, CheckOptions().gazetteer_km)}


@pytest.mark.parametrize("place_id", CHECKED)
def test_shipped_place_is_where_geonames_has_it_or_says_why_not(shipped_warnings, place_id):
    assert place_id not in shipped_warnings, shipped_warnings.get(place_id)


# --- mapgen locate -------------------------------------------------------------------------------


def test_locate_volgograd_table(runner):
    result = runner.invoke(main, ["locate", "Volgograd"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Name       Country      Latitude  Longitude  GeoNames id  Population  Matched names\n"
        "---------  -----------  --------  ---------  -----------  ----------  --------------------\n"
        "Volgograd  Russia (RU)  48.7138   44.4976    472757       1,013,533   Volgograd, Volgográd\n"
        'GeoJSON takes [longitude, latitude]: "coordinates": [44.4976, 48.7138] for Volgograd.\n'
    )


def test_locate_finds_a_historic_name(runner):
    result = runner.invoke(main, ["locate", "stalingrad", "--country", "Russia"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2] == (
        "Volgograd  Russia (RU)  48.7138   44.4976    472757       1,013,533   Stalingrad"
    )


def test_locate_dushanbe_json(runner):
    result = runner.invoke(main, ["locate", "Stalinabad", "--country", "TJ", "--format", "json"])
    assert result.exit_code == 0
    [dushanbe] = json.loads(result.stdout)
    assert {k: v for k, v in dushanbe.items() if k != "alternate_names"} == {
        "geonameid": 1221874,
        "name": "Dushanbe",
        "country_code": "TJ",
        "country": "Tajikistan",
        "latitude": 38.5358,
        "longitude": 68.779,
        "population": 679400,
        "matched_names": ["Stalinabad"],
        "geometry": {"type": "Point", "coordinates": [68.779, 38.5358]},
    }
    assert {"Stalinabad", "Dyushambe", "Душанбе"} <= set(dushanbe["alternate_names"])


def test_locate_lists_every_candidate_most_populous_first(runner):
    result = runner.invoke(main, ["locate", "Perm", "--format", "json"])
    rows = json.loads(result.stdout)
    assert rows[0]["geonameid"] == 511196 and rows[0]["country_code"] == "RU"
    assert [r["population"] for r in rows] == sorted((r["population"] for r in rows), reverse=True)


def test_locate_with_no_match_says_so_and_suggests(runner):
    result = runner.invoke(main, ["locate", "Volgogrd"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        'No GeoNames place of 1,000 people or more is known as "Volgogrd". Spelled nearly the same: "Volgograd", '
        '"Vologda". Smaller or vanished places are not in this table: take the coordinates from a source.\n'
    )


def test_locate_in_the_wrong_country(runner):
    result = runner.invoke(main, ["locate", "Dushanbe", "--country", "RU"])
    assert result.exit_code == 1
    assert result.stderr.startswith('No GeoNames place of 1,000 people or more is known as "Dushanbe" in Russia (RU).')


def test_locate_with_an_unknown_country_is_a_usage_error(runner):
    result = runner.invoke(main, ["locate", "Perm", "--country", "Narnia"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--country': expected an ISO 3166 country code such as RU, or a country name; "
        'got "Narnia"\n'
    )


def test_warnings_are_listed_in_file_order_with_the_others(data):
    _edit(data, 2, gazetteer_note=None, remarks="Person A")  # Donetsk: an unknown property as well as the distance
    lines = [str(w) for w in load_dataset(data).warnings]
    assert [line.split('"')[1] for line in lines] == ["volgograd", "donetsk", "donetsk", "tsaritsyn"]
    assert "remarks: unknown property" in lines[1] and "74.3 km" in lines[2]


def test_the_cli_says_when_it_builds_the_index_and_why_it_could_not(runner, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MAPGEN_CACHE_DIR", str(blocker / "cache"))
    geonames.gazetteer.cache_clear()
    try:
        result = runner.invoke(main, ["validate", str(FIXTURE)])
    finally:
        geonames.gazetteer.cache_clear()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"Indexing GeoNames once for this machine (takes a while; kept in {blocker / 'cache'})..."
    assert lines[1].startswith(f"Cannot write the GeoNames index to {blocker / 'cache'} (")
    assert "Traceback" not in result.output


# --- far with no reason given: an error ----------------------------------------------------------


def test_far_from_geonames_with_no_reason_is_an_error(runner, data):
    _edit(data, 0, note=None)  # Volgograd, 210 km off, and nothing says why
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{data}: 1 problem found (and 1 warning).",
        "  " + _volgograd(data).replace("warning: ", ""),
        "  " + _tsaritsyn(data),  # 62.3 km: still a warning, shown with the error
    ]


@pytest.mark.parametrize("reason", [{"note": "Moved on purpose."}, {"coordinates_source": "gazetteer-test"}])
def test_a_note_or_a_coordinates_source_keeps_it_a_warning(runner, data, reason):
    _edit(data, 0, **({"note": None} | reason))
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == _volgograd(data)


def test_swapped_lon_and_lat_are_named_with_the_pair_to_write(runner, tmp_path):
    # Dnipro (Ukraine) as a spreadsheet row, its longitude and latitude typed the wrong way round.
    shutil.copytree(FIXTURE.parent / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "gazetteer-test.txt").write_text(
        "Dnipropetrovsk was renamed Dnipro in 2016.\n", encoding="utf-8"
    )
    data = tmp_path / "places.csv"
    data.write_text(
        "id,old_name,new_name,year,kind,country_now,lon,lat,citation1_source,citation1_quote\n"
        "dnipro,Dnipropetrovsk,Dnipro,2016,city,Ukraine,48.4647,35.0462,gazetteer-test,"
        "Dnipropetrovsk was renamed Dnipro in 2016.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()[1:]
    assert line.startswith(f"  {data}: row 2, columns lon and lat: 1,8")
    assert line.endswith(
        "lon and lat look swapped: as lon 35.0462, lat 48.4647 the place lies 0.5 km from it; swap them"
    )


def test_a_file_with_errors_still_shows_its_gazetteer_warnings(runner, data):
    _edit(data, 1, year="19x1")  # an error in Dushanbe; the warnings of the others are still shown
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{data}: 1 problem found (and 2 warnings)."
    assert lines[1] == "  " + _volgograd(data)
    assert lines[2].startswith(f'  {data}: feature 1 (id "dushanbe"): year: expected a whole year')
    assert lines[3] == "  " + _tsaritsyn(data)


def test_the_summary_counts_the_warnings(runner):
    result = runner.invoke(main, ["validate", str(FIXTURE)])
    assert result.stdout == f"{FIXTURE}: valid, 2 warnings (5 places, 0 events, 1 source).\n"
