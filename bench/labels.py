"""How long one label layout takes (``labels.js``) for maps with placed labels.

Up to 500 places each is labelled and the labels are laid out again at every move, zoom and
year change, so a layout must stay well under a frame budget of a few hundred milliseconds.
Builds synthetic maps (``bench/synthetic.py``) of 100, 300 and 500 places, opens each at
1280×800 in headless Chromium (network blocked), and times ten layouts, one per year. A
benchmark, not a test: it prints numbers and never fails on them.

Run from the repository root: ``.venv/bin/python bench/labels.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_dataset  # noqa: E402
from mapgen.options import RenderOptions, Tiles  # noqa: E402
from mapgen.outputs.browser import block_network, chromium  # noqa: E402
from mapgen.pipeline import build  # noqa: E402

#: Set a year, then time the layout alone (a "moveend" runs exactly one).
TIME_LAYOUTS = """() => {
  const years = mapgen.api.data.steps.map(s => s.year), times = [];
  for (let i = 0; i < 10; i++) {
    mapgen.api.setYear(years[i % years.length]);
    const start = performance.now();
    mapgen.api.map.fire("moveend");
    times.push(performance.now() - start);
  }
  return times;
}"""


def main() -> None:
    with tempfile.TemporaryDirectory() as work, chromium() as browser:
        for size in (100, 300, 500):
            folder = Path(work) / f"data-{size}"
            write_dataset(folder, size, seed=5)
            page_file = folder / "map.html"
            build(folder / "places.geojson", page_file, RenderOptions(tiles=Tiles.NONE))
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            block_network(page)
            page.goto(page_file.as_uri())
            page.wait_for_selector("html[data-mapgen-ready=true]", state="attached", timeout=60000)
            times = page.evaluate(TIME_LAYOUTS)
            labels = len(page.evaluate("mapgen.api.labelRects()"))
            print(
                f"{size:>4} places: layout median {statistics.median(times):6.1f} ms, "
                f"max {max(times):6.1f} ms ({labels} labels placed at the last year)"
            )
            page.close()


if __name__ == "__main__":
    main()
