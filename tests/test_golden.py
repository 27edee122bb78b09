"""One golden HTML file: the deterministic page for the test fixture, compared byte for byte.

The inlined files (Leaflet, supercluster, topojson, the Natural Earth outlines, and mapgen's
own mapgen/page/static/*.js and *.css, which the browser tests cover) are replaced by a line naming
them and their hash, so the golden file shows the page itself: its structure, the data it
carries, and the folium map script.
Refresh it on purpose with `MAPGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py`.
"""

from __future__ import annotations

import hashlib
import os

from mapgen.options import RenderOptions, Tiles
from mapgen.page import assets
from mapgen.page.render import render_html
from mapgen.pipeline import load_dataset
from tests.conftest import TESTS, VALID

GOLDEN = TESTS / "golden" / "valid-offline.html"


def without_vendor_code(html: str) -> str:
    for name, text in (
        ("vendor css", assets.vendor_css()),
        ("vendor js", assets.vendor_js()),
        ("basemap topojson", assets.basemap_topojson()),
        ("mapgen css (mapgen/page/static)", assets.own_css()),
        ("mapgen js (mapgen/page/static)", assets.own_js()),
    ):
        assert html.count(text) == 1, name
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        html = html.replace(text, f"/* {name}: sha256 {digest} */")
    return html


def test_golden_html():
    html = without_vendor_code(render_html(load_dataset(VALID), RenderOptions(tiles=Tiles.NONE)))
    if os.environ.get("MAPGEN_UPDATE_GOLDEN"):
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8"), (
        "output changed; refresh with MAPGEN_UPDATE_GOLDEN=1 if on purpose"
    )
