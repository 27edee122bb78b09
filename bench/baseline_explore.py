"""Baseline (b): ``GeoDataFrame.explore()`` with the same points and a popup, saved with ``.save()``.

Usage: python bench/baseline_explore.py DATA.geojson OUT.html

explore() needs matplotlib and mapclassify, which mapgen does not depend on; ``bench/run.py
--setup`` installs them into ``bench/work/venv-explore`` (which sees mapgen's venv through a
.pth file), and runs this script with that interpreter.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas


def main(data: Path, out: Path) -> None:
    features = json.loads(data.read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        event = props.get("category") == "event"
        rows.append(
            {
                "id": props["id"],
                "name": props["title"] if event else f"{props['old_name']} → {props['new_name']}",
                "year": props["year"],
                "named_after": props.get("named_after", ""),
                "quote": props["citations"][0].get("quote", ""),
                "source": props["citations"][0]["source"],
                "lon": lon,
                "lat": lat,
            }
        )
    frame = geopandas.GeoDataFrame(rows)
    gdf = geopandas.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]), geometry=geopandas.points_from_xy(frame.lon, frame.lat), crs="EPSG:4326"
    )
    fmap = gdf.explore(popup=["name", "year", "named_after", "quote", "source"], tooltip=False, tiles=None)
    fmap.save(str(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
