"""The tour's stops (mapgen.tour.tour_stops) and its format in the data file: chapters, the
plain-id shorthand, the default tour (a stop per year), the shipped story, and conversions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from mapgen.cli import main
from mapgen.formats.geojson import to_document
from mapgen.options import RenderOptions
from mapgen.page.payload import build_payload
from mapgen.pipeline import load_dataset
from mapgen.tour import time_order, tour_stops
from tests.conftest import ROOT, SHIPPED, VALID

SOURCES = ROOT / "data" / "sources"


def _with_tour(tmp_path: Path, tour) -> Path:
    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    document["tour"] = tour
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _without_tour(tmp_path: Path) -> Path:
    document = json.loads(SHIPPED.read_text("utf-8"))
    del document["tour"]
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(SOURCES, tmp_path / "sources")
    return path


def test_time_order_is_by_year_then_date():
    dataset = load_dataset(SHIPPED)
    order = time_order(dataset)
    years = {p.id: p.year for p in dataset.places}
    assert sorted(order) == sorted(years) and [years[i] for i in order] == sorted(years.values())
    # Within 1956 by date, the speech first; in 1961 the Mausoleum (31 October) before Volgograd (10 November),
    # and the places the sources date only by the year after the dated ones.
    assert order.index("secret-speech-1956") < order.index("varna") < order.index("katowice")
    assert order.index("stalin-removed-from-mausoleum-1961") < order.index("volgograd") < order.index("dushanbe")


def test_the_default_tour_is_a_stop_per_year(tmp_path):
    dataset = load_dataset(_without_tour(tmp_path))
    stops = tour_stops(dataset)
    years = sorted({p.year for p in dataset.places})
    assert [s.year for s in stops] == years  # the years of the renamings, not of every history step
    payload = build_payload(dataset, RenderOptions(), [])
    slider = {s["year"]: s for s in payload["steps"]}
    for stop in stops:
        # Every place whose name changed that year, by its own renaming or a later step of its
        # history, and the year's events: what the map labels "Old → New" at that year.
        changed = [
            p
            for p in dataset.places
            if p.year == stop.year or (p.category.value == "renaming" and stop.year in {h.year for h in p.history})
        ]
        assert sorted(stop.places) == sorted(p.id for p in changed)
        # The title counts what the slider counts for the year.
        renamings, events = slider[stop.year]["renamings"], slider[stop.year]["events"]
        assert stop.title.startswith(
            f"{stop.year}: {renamings} renaming" if renamings else f"{stop.year}: {events} event"
        )
    (wave,) = [s for s in stops if s.year == 1961]
    renamed = sum(1 for p in dataset.renamings if p.year == 1961)
    events = sum(1 for p in dataset.events if p.year == 1961)
    # Okhotny Ryad, on the map for its renaming of 1957, changed its name again in 1961.
    assert "okhotny-ryad-station" in wave.places
    assert events == 1 and wave.title == f"1961: {renamed + 1} renamings, 1 event"
    assert "stalin-removed-from-mausoleum-1961" in wave.places and "volgograd" in wave.places
    assert wave.places.index("stalin-removed-from-mausoleum-1961") < wave.places.index("volgograd")
    assert [s.title for s in tour_stops(load_dataset(VALID))] == [
        "1956: 1 event",
        "1957: 1 renaming",
        "1961: 1 renaming",
    ]
    # The page carries the same stops.
    page = payload["tour"]
    assert [(s["title"], s["places"], s["year"]) for s in page] == [(s.title, list(s.places), s.year) for s in stops]


def test_plain_ids_still_make_a_tour_and_survive_a_rewrite(tmp_path):
    dataset = load_dataset(_with_tour(tmp_path, ["deltaburg", "betatown"]))
    stops = tour_stops(dataset)
    assert [(s.title, s.places, s.year, s.popup) for s in stops] == [
        ("Gammagrad → Deltaburg", ("deltaburg",), 1957, "deltaburg"),
        ("Alphaville → Betatown", ("betatown",), 1961, "betatown"),
    ]
    assert [s["popup"] for s in build_payload(dataset, RenderOptions(), [])["tour"]] == ["deltaburg", "betatown"]
    assert to_document(dataset)["tour"] == ["deltaburg", "betatown"]


CHAPTERS = [
    {
        "title": "The first renaming",
        "text": "Gammagrad became Deltaburg.",
        "places": ["deltaburg"],
        "year": 1957,
        "popup": "deltaburg",
        "citations": [{"source": "test-article", "quote": "Gammagrad became Deltaburg in 1957"}],
    },
    {"title": "Everything", "view": {"center": [40.5, 50.25], "zoom": 4}},
    {"title": "Betatown and the speech", "places": ["betatown", "speech"]},
    "betatown",
]


def test_chapters_reach_the_page_with_their_words_view_and_sources(tmp_path):
    dataset = load_dataset(_with_tour(tmp_path, CHAPTERS))
    stops = tour_stops(dataset)
    assert [s.title for s in stops] == [
        "The first renaming",
        "Everything",
        "Betatown and the speech",
        "Alphaville → Betatown",
    ]
    # A stop without a year shows the year most of its places were renamed (the latest of a tie).
    assert [s.year for s in stops] == [1957, None, 1961, 1961]
    page = build_payload(dataset, RenderOptions(), [])["tour"]
    assert page[0]["cites"] == [{"source": "test-article", "quote": "Gammagrad became Deltaburg in 1957"}]
    assert page[0]["text"] == "Gammagrad became Deltaburg." and page[0]["popup"] == "deltaburg"
    assert page[1] == {"title": "Everything", "view": {"lat": 50.25, "lon": 40.5, "zoom": 4.0}}
    assert "test-article" in dataset.sources


def test_geojson_to_geojson_keeps_the_tour_as_written(tmp_path):
    path = _with_tour(tmp_path, CHAPTERS)
    out = tmp_path / "copy" / "places.geojson"
    result = CliRunner().invoke(main, ["convert", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["tour"] == CHAPTERS
    assert "tour" not in result.stderr  # nothing left out


def test_csv_and_json_lines_say_they_leave_the_tour_out_and_lpf_keeps_it(tmp_path):
    path = _with_tour(tmp_path, CHAPTERS)
    for name in ("p.csv", "p.jsonl"):
        result = CliRunner().invoke(main, ["convert", str(path), "-o", str(tmp_path / "out" / name)])
        assert result.exit_code == 0, result.output
        (said,) = [line for line in result.stderr.splitlines() if line.startswith("Left out: the ")]
        assert "tour" in said and "has no place for them" in said
    # A Linked Places FeatureCollection keeps the tour as a member of its own, without the events it leaves out.
    out = tmp_path / "out" / "p.json"
    result = CliRunner().invoke(main, ["convert", str(path), "-o", str(out), "--to", "lpf"])
    assert result.exit_code == 0, result.output
    kept = json.loads(out.read_text("utf-8"))["tour"]
    assert kept[:2] == CHAPTERS[:2] and kept[3] == "betatown"
    assert kept[2] == {"title": "Betatown and the speech", "places": ["betatown"]}
    assert [s.title for s in tour_stops(load_dataset(out))] == [
        s["title"] if isinstance(s, dict) else "Alphaville → Betatown" for s in kept
    ]


def test_the_shipped_story():
    dataset = load_dataset(SHIPPED)
    stops = tour_stops(dataset)
    by_id = {p.id: p for p in dataset.places}
    assert 6 <= len(stops) <= 15
    assert stops[0].year == 1956 and "secret-speech-1956" in stops[0].places
    (wave,) = [s for s in stops if "volgograd" in s.places]
    assert wave.year == 1961 and {"dushanbe", "tskhinvali", "donetsk", "novokuznetsk"} <= set(wave.places)
    assert [s.year for s in stops] == sorted(s.year for s in stops)  # the story runs forward in time
    for stop in stops:
        # Words of its own, each stop cited, its places of its year (so the slider names them all).
        assert stop.title and stop.text and stop.citations, stop.title
        assert all(c.quote for c in stop.citations), stop.title
        assert all(by_id[i].year == stop.year for i in stop.places), stop.title
    assert stops[-1].year == 1989 and "mariupol" in stops[-1].places
