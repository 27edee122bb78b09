"""Baseline (a): the folium map most people write, one ``folium.Marker`` + ``folium.Popup`` per place.

Usage: python bench/baseline_folium.py DATA.geojson OUT.html

Reads the same GeoJSON as ``mapgen build`` and writes a folium page with the same places and
a popup holding the same headline facts and first quote. No tiles (like ``--tiles none``).
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import folium


def popup_html(props: dict) -> str:
    if props.get("category") == "event":
        head = f"<b>{html.escape(props['title'])}</b> ({props['year']})"
    else:
        head = f"<b>{html.escape(props['old_name'])} → {html.escape(props['new_name'])}</b> ({props['year']})"
        if props.get("named_after"):
            head += f"<br>Named after {html.escape(props['named_after'])}"
    cite = props["citations"][0]
    quote = f"<br><q>{html.escape(cite.get('quote', ''))}</q> ({html.escape(cite['source'])})"
    return head + quote


def main(data: Path, out: Path) -> None:
    features = json.loads(data.read_text(encoding="utf-8"))["features"]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    lons = [f["geometry"]["coordinates"][0] for f in features]
    fmap = folium.Map(location=[sum(lats) / len(lats), sum(lons) / len(lons)], zoom_start=3, tiles=None)
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"][:2]
        folium.Marker([lat, lon], popup=folium.Popup(popup_html(feature["properties"]), max_width=300)).add_to(fmap)
    fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    fmap.save(str(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
