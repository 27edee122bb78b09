"""CSV and Linked Places, read and written: round trips on the shipped data, the LPF
structure mapgen writes, the gazetteer habits a reader must take (-1, "", GeometryCollection),
`mapgen convert`, `mapgen new` and the Python API.

Bad input for each format is in tests/data/bad/ (csv_*, lpf_*), run by test_bad_inputs.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mapgen
from mapgen.cli import main
from mapgen.errors import DataError, DataWarning, Issue, MapgenError, Severity
from mapgen.formats import Format, read_document, write_text
from mapgen.formats.csv import format_disagreements, format_history, parse_history
from mapgen.formats.lpf import CONTEXT, looks_like_lpf
from mapgen.model import Category, NameChange
from mapgen.page.payload import place_record
from mapgen.pipeline import load_dataset
from tests.conftest import ROOT, SHIPPED, VALID

FORMATS = Path(__file__).parent / "data" / "formats"


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(SHIPPED)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """``converted(source, "csv/places.csv", "--to", ...)``: the file, converted once per module."""
    folder = tmp_path_factory.mktemp("converted")
    done: dict[str, Path] = {}

    def get(source: Path, name: str, *extra: str) -> Path:
        if name not in done:
            _convert(source, folder / name, *extra)
            done[name] = folder / name
        return done[name]

    return get


def _convert(source: Path, output: Path, *extra: str) -> None:
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(output), *extra])
    assert result.exit_code == 0, result.output


def _payloads(dataset) -> dict[str, dict]:
    return {p.id: place_record(p) for p in dataset.places}


def _renamings(dataset) -> dict[str, tuple]:
    """Each renaming and its history (which source backs each step is not shown, so not compared)."""
    return {
        p.id: (
            p.old_name,
            p.new_name,
            p.year,
            p.date,
            p.old_name_native,
            p.new_name_native,
            [(h.name, h.native, h.year, h.date) for h in p.history],
        )
        for p in dataset.renamings
    }


def _without_history(renamings: dict[str, tuple], original: dict[str, tuple]) -> dict[str, tuple]:
    """LPF has no renaming without names in time: a place written without a history reads
    back with one of two steps (old name, then new name in its year)."""
    return {k: v[:-1] if not original[k][-1] else v for k, v in renamings.items()}


# --- round trips on the shipped data ----------------------------------------------------------


def test_geojson_to_csv_and_back_keeps_every_place_as_the_map_shows_it(shipped, converted):
    from_csv = load_dataset(converted(SHIPPED, "csv/places.csv"))
    back = load_dataset(converted(converted(SHIPPED, "csv/places.csv"), "back/places.geojson"))

    assert len(from_csv.places) == len(shipped.places) > 0
    assert _payloads(from_csv) == _payloads(shipped)
    assert _payloads(back) == _payloads(shipped)
    assert [p.coordinates_source for p in back.places] == [p.coordinates_source for p in shipped.places]
    # The page's sources (titles, links) are the same too: convert copied them beside the file.
    assert back.sources == shipped.sources


def test_geojson_written_by_mapgen_reads_back_identically(shipped, tmp_path):
    _convert(SHIPPED, tmp_path / "places.geojson")
    again = load_dataset(tmp_path / "places.geojson")
    assert again.places == shipped.places
    assert (again.title, again.caption) == (shipped.title, shipped.caption)


@pytest.mark.parametrize("name", ["places.json", "places.jsonl"])
def test_mapgen_to_lpf_and_back_gives_the_same_renamings(shipped, converted, name):
    back = load_dataset(converted(SHIPPED, name, "--to", "lpf"))

    before = _renamings(shipped)
    assert _without_history(_renamings(back), before) == _without_history(before, before)
    for pid, (old, new, year, *_rest) in before.items():
        if not _rest[-1]:
            assert _renamings(back)[pid][-1] == [
                (old, before[pid][4], None, None),
                (new, before[pid][5], year, before[pid][3]),
            ]
    # Everything else the popups show survives too, the disagreements included (mapgen's own key).
    for pid, record in _payloads(shipped).items():
        if record.get("event"):
            continue
        got = _payloads(back)[pid]
        if "history" not in record:
            got.pop("history")
        assert got == record, pid


def test_csv_to_lpf_and_back_to_csv_gives_the_same_renamings(shipped, converted):
    lpf = converted(converted(SHIPPED, "csv/places.csv"), "csv/places.jsonl")
    again = converted(lpf, "csv/again.csv")
    before = _renamings(shipped)
    assert _without_history(_renamings(load_dataset(again)), before) == _without_history(before, before)


def test_conversion_is_deterministic(shipped, tmp_path):
    for fmt, name in ((Format.CSV, "a.csv"), (Format.LPF, "a.json"), (Format.GEOJSON, "a.geojson")):
        assert write_text(shipped, fmt, Path(name)) == write_text(shipped, fmt, Path(name))


# --- the LPF mapgen writes --------------------------------------------------------------------


def test_lpf_written_by_mapgen_has_the_required_elements(shipped):
    document = json.loads(write_text(shipped, Format.LPF, Path("places.json")))

    assert document["type"] == "FeatureCollection"
    assert document["@context"] == CONTEXT
    assert len(document["features"]) == len(shipped.renamings)
    ids = [f["@id"] for f in document["features"]]
    assert len(set(ids)) == len(ids)
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert re.match(r"^[a-z][a-z0-9+.-]*:\S+$", feature["@id"]), feature["@id"]
        assert feature["properties"]["title"].strip()
        assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2
        assert feature["when"]["timespans"][0]["start"]["in"]
        assert all(name["toponym"].strip() for name in feature["names"])
        cited = [c for name in feature["names"] for c in name.get("citations", [])]
        assert cited, feature["@id"]  # at least one name has a citation
        assert all(c["label"].strip() for c in cited)
        for name in feature["names"]:
            for span in name.get("when", {}).get("timespans", []):
                assert re.match(r"^\d{4}(-\d{2}){0,2}$", span["start"]["in"])
    volgograd = next(f for f in document["features"] if f["@id"].endswith(":volgograd"))
    assert volgograd["properties"]["ccodes"] == ["RU"]
    assert volgograd["types"] == [{"identifier": "aat:300008389", "label": "city"}]
    assert [n["toponym"] for n in volgograd["names"]] == [
        "Tsaritsyn",
        "Царицын",
        "Stalingrad",
        "Сталинград",
        "Volgograd",
        "Волгоград",
    ]
    stalingrad = volgograd["names"][2]
    assert stalingrad["when"] == {"timespans": [{"start": {"in": "1925-04-10"}, "end": {"in": "1961-11-10"}}]}


def test_lpf_json_lines_is_one_feature_a_line(shipped):
    lines = write_text(shipped, Format.LPF, Path("places.jsonl")).splitlines()
    assert len(lines) == len(shipped.renamings)
    for line in lines:
        feature = json.loads(line)
        assert feature["@context"] == CONTEXT and feature["type"] == "Feature"


def test_lpf_is_recognised_by_its_content_in_a_json_file(shipped, tmp_path):
    lpf = tmp_path / "places.json"
    lpf.write_text(write_text(shipped, Format.LPF, lpf), encoding="utf-8")
    assert looks_like_lpf(json.loads(lpf.read_text(encoding="utf-8")))
    assert not looks_like_lpf(json.loads(SHIPPED.read_text(encoding="utf-8")))
    plain = tmp_path / "plain.json"
    shutil.copy(VALID, plain)
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    assert read_document(plain).locations == ()  # mapgen GeoJSON: its own feature numbers


# --- LPF as gazetteers write it -------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer():
    return load_dataset(FORMATS / "gazetteer.jsonl")


def test_lpf_names_in_time_become_the_history_and_the_latest_change_the_renaming(gazetteer):
    betatown = next(p for p in gazetteer.places if p.new_name == "Betatown")
    assert (betatown.old_name, betatown.year, betatown.date) == ("Alphaville", 1961, "1961-11")
    # -1 and "" are unknown dates, not errors; an empty toponym is left out.
    assert betatown.history == (
        NameChange("Alphaville", source="gazetteer-of-testland-1970"),
        NameChange("Betatown", "Бетатаун", 1961, "1961-11", "gazetteer-of-testland-1970"),
    )
    assert betatown.new_name_native == "Бетатаун"


def test_lpf_types_ccodes_links_and_geometry_fill_the_place(gazetteer):
    betatown = next(p for p in gazetteer.places if p.new_name == "Betatown")
    assert betatown.id == "p-101"
    assert betatown.kind == "town"  # from the AAT identifier; "Villa" is the source's own label
    assert betatown.country_now == "Ukraine"  # from "ccode"
    assert betatown.links == ("http://vocab.getty.edu/tgn/7011944", "http://www.geonames.org/4005539")
    assert (betatown.lon, betatown.lat) == (44.5, 48.7)  # the GeometryCollection's latest point
    deltaburg = next(p for p in gazetteer.places if p.new_name == "Deltaburg")
    assert (deltaburg.kind, deltaburg.country_now, deltaburg.year) == ("city", "Germany", 1957)


def test_lpf_citations_without_stored_sources_become_sources_of_their_own(gazetteer):
    made = gazetteer.sources["gazetteer-of-testland-1970"]
    assert (made.title, made.url, made.text) == ("Gazetteer of Testland (1970)", None, None)
    betatown = next(p for p in gazetteer.places if p.new_name == "Betatown")
    # The same label with an address is the same work; the address is a deep link to it. The
    # citation of the name the renaming brought in comes first.
    assert [(c.source, c.quote, c.url) for c in betatown.citations] == [
        ("gazetteer-of-testland-1970", None, "https://books.example.org/gazetteer-of-testland"),
        ("gazetteer-of-testland-1970", None, None),
    ]
    # A citation matching a stored source uses it, and its quote is checked against the text.
    deltaburg = next(p for p in gazetteer.places if p.new_name == "Deltaburg")
    assert [(c.source, c.quote) for c in deltaburg.citations] == [
        ("test-article", "Gammagrad became Deltaburg in 1957")
    ]


def test_lpf_place_whose_name_never_changed_is_left_off_with_a_warning(gazetteer):
    assert "Sametown" not in {p.new_name for p in gazetteer.places}
    (warning,) = [w for w in gazetteer.warnings if "never changes" in w.message]
    assert warning.severity is Severity.WARNING
    assert str(warning).startswith(
        f'{FORMATS / "gazetteer.jsonl"}: line 3 (@id "https://gazetteer.example.org/places/p_102"), names: warning: '
        'the name never changes (names in time: "Sametown")'
    )


def test_lpf_from_a_gazetteer_builds_a_map(tmp_path):
    result = CliRunner().invoke(main, ["build", str(FORMATS / "gazetteer.jsonl"), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.stdout and "never changes" in result.stderr
    assert "http://vocab.getty.edu/tgn/7011944" in (tmp_path / "m.html").read_text(encoding="utf-8")


# --- CSV details ----------------------------------------------------------------------------


def test_csv_as_excel_saves_it():
    dataset = load_dataset(FORMATS / "excel.csv")
    betatown, deltaburg = dataset.places
    assert (betatown.lon, betatown.lat) == (44.5, 48.7)  # decimal commas where ";" separates cells
    assert betatown.history == (
        NameChange("Oldtown", source="test-article"),
        NameChange("Alphaville", "Альфавиль", 1925),
        NameChange("Betatown", "Бетатаун", 1961, "1961-11-10"),
    )
    assert betatown.links == ("https://example.org/betatown",)
    assert deltaburg.history[0].name == "Gammagrad [old]"  # the JSON form of the history column
    assert deltaburg.citations[0].quote == "Gammagrad became\nDeltaburg in 1957"


def _excel_saved_otherwise(tmp_path: Path, text: str, encoding: str) -> Path:
    """excel.csv saved again beside its sources, as ``text`` (made from its own) in ``encoding``."""
    shutil.copytree(FORMATS / "sources", tmp_path / "sources")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _excel_text() -> str:
    return (FORMATS / "excel.csv").read_text(encoding="utf-8-sig")


def test_csv_with_excels_sep_line_is_read_with_the_separator_it_names(tmp_path):
    """Excel's "sep=;" first line is no row: the header is still row 1, and nothing is lost."""
    path = _excel_saved_otherwise(tmp_path, "sep=;\r\n" + _excel_text(), "utf-8")
    assert load_dataset(path).places == load_dataset(FORMATS / "excel.csv").places
    broken = _excel_saved_otherwise(tmp_path / "b", "sep=;\r\n" + _excel_text().replace(";1961;", ";19x1;", 1), "utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(broken)
    assert [i.where for i in caught.value.issues] == ["row 2, column year"]


def test_csv_saved_as_utf16_unicode_text_is_read_like_utf8(tmp_path):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark, cells separated by tabs."""
    rows = list(csv.reader(io.StringIO(_excel_text(), newline=""), delimiter=";"))
    lon, lat = rows[0].index("lon"), rows[0].index("lat")
    for row in rows[1:]:  # decimals are written with a point where tabs separate the cells
        row[lon], row[lat] = row[lon].replace(",", "."), row[lat].replace(",", ".")
    tabbed = io.StringIO(newline="")
    csv.writer(tabbed, delimiter="\t", lineterminator="\r\n").writerows(rows)
    path = _excel_saved_otherwise(tmp_path, tabbed.getvalue(), "utf-16")
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert load_dataset(path).places == load_dataset(FORMATS / "excel.csv").places


@pytest.mark.parametrize(
    "history",
    [
        (NameChange("Tsaritsyn"), NameChange("Stalingrad", year=1925), NameChange("Volgograd", year=1961)),
        (NameChange("Stalino (old)", "Сталино", source="a"), NameChange("Donetsk", None, 1961, "1961-11-09")),
        (NameChange("Kirov 2"), NameChange("New; name", year=1990)),
    ],
)
def test_history_cell_reads_back_what_was_written(history):
    steps, problems = (
        parse_history(format_history(history))
        if not format_history(history).startswith("[")
        else (
            json.loads(format_history(history)),
            [],
        )
    )
    assert problems == []
    assert [
        NameChange(s["name"], s.get("native"), s.get("from"), s.get("date"), s.get("source")) for s in steps
    ] == list(history)


def test_history_cell_is_readable_when_it_can_be():
    history = (NameChange("Tsaritsyn"), NameChange("Stalingrad", year=1925), NameChange("Volgograd", year=1961))
    assert format_history(history) == "Tsaritsyn; Stalingrad 1925; Volgograd 1961"


def test_unknown_column_is_a_warning_said_once_for_the_header(tmp_path):
    data = tmp_path / "places.csv"
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    data.write_text(
        "id,old_name,new_name,year,lon,lat,colour,citation1_source\n"
        "betatown,Alphaville,Betatown,1961,44.5,48.7,red,test-article\n"
        "gammaville,Alphaville,Gammaville,1961,44.5,48.7,blue,test-article\n",
        encoding="utf-8",
    )
    dataset = load_dataset(data)
    assert [str(w) for w in dataset.warnings] == [
        f"{data}: row 1, column colour: warning: unknown column, ignored; the columns mapgen reads are listed in "
        "docs/formats.md"
    ]


def test_misspelt_column_is_one_error_naming_the_column_meant(tmp_path, monkeypatch):
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    quote = "In 1961, Alphaville was renamed Betatown."
    rows = "".join(
        f'{pid},Alphaville,{pid.title()},1961,44.5,48.7,test-article,"{q}"\n'
        for pid, q in (("betatown", quote), ("gammaville", quote), ("deltaburg", "Alphaville was renamed Deltaburg."))
    )
    (tmp_path / "places.csv").write_text(
        "id,old_name,new_name,year,lon,lat,citation1_source,citation1_qoute\n" + rows, encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "places.csv"])
    assert result.exit_code == 1
    # Said once for the header, not once per row; the cells under it are still checked, as citation1_quote.
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "places.csv: 2 problems found.",
        "  places.csv: row 1, column citation1_qoute: unknown column; did you mean citation1_quote?",
    ]
    assert len(lines) == 3 and lines[2].startswith(
        '  places.csv: row 4, column citation1_quote: not found verbatim in source "test-article"'
    )


def test_misspelt_property_is_an_error_in_geojson_and_linked_places(tmp_path):
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    document = json.loads(VALID.read_text(encoding="utf-8"))
    document["features"][0]["properties"]["named_afer"] = "Alpha"
    (tmp_path / "places.geojson").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(MapgenError) as caught:
        load_dataset(tmp_path / "places.geojson")
    assert [i.message for i in caught.value.issues] == ['named_afer: unknown property; did you mean "named_after"?']

    feature = json.loads((FORMATS / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()[0])
    feature["properties"]["contry_now"] = "Testland"
    (tmp_path / "places.jsonl").write_text(json.dumps(feature) + "\n", encoding="utf-8")
    with pytest.raises(MapgenError) as caught:
        load_dataset(tmp_path / "places.jsonl")
    errors = [str(i) for i in caught.value.issues if i.severity is Severity.ERROR]
    assert errors == [
        f'{tmp_path / "places.jsonl"}: line 1 (@id "https://gazetteer.example.org/places/p_101"), '
        'properties.contry_now: unknown property; did you mean "country_now"?'
    ]


def test_unknown_extension_is_refused(tmp_path):
    data = tmp_path / "places.xlsx"
    data.write_bytes(b"PK")
    with pytest.raises(MapgenError, match=r"places\.xlsx: mapgen reads \.geojson or \.json .* got \.xlsx"):
        load_dataset(data)


# --- mapgen convert -------------------------------------------------------------------------


def test_convert_refuses_to_overwrite_its_input(tmp_path):
    data = tmp_path / "places.geojson"
    shutil.copy(VALID, data)
    before = data.read_bytes()
    result = CliRunner().invoke(main, ["convert", str(data), "-o", str(data)])
    assert result.exit_code == 1
    assert result.stderr == f"{data}: is the file being converted; write to another file (-o).\n"
    assert data.read_bytes() == before


def test_convert_of_invalid_data_writes_nothing(tmp_path):
    out = tmp_path / "out" / "places.csv"
    out.parent.mkdir()
    out.write_text("previous", encoding="utf-8")
    bad = Path(__file__).parent / "data" / "bad" / "csv_year_not_a_year.csv"
    result = CliRunner().invoke(main, ["convert", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].endswith('row 3, column year: expected a whole year such as 1961, got "19x7"')
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.parent.iterdir()) == ["places.csv"]  # no sources/ either


def test_convert_says_when_the_extension_does_not_fit_the_format(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(VALID), "-o", str(tmp_path / "x.csv"), "--to", "lpf"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'x.csv'}: a lpf file is named .geojson or .json or .jsonl or .ndjson, got .csv; "
        "change -o or --to.\n"
    )
    assert not (tmp_path / "x.csv").exists()


def test_convert_from_lpf_writes_the_citations_sources_so_the_result_validates(tmp_path):
    out = tmp_path / "mine" / "places.csv"
    result = CliRunner().invoke(main, ["convert", str(FORMATS / "gazetteer.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out} (2 places as csv).\nAdded 2 source files to {out.parent / 'sources'}.\n"
    assert sorted(p.name for p in (out.parent / "sources").iterdir()) == [
        "gazetteer-of-testland-1970.json",
        "test-article.json",
        "test-article.txt",
    ]
    made = json.loads((out.parent / "sources" / "gazetteer-of-testland-1970.json").read_text(encoding="utf-8"))
    assert made == {"id": "gazetteer-of-testland-1970", "title": "Gazetteer of Testland (1970)"}
    assert (out.parent / "sources" / "test-article.txt").read_bytes() == (
        FORMATS / "sources" / "test-article.txt"
    ).read_bytes()
    assert len(load_dataset(out).places) == 2


def test_convert_to_lpf_says_what_it_leaves_out(tmp_path):
    data = tmp_path / "places.geojson"
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    events = [f for f in document["features"] if f["properties"].get("category") == "event"]
    disputed = [f for f in document["features"] if f["properties"].get("disagreements")][:1]
    # The events and one disputed place, with the sources they cite, are enough to tell.
    document["features"] = events + disputed
    document["tour"] = [
        stop for stop in document["tour"] if stop.get("popup") in {e["properties"]["id"] for e in events}
    ]
    data.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")
    result = CliRunner().invoke(main, ["convert", str(data), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 0, result.output
    assert f"Left out: {len(events)} events (Linked Places describes places).\n" in result.stderr
    assert "disagree" not in result.stderr  # kept in the place's properties, as mapgen's own key


# --- every command reads every format -------------------------------------------------------


def test_list_and_validate_read_csv_and_lpf():
    runner = CliRunner()
    for data in (FORMATS / "excel.csv", FORMATS / "gazetteer.jsonl"):
        listed = runner.invoke(main, ["list", str(data), "--format", "csv"])
        assert listed.exit_code == 0, listed.output
        assert "Betatown" in listed.stdout
        checked = runner.invoke(main, ["validate", str(data)])
        assert checked.exit_code == 0 and re.match(
            rf"{re.escape(str(data))}: valid(, 1 warning)? \(2 places", checked.stdout
        )


def test_watch_rebuilds_from_csv(tmp_path):
    from mapgen.options import RenderOptions, Tiles
    from mapgen.watch import rebuild

    shutil.copytree(FORMATS, tmp_path / "data")
    outcome = rebuild(tmp_path / "data" / "excel.csv", tmp_path / "map.html", RenderOptions(tiles=Tiles.NONE))
    assert outcome.error is None and outcome.result.places == 2


# --- mapgen new -----------------------------------------------------------------------------


def test_new_makes_a_folder_that_validates_and_builds(tmp_path):
    folder = tmp_path / "my-map"
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    # The four files are named as what they are, and the next steps lead on to the user's own sources.
    assert result.stdout == (
        f"Created {folder} (4 files): places.geojson (one example place), README.md and sources/ (the example's "
        "source, its record and text).\n"
        f"Next: see the example as a map (mapgen build {folder / 'places.geojson'} -o {folder / 'map.html'}), "
        "then replace it\n"
        "with your places and add each source:\n"
        f"  mapgen source add PAGE --data {folder / 'places.geojson'}\n"
    )
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == [
        "README.md",
        "places.geojson",
        "sources/de-stalinization.json",
        "sources/de-stalinization.txt",
    ]
    built = runner.invoke(main, ["build", str(folder / "places.geojson"), "-o", str(folder / "map.html")])
    assert built.exit_code == 0, built.output
    assert built.stderr == ""
    assert "Volgograd" in (folder / "map.html").read_text(encoding="utf-8")


def test_new_example_is_copied_from_the_shipped_data(tmp_path, shipped):
    CliRunner().invoke(main, ["new", str(tmp_path / "n")])
    example = load_dataset(tmp_path / "n" / "places.geojson")
    (place,) = example.places
    shipped_place = next(p for p in shipped.places if p.id == place.id == "volgograd")
    assert set(place.citations) <= set(shipped_place.citations)  # real quotes, not made up
    assert (place.lon, place.lat, place.year) == (shipped_place.lon, shipped_place.lat, shipped_place.year)
    # One source, the one the example cites, with the shipped text and the shipped record of the work.
    assert set(example.sources) == {c.source for c in place.citations} == {"de-stalinization"}
    folder = tmp_path / "n" / "sources"
    assert (folder / "de-stalinization.txt").read_bytes() == (ROOT / "data/sources/de-stalinization.txt").read_bytes()
    record = json.loads((folder / "de-stalinization.json").read_text(encoding="utf-8"))
    shipped_record = json.loads((ROOT / "data/sources/de-stalinization.json").read_text(encoding="utf-8"))
    assert record == {k: v for k, v in shipped_record.items() if k != "notes"}


def test_new_csv_starts_a_spreadsheet_with_one_marked_example_row_and_no_sources(tmp_path):
    folder = tmp_path / "my-map"
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(folder), "--csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Created {folder} (2 files): places.csv (one example row), README.md and sources/.\n"
        f"Next: replace the example row of {folder / 'places.csv'} with your places, then add each source:\n"
        f"  mapgen source add PAGE --data {folder / 'places.csv'}\n"
    )
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == ["README.md", "places.csv", "sources"]
    rows = list(csv.DictReader(io.StringIO((folder / "places.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["note"].startswith("EXAMPLE ROW made by mapgen new: replace it")
    # The example cites nothing, so the validator keeps asking for a source until it is replaced.
    checked = runner.invoke(main, ["validate", str(folder / "places.csv")])
    assert checked.exit_code == 1
    assert f"{folder / 'places.csv'}: row 2, column citation1_source: missing; expected at least one citation" in (
        checked.stderr
    )


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr == f"{tmp_path}: the folder is not empty; pass a new or empty folder so nothing is overwritten.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


# --- the Python API -------------------------------------------------------------------------


def test_readme_python_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### From Python", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 (the README's own example)
    import folium

    assert isinstance(namespace["m"], folium.Map)
    html = namespace["m"]._repr_html_()  # what Jupyter shows
    assert "Volgograd" in html


def test_build_map_takes_a_path_or_a_dataset_and_checks_its_options(shipped):
    import folium

    assert isinstance(mapgen.build_map(SHIPPED, tiles="none"), folium.Map)
    with pytest.raises(MapgenError, match="unknown option zoom"):
        mapgen.build_map(shipped, zoom=3)
    with pytest.raises(MapgenError, match="--year 1400"):
        mapgen.build_map(shipped, year=1400)
    with pytest.raises(MapgenError, match="tiles are openstreetmap or none"):
        mapgen.build_map(shipped, tiles="satellite")


def test_load_raises_with_every_problem():
    bad = Path(__file__).parent / "data" / "bad" / "several_problems.geojson"
    with pytest.raises(DataError) as caught:
        mapgen.load(bad)
    issues = caught.value.issues
    assert len(issues) == 9 and all(isinstance(i, Issue) for i in issues)
    # What a notebook shows: the summary, then every problem, one a line (nothing was to be written).
    assert str(caught.value).splitlines() == [f"{bad}: 9 problems found."] + [f"  {i}" for i in issues]


def test_load_shows_the_warnings_of_valid_data(tmp_path):
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    document = json.loads(VALID.read_text(encoding="utf-8"))
    document["features"][0]["properties"]["colour"] = "red"
    (tmp_path / "places.geojson").write_text(json.dumps(document), encoding="utf-8")
    with pytest.warns(DataWarning) as shown:
        dataset = mapgen.load(tmp_path / "places.geojson")
    assert [str(w.message) for w in shown] == [str(i) for i in dataset.warnings]
    assert len(dataset.warnings) == 1 and "colour: unknown property, ignored" in str(dataset.warnings[0])
    # What a notebook shows for the dataset: its size and its warnings, not a dump of every place.
    assert repr(dataset).splitlines() == [
        f"<Dataset {tmp_path / 'places.geojson'}: 2 places, 1 event, 1 source, 1 warning>",
        f"  {dataset.warnings[0]}",
    ]


def test_import_mapgen_stays_light():
    import subprocess
    import sys

    code = "import sys, mapgen; print(sorted(m for m in ('folium', 'geopandas', 'jsonschema') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- odd input never crashes the readers ----------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3000) | st.sampled_from(["", "-1", "1961", "1961-11-10", "x", "tgn:1"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["in", "start", "end", "timespans", "toponym", "label", "@id", "type"]), inner, max_size=3
        )
    ),
    max_leaves=8,
)
_LPF_FIELDS = ["names", "geometry", "properties", "types", "links", "@id", "when"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(_LPF_FIELDS),
    value=_JSON,
    name=st.integers(0, 1),
    part=st.sampled_from(["when", "citations", "toponym"]),
)
def test_odd_lpf_is_reported_never_a_crash(tmp_path, field, value, name, part):
    feature = json.loads((FORMATS / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()[0])
    feature[field] = value
    if field == "names" and isinstance(value, list):  # also vary one part of a real name
        feature["names"] = json.loads((FORMATS / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()[0])[
            "names"
        ]
        feature["names"][name][part] = value
    data = tmp_path / "odd.jsonl"
    data.write_text(json.dumps(feature) + "\n", encoding="utf-8")
    try:
        load_dataset(data)
    except MapgenError as error:
        assert error.report().strip()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(
        st.sampled_from(["", "x", "[", "[1]", "nan", "1e999", "A; ; B", "A (; B 19x", ";", "B 1961 [t]", "-1"]),
        min_size=1,
        max_size=12,
    )
)
def test_odd_csv_cells_are_reported_never_a_crash(tmp_path, cells):
    header = (
        "id,old_name,new_name,year,lon,lat,history,links,disagreements,citation1_source,citation1_quote,citation2_url"
    )
    data = tmp_path / "odd.csv"
    data.write_text(header + "\n" + ",".join(f'"{c}"' if "," in c else c for c in cells) + "\n", encoding="utf-8")
    try:
        load_dataset(data)
    except MapgenError as error:
        assert error.report().strip()


# --- every field, through every format ----------------------------------------------------

EVERY_FIELD = FORMATS / "every-field" / "places.geojson"


def _convert_saying(source: Path, output: Path, *extra: str) -> list[str]:
    """Convert, and return what `convert` said it left out."""
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(output), *extra])
    assert result.exit_code == 0, result.output
    return [line for line in result.stderr.splitlines() if line.startswith("Left out: ")]


def test_convert_to_csv_names_only_what_it_leaves_out_in_the_right_number(tmp_path):
    """A file with a title alone hears of "it" and of --title, not of a caption it never had."""
    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    del document["caption"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert _convert_saying(path, tmp_path / "out.csv") == [
        "Left out: the title (a CSV has no place for it; pass --title to build)."
    ]


def _dataset_facts(dataset) -> dict:
    return {
        "places": {p.id: p for p in dataset.places},
        "title": dataset.title,
        "caption": dataset.caption,
        "tour": dataset.tour,
        "opening_year": dataset.opening_year,
        "sources": dataset.sources,
    }


@pytest.mark.parametrize(
    ("route", "left_out"),
    [
        (["places.geojson"], []),
        (
            ["places.csv", "back.geojson"],
            [
                "Left out: the title, caption, tour and opening year (a CSV has no place for them; pass --title, "
                "--caption and --year to build; without a tour, the map has a stop per year)."
            ],
        ),
        (
            ["places.json:lpf", "back.geojson"],
            ["Left out: 1 event (Linked Places describes places)."],
        ),
        (
            ["places.jsonl", "back.geojson"],
            [
                "Left out: 1 event (Linked Places describes places).",
                "Left out: the title, caption, tour and opening year (JSON Lines has no place for them; write "
                "places.json for a FeatureCollection that keeps them).",
            ],
        ),
        (["places.csv", "places.jsonl", "again.csv"], None),
    ],
    ids=["geojson", "csv", "lpf", "lpf-lines", "csv-lpf-csv"],
)
def test_every_field_survives_every_conversion_or_is_said_to_be_left_out(tmp_path, route, left_out):
    original = load_dataset(EVERY_FIELD)
    source, said = EVERY_FIELD, []
    for step in route:
        name, _, fmt = step.partition(":")
        said += _convert_saying(source, tmp_path / name, *(["--to", fmt] if fmt else []))
        source = tmp_path / name
    expected, got = _dataset_facts(original), _dataset_facts(load_dataset(source))
    if left_out is not None:
        assert said == left_out
    # Take out of the original exactly what was said to be left out; everything else is the same.
    text = " ".join(said)
    if "title, caption, tour and opening year" in text:
        expected |= {"title": None, "caption": None, "tour": (), "opening_year": None}
    if "event" in text:
        expected["places"] = {k: p for k, p in expected["places"].items() if p.category is Category.RENAMING}
        expected["tour"] = tuple(s for s in expected["tour"] if set(s.places) <= expected["places"].keys())
    assert got["places"].keys() == expected["places"].keys()
    for pid, place in expected["places"].items():
        assert got["places"][pid] == place, pid
    assert got == expected


def test_every_field_fixture_uses_every_field():
    """The round trip above proves something only if its data uses every field there is."""
    from mapgen.checks.validate import KNOWN_PROPERTIES

    document = json.loads(EVERY_FIELD.read_text(encoding="utf-8"))
    used = {k for f in document["features"] for k in f["properties"]}
    assert used == set(KNOWN_PROPERTIES)
    assert {"title", "caption", "tour", "opening_year"} <= set(document)
    betatown = document["features"][0]["properties"]
    assert {k for step in betatown["history"] for k in step} == {"name", "native", "from", "date", "source"}
    assert {k for c in betatown["citations"] for k in c} == {"source", "quote", "url", "locator"}
    assert set(betatown["disagreements"][0]) == {"about", "note", "claims"}


# --- messages in the spreadsheet's own terms ----------------------------------------------


def _csv_problems(tmp_path, rows: str) -> list[str]:
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources", dirs_exist_ok=True)
    other = json.loads((tmp_path / "sources" / "test-article.json").read_text(encoding="utf-8"))
    (tmp_path / "sources" / "other-article.json").write_text(json.dumps(other | {"id": "other-article"}))
    data = tmp_path / "places.csv"
    data.write_text(rows, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(i).removeprefix(f"{data}: ") for i in caught.value.issues]


def test_csv_fixes_name_the_columns_not_json(tmp_path):
    header = "id,old_name,new_name,year,lon,lat,history,citation1_source,citation1_quote\n"
    quote = '"In 1961, Alphaville was renamed Betatown."'
    assert _csv_problems(
        tmp_path,
        header
        + f'betatown,Alphaville,Betatown,1961,44.5,48.7,"Oldtown [other-article]; Alphaville 1925; Betatown 1961",'
        f"test-article,{quote}\n"
        + f'gammaville,Alphaville,Gammaville,1961,44.5,48.7,"Oldtown; Gammaville 1961",test-article,{quote}\n'
        + f'deltaburg,Alphaville,Deltaburg,1961,44.5,48.7,"Alphaville; Deltaburg 1962",test-article,{quote}\n',
    ) == [
        'row 2, column history, entry 1: source "other-article" is not cited in this row; add a column '
        "citation2_source holding other-article (and its quote in citation2_quote) so readers see it",
        'row 3, column history: expected "Alphaville" (the old_name) before "Gammaville", got "Oldtown"; '
        'write "Alphaville; " before "Gammaville" in the cell',
        'row 4, column history: expected "Deltaburg 1961" in the history (the new_name and year), got none; '
        "add it in date order",
    ]


def test_csv_year_may_come_from_the_date_column(tmp_path):
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    data = tmp_path / "places.csv"
    data.write_text(
        "id,old_name,new_name,date,lon,lat,citation1_source\nbetatown,Alphaville,Betatown,1961-11-10,44.5,48.7,"
        "test-article\n",
        encoding="utf-8",
    )
    (place,) = load_dataset(data).places
    assert (place.year, place.date) == (1961, "1961-11-10")


def test_disagreements_column_needs_no_json(tmp_path):
    shutil.copytree(FORMATS / "every-field" / "sources", tmp_path / "sources")
    data = tmp_path / "places.csv"
    data.write_text(
        "id,old_name,new_name,year,lon,lat,disagreements,citation1_source,citation2_source\n"
        "betatown,Alphaville,Betatown,1961,44.5,48.7,"
        '"date: 1961-11-10 [test-article]; 1961-11-11 [second-article] (two days (both in November)) | '
        'named_after: Alpha [test-article]; Beta [second-article]",test-article,second-article\n',
        encoding="utf-8",
    )
    (place,) = load_dataset(data).places
    assert [(d.about, [(c.value, c.source) for c in d.claims], d.note) for d in place.disagreements] == [
        ("date", [("1961-11-10", "test-article"), ("1961-11-11", "second-article")], "two days (both in November)"),
        ("named_after", [("Alpha", "test-article"), ("Beta", "second-article")], None),
    ]
    # Written back in the same form; JSON only where the text would not read back the same.
    assert "date: 1961-11-10 [test-article]; 1961-11-11 [second-article] (two days (both in November))" in (
        write_text(load_dataset(data), Format.CSV, Path("x.csv"))
    )
    assert format_disagreements([{"about": "history", "claims": [{"value": "a; b", "source": "s"}]}]).startswith("[")


def test_disagreements_column_still_takes_json_and_says_what_it_expected(tmp_path):
    header = "id,old_name,new_name,year,lon,lat,disagreements,citation1_source\n"
    row = "betatown,Alphaville,Betatown,1961,44.5,48.7,{},test-article\n"
    as_json = (
        '"[{""about"": ""year"", ""claims"": [{""value"": ""1961"", ""source"": ""test-article""}, '
        '{""value"": ""1962"", ""source"": ""test-article""}]}]"'
    )
    shutil.copytree(VALID.parent / "sources", tmp_path / "sources")
    (tmp_path / "places.csv").write_text(header + row.format(as_json), encoding="utf-8")
    assert len(load_dataset(tmp_path / "places.csv").places[0].disagreements) == 1
    assert _csv_problems(tmp_path, header + row.format('"year: 1961 [test-article]; 1962 from test-article"')) == [
        'row 2, column disagreements, entry 1: expected "year: 1956 [source-a]; 1957 [source-b] (a note, if any)", '
        'got "year: 1961 [test-article]; 1962 from test-article"'
    ]


def test_lpf_properties_mapgen_does_not_read_are_named_once_for_the_file(tmp_path):
    shutil.copytree(FORMATS / "sources", tmp_path / "sources")
    lines = []
    for line in (FORMATS / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            feature = json.loads(line)
            feature["properties"] |= {"fclasses": ["P"], "src_id": "x"}
            line = json.dumps(feature, ensure_ascii=False)
        lines.append(line)
    data = tmp_path / "places.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, *_others = load_dataset(data).warnings
    assert str(first) == (
        f"{data}: warning: properties.fclasses (3 places), properties.src_id (3 places): not read by mapgen, "
        "left out (docs/formats.md lists the properties it reads)"
    )
