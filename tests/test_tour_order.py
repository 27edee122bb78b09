"""The tour's order (mapgen.tour.tour_stops): time order by default, the data file's "tour" list when it has one."""

from __future__ import annotations

import json
import shutil

from mapgen.formats.geojson import to_document
from mapgen.options import RenderOptions
from mapgen.page.payload import build_payload
from mapgen.pipeline import load_dataset
from mapgen.tour import tour_stops
from tests.conftest import SHIPPED, VALID


def test_the_default_order_is_time_order():
    dataset = load_dataset(SHIPPED)
    stops = tour_stops(dataset)
    years = {p.id: p.year for p in dataset.places}
    assert sorted(stops) == sorted(years) and [years[i] for i in stops] == sorted(years.values())
    # Within 1956 by date, the speech first; in 1961 the Mausoleum (31 October) before Volgograd (10 November),
    # and the places the sources date only by the year after the dated ones.
    assert stops.index("secret-speech-1956") < stops.index("varna") < stops.index("katowice")
    assert stops.index("stalin-removed-from-mausoleum-1961") < stops.index("volgograd") < stops.index("dushanbe")


def test_the_data_files_order_reaches_the_page_and_survives_a_rewrite(tmp_path):
    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    document["tour"] = ["deltaburg", "betatown"]
    path.write_text(json.dumps(document), encoding="utf-8")
    dataset = load_dataset(path)
    assert tour_stops(dataset) == ("deltaburg", "betatown")
    assert build_payload(dataset, RenderOptions(), [])["tour"] == ["deltaburg", "betatown"]
    assert to_document(dataset)["tour"] == ["deltaburg", "betatown"]
    # Without the list, every feature, in time order.
    assert tour_stops(load_dataset(VALID)) == ("speech", "deltaburg", "betatown")
