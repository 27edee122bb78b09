"""bench/synthetic.py makes the benchmark's data: correct at a small size (the benchmark itself
is never run by the tests; it measures, it does not assert)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from mapgen.pipeline import load_dataset
from tests.conftest import ROOT, SHIPPED


@pytest.fixture(scope="module")
def synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_copies_of_the_shipped_places_validate_and_keep_their_content(synthetic, tmp_path):
    path = synthetic.write_copies(tmp_path / "a", 80, seed=3)
    dataset = load_dataset(path)
    assert len(dataset.places) == 80
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
    copies = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert len({c["properties"]["id"] for c in copies}) == 80
    for index, feature in enumerate(copies):
        original = shipped[index % len(shipped)]
        assert {**feature["properties"], "id": original["properties"]["id"]} == original["properties"]
        assert feature["properties"]["id"] == f"{original['properties']['id']}-{index}"
    assert len({tuple(c["geometry"]["coordinates"]) for c in copies}) == 80, "each copy at a point of its own"


def test_copies_are_seeded(synthetic, tmp_path):
    first = synthetic.write_copies(tmp_path / "a", 40, seed=1).read_bytes()
    assert synthetic.write_copies(tmp_path / "b", 40, seed=1).read_bytes() == first
    assert synthetic.write_copies(tmp_path / "c", 40, seed=2).read_bytes() != first


def test_generated_places_validate(synthetic, tmp_path):
    path = synthetic.write_dataset(tmp_path / "g", 120, seed=1, places_per_source=20)
    assert len(load_dataset(path).places) == 120
    assert synthetic.write_dataset(tmp_path / "h", 120, seed=1, places_per_source=20).read_bytes() == path.read_bytes()


def _quotes(path) -> list[str]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [c["quote"] for f in features for c in f["properties"]["citations"] if "quote" in c]


def test_generated_places_quote_texts_of_their_own(synthetic, tmp_path):
    quotes = _quotes(synthetic.write_dataset(tmp_path / "u", 200, seed=1))
    assert len(set(quotes)) == len(quotes), "no two places share a quote"


def test_the_heavy_variant_gives_each_renaming_about_500_characters_of_quotes_of_its_own(synthetic, tmp_path):
    plain = synthetic.write_dataset(tmp_path / "p", 150, seed=2)
    heavy = synthetic.write_dataset(tmp_path / "h", 150, seed=2, heavy=True)
    dataset = load_dataset(heavy)
    assert len(dataset.places) == 150
    for light, place in zip(load_dataset(plain).places, dataset.places, strict=True):
        # The same places as without the variant, with one more citation for each renaming.
        assert place.id == light.id and place.citations[:-1] == light.citations or place.category.value == "event"
        if place.category.value == "renaming":
            assert len(place.citations) == len(light.citations) + 1
            assert synthetic.HEAVY_CHARS <= len(place.citations[-1].quote) < synthetic.HEAVY_CHARS + 200
    quotes = _quotes(heavy)
    assert len(set(quotes)) == len(quotes)
    per_place = sum(map(len, quotes)) / len(dataset.places)
    assert 500 <= per_place <= 800, per_place


def test_the_benchmark_writes_each_case(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    assert run.CASES == ("unique", "heavy", "copies")
    sizes = {case: run.write_case(case, tmp_path / case, 60, 1, 20).stat().st_size for case in run.CASES}
    assert sizes["unique"] < sizes["heavy"], "the heavy variant weighs more"
    for case in run.CASES:
        assert len(load_dataset(tmp_path / case / "places.geojson").places) == 60
