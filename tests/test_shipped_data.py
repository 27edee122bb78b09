"""The shipped dataset: it validates, one case per place, with honest citations."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from mapgen.pipeline import load_dataset
from tests.conftest import SHIPPED

RAW = json.loads(SHIPPED.read_text(encoding="utf-8"))
IDS = [f["properties"]["id"] for f in RAW["features"]]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(SHIPPED)


def test_shipped_data_validates_without_warnings(dataset):
    assert dataset.warnings == ()
    assert len(dataset.renamings) >= 36
    assert len(dataset.events) == 2


@pytest.mark.parametrize("place_id", IDS)
def test_each_place_is_valid_and_cited(dataset, place_id):
    place = next(p for p in dataset.places if p.id == place_id)
    assert place.citations, "every place has at least one citation"
    for citation in place.citations:
        source = dataset.sources[citation.source]
        assert source.title
        if citation.quote:
            assert " ".join(citation.quote.split()) in " ".join(source.text.split())
    feature = next(f for f in RAW["features"] if f["properties"]["id"] == place_id)
    lon, lat = feature["geometry"]["coordinates"]
    assert round(lon, 4) == lon and round(lat, 4) == lat, "coordinates carry 4 decimals"


def test_ids_are_unique():
    assert [i for i, n in Counter(IDS).items() if n > 1] == []


def test_no_two_places_share_coordinates():
    coords = Counter(tuple(f["geometry"]["coordinates"]) for f in RAW["features"])
    assert [c for c, n in coords.items() if n > 1] == []


def test_the_article_is_quoted_for_the_three_cities_it_names(dataset):
    article = {
        "volgograd": "Stalingrad was renamed to Volgograd",
        "dushanbe": "renamed ‘Dushanbe,’",
        "tskhinvali": "renamed ‘Tskhinvali.’",
    }
    for place_id, words in article.items():
        place = next(p for p in dataset.places if p.id == place_id)
        quotes = [c.quote for c in place.citations if c.source == "de-stalinization" and c.quote]
        assert any(words in q for q in quotes), place_id
        assert place.year == 1961
