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
