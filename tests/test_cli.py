"""The command line through click's CliRunner: exit codes and the exact words users see."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from mapgen import __version__
from mapgen.cli import main
from tests.conftest import VALID


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def data(tmp_path):
    """A private copy of the valid fixture, free to edit."""
    folder = tmp_path / "data"
    shutil.copytree(VALID.parent, folder)
    return folder / "places.geojson"


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"mapgen, version {__version__}\n"


def test_build_writes_the_map_and_says_where(runner, data, tmp_path):
    out = tmp_path / "out" / "map.html"
    result = runner.invoke(main, ["build", str(data), "-o", str(out), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    size = out.stat().st_size
    assert result.stdout == f"Wrote {out} (2 places and 1 event, {size / 1024:.0f} KiB).\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]  # no temporary file left


@pytest.mark.parametrize(
    ("command", "name", "hint"),
    [
        ("build", "map.png", "; mapgen export -o {out} makes an image or a deck"),
        ("build", "map", ""),
        ("watch", "slides.pptx", "; mapgen export -o {out} makes an image or a deck"),
    ],
)
def test_a_map_is_written_only_to_an_html_file(runner, data, tmp_path, command, name, hint):
    """An HTML page saved as map.png opens nowhere: the name is refused before anything is read."""
    out = tmp_path / name
    result = runner.invoke(main, [command, str(data), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '-o' / '--output': {out}: the map is an HTML page; end the file name in "
        f".html{hint.format(out=out)}."
    )
    assert not out.exists()


def test_build_with_invalid_data_keeps_the_old_map(runner, data, tmp_path):
    out = tmp_path / "map.html"
    out.write_bytes(b"previous good map")
    doc = json.loads(data.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["year"] = "19x1"
    data.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(main, ["build", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{data}: 1 problem found; nothing was written.\n"
        f'  {data}: feature 0 (id "betatown"): year: expected a whole year such as 1961, got "19x1"\n'
    )
    assert out.read_bytes() == b"previous good map"
    assert "Traceback" not in result.output


def test_missing_data_file(runner, tmp_path):
    missing = tmp_path / "nope.geojson"
    result = runner.invoke(main, ["validate", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: file not found. Pass the data file as DATA (default: data/places.geojson).\n"


@pytest.mark.parametrize(
    "args",
    [["validate"], ["build"], ["list"], ["sources"], ["watch"], ["convert", "-o", "out.geojson"], ["export"]],
    ids=lambda a: a[0],
)
def test_a_folder_passed_as_data_names_the_data_file_inside(runner, data, args):
    result = runner.invoke(main, [args[0], str(data.parent), *args[1:]])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (
        f"{data.parent}: is a folder, not a data file; pass the data file inside it: {data}."
    )


def test_source_add_names_the_data_file_inside_a_folder(runner, data, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Alphaville was renamed Betatown.\n", encoding="utf-8")
    result = runner.invoke(main, ["source", "add", str(page), "--data", str(data.parent)])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"{data.parent}: is a folder, not a data file; pass the data file inside it: {data}.\n"


def test_a_folder_without_data_says_how_to_start_one(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}: is a folder, not a data file; it holds no data file (.geojson, .csv, .jsonl); pass one, "
        "or start one with mapgen new DIR.\n"
    )


def test_a_workbook_is_refused_with_how_to_save_it_as_csv(runner, tmp_path):
    book = tmp_path / "places.xlsx"
    book.write_bytes(b"PK\x03\x04")
    result = runner.invoke(main, ["validate", str(book)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{book}: mapgen reads .geojson or .json (mapgen GeoJSON or Linked Places), .csv, and .jsonl or .ndjson "
        "(Linked Places JSON Lines), got .xlsx; .xlsx is a spreadsheet program's own format: save the sheet as CSV "
        '(Excel: File > Save As > "CSV UTF-8"; LibreOffice: Save As > "Text CSV", character set UTF-8) and pass '
        "the .csv file.\n"
    )


def test_usage_errors_exit_2(runner, data):
    assert runner.invoke(main, ["build", str(data), "--tiles", "satellite"]).exit_code == 2
    assert runner.invoke(main, ["build", str(data), "--year", "soon"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_validate_counts(runner, data):
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 0
    assert result.stdout == f"{data}: valid (2 places, 1 event, 1 source).\n"


def test_list_table_csv_json(runner, data):
    table = runner.invoke(main, ["list", str(data)])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "Year",
        "Former",
        "name",
        "New",
        "name",
        "Country",
        "today",
        "Name",
        "honoured",
        "Sources",
    ]
    assert lines[2].startswith("1957*  Gammagrad")
    assert lines[3].startswith("1961   Alphaville")
    assert lines[-1].startswith("* sources differ on the year")
    rows = list(csv.DictReader(io.StringIO(runner.invoke(main, ["list", str(data), "--format", "csv"]).stdout)))
    assert [(r["old_name"], r["new_name"], r["year"]) for r in rows] == [
        ("Gammagrad", "Deltaburg", "1957"),
        ("Alphaville", "Betatown", "1961"),
    ]
    items = json.loads(runner.invoke(main, ["list", str(data), "--format", "json"]).stdout)
    assert items[1]["sources"] == "A test article about renamings"
    assert items[0]["sources_differ_on_year"] is True


def test_embed_prints_an_escaped_iframe(runner, data, tmp_path):
    out = tmp_path / "slide.html"
    title = 'Quotes "and" <tags>'
    assert (
        runner.invoke(main, ["build", str(data), "-o", str(out), "--title", title, "--preset", "slide"]).exit_code == 0
    )
    result = runner.invoke(main, ["embed", str(out), "--src", "maps/slide.html?x=1&y=2"])
    assert result.exit_code == 0
    assert result.stdout == (
        '<iframe src="maps/slide.html?x=1&amp;y=2" title="Quotes &quot;and&quot; &lt;tags&gt;" width="1280" '
        'height="720" style="border:0;width:100%;height:auto;aspect-ratio:1280/720" loading="lazy" '
        "allowfullscreen></iframe>\n"
    )


def test_embed_without_a_built_map(runner, tmp_path):
    missing = tmp_path / "map.html"
    result = runner.invoke(main, ["embed", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: no such map. Build it first with `mapgen build -o {missing}`.\n"


def test_export_unknown_format(runner, data, tmp_path):
    result = runner.invoke(main, ["export", str(data), "-o", str(tmp_path / "map.gif")])
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'map.gif'}: cannot tell the image format; end the file name in .png, .pdf or .pptx."
        in result.stderr
    )


def test_export_says_what_to_install_without_chromium(runner, data, tmp_path, monkeypatch):
    monkeypatch.setenv("MAPGEN_CHROMIUM", str(tmp_path / "no-browser"))
    result = runner.invoke(main, ["export", str(data), "-o", str(tmp_path / "map.png")])
    assert result.exit_code == 1
    assert "no such file. Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`" in result.stderr
    assert not (tmp_path / "map.png").exists()


@pytest.mark.parametrize("args", [["--help"], ["validate", str(VALID)], ["list", str(VALID)]])
def test_light_commands_do_not_import_folium(args):
    """`mapgen --help`, `validate` and `list` start fast: they never import folium (or geopandas
    for a plain WGS84 file), nor the extractors of `mapgen source add`."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom mapgen.cli import main\n"
        f"try:\n    main({args!r}, prog_name='mapgen')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('folium', 'branca', 'geopandas', 'pandas', 'trafilatura', 'pypdf', 'lxml') if m in sys.modules), "
        "file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_embed_refuses_a_file_that_is_not_a_map(runner, tmp_path):
    image = tmp_path / "map.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    page = tmp_path / "other.html"
    page.write_text("<html><title>Not ours</title></html>", encoding="utf-8")
    for path in (image, page):
        result = runner.invoke(main, ["embed", str(path)])
        assert result.exit_code == 1
        assert result.stderr == f"{path}: is not an HTML map built by mapgen (pass the .html file).\n"


@pytest.mark.parametrize("year", ["1200", "3000"])
def test_year_outside_the_data_is_refused(runner, data, tmp_path, year):
    out = tmp_path / "map.html"
    result = runner.invoke(main, ["build", str(data), "-o", str(out), "--year", year])
    assert result.exit_code == 1
    assert result.stderr == f"--year {year}: the data's years run from 1925 to 1961; choose a year in that range.\n"
    assert not out.exists()


def test_output_under_a_file_says_so(runner, data, tmp_path):
    blocker = tmp_path / "map.html"
    blocker.write_text("a file", encoding="utf-8")
    out = blocker / "x.html"
    result = runner.invoke(main, ["build", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out}: cannot write here: {blocker} is a file, not a folder. Choose another place with -o.\n"
    )


def test_rebuild_keeps_permissions_and_follows_links(runner, data, tmp_path):
    real = tmp_path / "real.html"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.html"
    link.symlink_to(real)
    assert runner.invoke(main, ["build", str(data), "-o", str(link), "--tiles", "none"]).exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert real.stat().st_mode & 0o777 == 0o600


def test_csv_header_is_the_same_with_no_rows():
    from mapgen.outputs.listing import FIELDS, ListFormat, format_rows

    assert format_rows([], ListFormat.CSV) == ",".join(FIELDS) + "\n"


def test_output_is_identical_across_processes(tmp_path):
    """Byte-identical maps from separate processes with different hash seeds."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"map{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run(
            [sys.executable, "-m", "mapgen", "build", str(VALID), "-o", str(out), "--tiles", "none"],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.fixture
def slide_map(runner, data, tmp_path):
    """A slide map of the fixture (years 1925-1961; tour: speech, deltaburg, betatown), its title full of markup."""
    out = tmp_path / "slide.html"
    args = ["build", str(data), "-o", str(out), "--preset", "slide", "--title", 'Maps "&" <tags>']
    assert runner.invoke(main, args).exit_code == 0
    return out


@pytest.mark.parametrize(
    ("args", "src", "title"),
    [
        (["--year", "1957"], "slide.html#year=1957", "1957"),
        (["--place", "betatown"], "slide.html#place=betatown", "Betatown"),
        (["--place", "betatown", "--year", "1950"], "slide.html#year=1950&amp;place=betatown", "1950, Betatown"),
        (["--tour", "3"], "slide.html#tour=3", "tour stop 3 of 3, 1961: 1 renaming"),
        (["--tour", "0"], "slide.html#tour=0", "tour overview"),
        (["--year", "1930", "--src", "maps/s.html?a=1&b=2#old"], "maps/s.html?a=1&amp;b=2#year=1930", "1930"),
    ],
)
def test_embed_points_at_a_moment(runner, slide_map, args, src, title):
    result = runner.invoke(main, ["embed", str(slide_map), *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f'<iframe src="{src}" title="Maps &quot;&amp;&quot; &lt;tags&gt;: {title}" ')


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--year", "1200"],
            "Invalid value for '--year': expected a year from 1925 to 1961 (the years of {map}), got 1200",
        ),
        (
            ["--place", "betatwon"],
            "Invalid value for '--place': expected the id of a place or event on {map}, got \"betatwon\"; "
            'did you mean "betatown"?',
        ),
        (["--place", "<b>"], "Invalid value for '--place': expected the id of a place or event on {map}, got \"<b>\""),
        (
            ["--tour", "4"],
            "Invalid value for '--tour': expected a stop from 1 to 3 (or 0, the tour's overview) of {map}, got 4",
        ),
        (
            ["--tour", "1", "--year", "1950"],
            "--tour sets the year and the place of its stop; leave out --year and --place.",
        ),
        (["--year", "19x1"], "Invalid value for '--year': '19x1' is not a valid integer."),
    ],
)
def test_embed_refuses_a_moment_the_map_does_not_have(runner, slide_map, args, message):
    result = runner.invoke(main, ["embed", str(slide_map), *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: " + message.format(map=slide_map)


def test_embed_reads_a_large_maps_packed_data(runner, tmp_path):
    """Above 100 places the page's data is packed and compressed; embed still checks against it."""
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    data = synthetic.write_dataset(tmp_path / "big", 150)
    out = tmp_path / "big.html"
    assert runner.invoke(main, ["build", str(data), "-o", str(out), "--tiles", "none"]).exit_code == 0
    assert 'data-encoding="gzip+base64"' in out.read_text("utf-8")
    first = json.loads(data.read_text("utf-8"))["features"][0]["properties"]["id"]
    assert runner.invoke(main, ["embed", str(out), "--place", first]).stdout.startswith(
        f'<iframe src="big.html#place={first}"'
    )
    # The default tour: a stop per year of renamings.
    stops = len({f["properties"]["year"] for f in json.loads(data.read_text("utf-8"))["features"]})
    result = runner.invoke(main, ["embed", str(out), "--tour", str(stops + 1)])
    assert result.exit_code == 2
    assert f"expected a stop from 1 to {stops} (or 0, the tour's overview)" in result.stderr


# -- mapgen export -o deck.pptx: the errors, before any browser starts ------------------------


def test_export_by_needs_a_deck(runner, data, tmp_path):
    out = tmp_path / "map.png"
    result = runner.invoke(main, ["export", str(data), "-o", str(out), "--by", "place"])
    assert result.exit_code == 2
    assert f"Error: --by applies to PowerPoint decks only; end -o in .pptx (got {out})." in result.stderr
    assert not out.exists()


def test_export_deck_rejects_an_unknown_by(runner, data, tmp_path):
    result = runner.invoke(main, ["export", str(data), "-o", str(tmp_path / "deck.pptx"), "--by", "country"])
    assert result.exit_code == 2
    assert "Invalid value for '--by': 'country' is not one of 'year', 'place', 'tour'." in result.stderr


@pytest.mark.parametrize("option", [["--width", "1200"], ["--height", "600"]])
def test_export_deck_has_a_fixed_layout(runner, data, tmp_path, option):
    out = tmp_path / "deck.pptx"
    result = runner.invoke(main, ["export", str(data), "-o", str(out), *option])
    assert result.exit_code == 2
    assert (
        "Error: --width/--height: a deck's maps are laid out at 1280×720 to fit its 16:9 slides; "
        "set their sharpness with --scale instead." in result.stderr
    )
    assert not out.exists()


def test_export_deck_shows_every_year(runner, data, tmp_path):
    result = runner.invoke(main, ["export", str(data), "-o", str(tmp_path / "deck.pptx"), "--year", "1961"])
    assert result.exit_code == 2
    assert "Error: --year: a deck shows every year in which names changed; leave --year out for .pptx." in result.stderr


def test_export_deck_under_a_file(runner, data, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    out = blocker / "deck.pptx"
    result = runner.invoke(main, ["export", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out}: cannot write here: {blocker} is a file, not a folder. Choose another place with -o.\n"
    )
    assert blocker.read_text() == "not a folder"


def test_export_deck_with_bad_data_keeps_the_old_deck(runner, data, tmp_path):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the previous deck")
    doc = json.loads(data.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["year"] = "19x1"
    data.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(main, ["export", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Checking the data\n{data}: 1 problem found; nothing was written.\n")
    assert 'feature 0 (id "betatown"): year:' in result.stderr
    assert out.read_bytes() == b"the previous deck"


def test_export_deck_without_chromium_keeps_the_old_deck(runner, data, tmp_path, monkeypatch):
    monkeypatch.setenv("MAPGEN_CHROMIUM", str(tmp_path / "no-browser"))
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the previous deck")
    result = runner.invoke(main, ["export", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert "Checking the data\nBuilding the map\nStarting Chromium\n" in result.stderr
    assert f"MAPGEN_CHROMIUM={tmp_path / 'no-browser'}: no such file. Install Chromium" in result.stderr
    assert out.read_bytes() == b"the previous deck"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".deck")] == []


def test_list_says_date_where_sources_agree_on_the_year(runner):
    from tests.conftest import SHIPPED

    table = runner.invoke(main, ["list", str(SHIPPED)]).stdout.splitlines()
    # Volgograd: 10, 11 or 7 November 1961, the year agreed; Alchevsk: 1959 or 1961.
    assert [line.split()[:2] for line in table if "Volgograd  " in line] == [["1961†", "Stalingrad"]]
    assert [line.split()[:2] for line in table if "Kommunarsk" in line][0] == ["1961*", "Voroshylovsk"]
    assert table[-2:] == [
        "* sources differ on the year; see the map's popup for which source says what.",
        "† sources agree on the year but differ on the date; see the map's popup for which source says what.",
    ]
    rows = {r["id"]: r for r in json.loads(runner.invoke(main, ["list", str(SHIPPED), "--format", "json"]).stdout)}
    assert (rows["volgograd"]["sources_differ_on_year"], rows["volgograd"]["sources_differ_on_date"]) == (False, True)


def test_convert_counts_places_and_events_apart(runner, tmp_path):
    out = tmp_path / "places.geojson"
    result = runner.invoke(main, ["convert", str(VALID), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Wrote {out} (2 places and 1 event as geojson)."


def test_a_map_of_data_without_a_title_is_named_for_its_folder(runner, tmp_path, monkeypatch):
    folder = tmp_path / "ukraine-2016"
    shutil.copytree(VALID.parent / "sources", folder / "sources")
    (folder / "places.csv").write_text(
        "id,old_name,new_name,year,lon,lat,citation1_source\nbetatown,Alphaville,Betatown,1961,44.5,48.7,test-article\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(folder)
    assert runner.invoke(main, ["build", "places.csv", "-o", "map.html", "--tiles", "none"]).exit_code == 0
    snippet = runner.invoke(main, ["embed", "map.html"]).stdout
    # Not the generic "Renamed places": a slide deck with two such maps could not tell them apart.
    assert 'title="Ukraine 2016"' in snippet
    assert "<title>Ukraine 2016</title>" in (folder / "map.html").read_text(encoding="utf-8")
