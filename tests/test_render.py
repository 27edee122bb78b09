"""Rendering: the folium structure, the page's fragments, escaping at build time."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pytest

from mapgen.model import Citation
from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.page.assets import credits
from mapgen.page.payload import PACK_ABOVE, build_payload, read_page_data, to_script_json
from mapgen.page.render import MapgenFrontEnd, render_html, render_map
from mapgen.pipeline import load_dataset
from tests.conftest import SHIPPED, VALID

OFFLINE = RenderOptions(tiles=Tiles.NONE)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(VALID)


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="mapgen-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_map_structure(dataset):
    fmap = render_map(dataset, OFFLINE)
    children = list(fmap._children.values())
    assert any(isinstance(c, MapgenFrontEnd) for c in children)
    assert fmap.options["scroll_wheel_zoom"] is True
    assert fmap.default_js == [] and fmap.default_css == []


def test_slide_preset_turns_off_scroll_zoom(dataset):
    fmap = render_map(dataset, RenderOptions(tiles=Tiles.NONE, preset=Preset.SLIDE))
    assert fmap.options["scroll_wheel_zoom"] is False
    assert '<html lang="en" class="mapgen-slide">' in render_html(dataset, RenderOptions(preset=Preset.SLIDE))


def test_page_has_no_external_scripts_or_styles(dataset):
    html = render_html(dataset, RenderOptions())
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html
    # The only remote address is the tile template, and it is gone with --tiles none.
    assert "tile.openstreetmap.org" in html
    assert "openstreetmap" not in render_html(dataset, OFFLINE)


def test_readers_can_zoom_the_page_on_phones(dataset):
    html = render_html(dataset, OFFLINE)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1.0" />' in html
    assert "user-scalable=no" not in html


def test_output_is_deterministic(dataset):
    assert render_html(dataset, OFFLINE) == render_html(dataset, OFFLINE)


def test_payload_carries_places_people_and_years(dataset):
    data = page_data(render_html(dataset, OFFLINE))
    assert [p["id"] for p in data["places"]] == ["betatown", "deltaburg", "speech"]
    assert data["years"] == [1925, 1961]
    assert data["title"] == "Test places"
    assert {p["name"] for p in data["people"]} == {"Person A", "Person B"}
    beta = data["places"][0]
    assert beta["history"][0] == {"name": "Oldtown"}
    assert beta["cites"][0]["quote"] == "In 1961, Alphaville was renamed Betatown."


def test_slider_steps_count_renamings_and_events_per_year(dataset):
    data = page_data(render_html(dataset, OFFLINE))
    # Each history step counts in its own year; the speech is an event.
    assert data["steps"] == [
        {"year": 1925, "renamings": 1, "events": 0},
        {"year": 1930, "renamings": 1, "events": 0},
        {"year": 1956, "renamings": 0, "events": 1},
        {"year": 1957, "renamings": 1, "events": 0},
        {"year": 1961, "renamings": 1, "events": 0},
    ]


def test_opening_year_is_the_busiest_renaming_year_latest_of_equals(dataset):
    # Betatown (1961) and Deltaburg (1957) tie on one renaming each.
    assert page_data(render_html(dataset, OFFLINE))["openingYear"] == 1961
    extra = replace(dataset.places[1], id="epsilon", year=1957)
    busier = replace(dataset, places=dataset.places + (extra,))
    assert page_data(render_html(busier, OFFLINE))["openingYear"] == 1957


def test_opening_year_of_the_data_wins(dataset):
    chosen = replace(dataset, opening_year=1930)
    assert page_data(render_html(chosen, OFFLINE))["openingYear"] == 1930


def test_shipped_data_opens_at_1961():
    assert page_data(render_html(load_dataset(SHIPPED), OFFLINE))["openingYear"] == 1961


def test_year_option_sets_the_slider(dataset):
    assert page_data(render_html(dataset, RenderOptions(tiles=Tiles.NONE, year=1950)))["year"] == 1950


HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "{{7*7}}",
    "{{ lipsum.__globals__['os'].getcwd() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "${alert(1)}",
    "`backtick`",
    "</script><script>alert(1)</script>",
    "<!-- comment",
    "\u2028line\u2029separator",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reaches_the_page_as_data_only(dataset, text):
    place = replace(
        dataset.places[0], old_name=text, new_name=text, note=text, citations=(Citation("test-article", quote=text),)
    )
    hostile = replace(dataset, places=(place,), title=text)
    page = render_html(hostile, RenderOptions(tiles=Tiles.NONE, caption=text))
    # The data arrives intact as JSON: nothing was evaluated by Jinja at build time.
    data = page_data(page)
    assert data["places"][0]["old"] == text
    assert data["places"][0]["cites"][0]["quote"] == text
    assert (data["title"], data["caption"]) == (text, text)
    # Where it is markup (title, heading, caption), it is escaped text.
    for pattern in (r"<title>(.*?)</title>", r"<h1>(.*?)</h1>", r'<p class="mapgen-caption">(.*?)</p>'):
        assert html.unescape(re.search(pattern, page, re.S).group(1)) == text
    assert "<img src=x" not in page
    assert "<script>alert(1)" not in page


def test_script_json_escapes_markup():
    text = to_script_json({"q": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"q": "</script><!--&\u2028"}


def many(dataset, copies: int):
    """The dataset's places repeated under new ids, enough for a packed, compressed page."""
    places = tuple(replace(p, id=f"{p.id}-{i}") for i in range(copies) for p in dataset.places)
    return replace(dataset, places=places)


def data_block(html: str) -> tuple[str, str | None]:
    match = re.search(
        r'<script type="([^"]+)" id="mapgen-data"(?: data-encoding="([^"]+)")?>(.*?)</script>', html, re.S
    )
    return match.group(3), match.group(2)


def test_small_maps_carry_plain_json(dataset):
    html = render_html(dataset, OFFLINE)
    text, encoding = data_block(html)
    assert encoding is None
    assert 'id="mapgen-records"' not in html
    assert read_page_data(html)["places"] == build_payload(dataset, OFFLINE, credits())["places"]


def test_large_maps_carry_their_data_packed_and_compressed(dataset):
    large = many(dataset, PACK_ABOVE // len(dataset.places) + 1)
    html = render_html(large, OFFLINE)
    assert '<script type="application/octet-stream" id="mapgen-data" data-encoding="gzip+base64">' in html
    assert '<script type="application/octet-stream" id="mapgen-records" data-encoding="gzip+base64">' in html
    text, encoding = data_block(html)
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", text), "base64 only: nothing that could end the script element"
    records = re.search(r'id="mapgen-records" data-encoding="gzip\+base64">(.*?)</script>', html).group(1)
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", records)
    payload = read_page_data(html)
    plain = build_payload(dataset, OFFLINE, credits())
    # Unpacked, the page holds exactly the records a small map would carry as plain JSON.
    assert payload["places"][: len(dataset.places)] == [{**p, "id": f"{p['id']}-0"} for p in plain["places"]]
    assert len(payload["places"]) == len(large.places)
    assert {k: v for k, v in payload.items() if k != "places"} == {
        k: v for k, v in build_payload(large, OFFLINE, credits()).items() if k not in ("columns", "strings", "records")
    }
    assert render_html(large, OFFLINE) == html, "same data, same bytes (gzip without a time stamp)"


def test_packed_text_is_written_once(dataset):
    payload = build_payload(many(dataset, 50), OFFLINE, credits())
    table = payload["strings"] + payload["records"]["strings"]
    assert len(table) == len(set(table))
    quote = dataset.places[0].citations[0].quote
    assert table.count(quote) == 1
    assert payload["records"]["places"][0]["cites"][0]["quote"] == table.index(quote)


def test_a_packed_page_starts_with_columns_and_keeps_the_quotes_for_later(dataset):
    """What start-up reads holds each place's names, year and point, and no quote or note:
    those are in the records block, read when a popup, search or the list first needs them."""
    large = many(dataset, 50)
    payload = build_payload(large, OFFLINE, credits())
    assert "places" not in payload
    columns = payload["columns"]
    assert {len(values) for values in columns.values()} == {len(large.places)}
    assert columns["id"][:3] == [p.id for p in large.places[:3]]
    assert columns["lat"][0] == large.places[0].lat and columns["lon"][0] == large.places[0].lon
    betatown = large.places[0]
    assert payload["strings"][columns["old"][0]] == betatown.old_name
    assert payload["strings"][columns["person"][0]] == betatown.named_after
    assert columns["changes"][0] == [1925]  # Oldtown -> Alphaville in 1925, before 1961's renaming
    quotes = {c.quote for p in large.places for c in p.citations}
    notes = {d.note for p in large.places for d in p.disagreements if d.note}
    assert not (quotes | notes) & set(payload["strings"])
    assert (quotes | notes) <= set(payload["records"]["strings"])
    record = payload["records"]["places"][0]
    assert not {"id", "lat", "lon", "old", "new", "year", "kind", "person"} & set(record)


def test_the_cli_loads_folium_without_pandas_and_pandas_still_imports_afterwards(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "map.html"
    code = (
        "import sys\n"
        "from mapgen.cli import main\n"
        f"try: main(['build', {str(VALID)!r}, '-o', {str(out)!r}, '--tiles', 'none'])\n"
        "except SystemExit: pass\n"
        "assert 'pandas' not in sys.modules, 'folium pulled pandas in'\n"
        "import pandas, folium.utilities\n"
        "print(pandas.__name__, folium.utilities.pd)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["pandas", "None"]
    assert out.exists()


def test_the_python_api_loads_folium_as_usual_so_it_knows_dataframes():
    import subprocess
    import sys

    code = "import mapgen.page.render, folium.utilities\nprint(folium.utilities.pd.__name__)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["pandas"]
