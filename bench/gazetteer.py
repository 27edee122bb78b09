"""What the GeoNames coordinate check costs: `mapgen validate` and `build` with it and without.

    .venv/bin/python bench/gazetteer.py                 # 10,000 places (about 1 min)
    .venv/bin/python bench/gazetteer.py --sizes 1000,10000 --index

The data is `bench/synthetic.py`'s, made checkable: every renaming becomes a city whose native
name and `country_now` are those of a real GeoNames place (a seeded sample), at that place's
coordinates, and one in five is moved 30-300 km so that it warns. `--index` also times building
the GeoNames index from scratch (in a temporary cache folder). Prints a Markdown table; the
numbers in bench/README.md come from it. A benchmark, not a test: it never fails on a number.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from synthetic import write_dataset  # noqa: E402

from mapgen.checks import geonames  # noqa: E402

MAPGEN = ROOT / ".venv" / "bin" / "mapgen"
WORK = ROOT / "bench" / "work"


def checkable_dataset(folder: Path, n: int, seed: int) -> tuple[Path, int]:
    """Synthetic data whose renamings are real GeoNames cities; returns the path and how many were moved."""
    path = write_dataset(folder, n, seed)
    geonames.gazetteer()  # builds the index if this machine has none yet
    db = sqlite3.connect(geonames.index_path())
    cities = db.execute("SELECT name, country, lat, lon FROM cities ORDER BY geonameid").fetchall()
    countries = geonames.countries()
    rng = random.Random(f"gazetteer:{seed}:{n}")
    document = json.loads(path.read_text(encoding="utf-8"))
    moved = 0
    for feature in document["features"]:
        props = feature["properties"]
        if props.get("category") == "event":
            continue
        name, code, lat, lon = rng.choice(cities)
        props.update(kind="city", old_name_native=name, country_now=countries[code].name)
        if rng.random() < 0.2:
            km, bearing = rng.uniform(30, 300), rng.uniform(0, 2 * math.pi)
            lat += km / 111.2 * math.cos(bearing)
            lon += km / (111.2 * max(0.1, math.cos(math.radians(lat)))) * math.sin(bearing)
            moved += 1
        feature["geometry"]["coordinates"] = [round(max(-180, min(180, lon)), 5), round(max(-89, min(89, lat)), 5)]
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path, moved


def median_run(cmd: list[str], runs: int, env: dict | None = None) -> tuple[float, str]:
    times, stderr = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        stderr = done.stderr
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")
    return statistics.median(times), stderr


def in_process(path: Path, runs: int) -> tuple[float, float]:
    """The check alone on a loaded dataset: first call in a fresh process, then the median warm call."""
    code = (
        "import sys, time, statistics\n"
        "from pathlib import Path\n"
        "from mapgen.options import CheckOptions\n"
        "from mapgen.pipeline import load_dataset\n"
        "from mapgen.checks.gazetteer import gazetteer_warnings\n"
        "d = load_dataset(Path(sys.argv[1]), CheckOptions(gazetteer_km=0))\n"
        "t = []\n"
        f"for _ in range({runs}):\n"
        "    s = time.perf_counter(); gazetteer_warnings(d, 25); t.append(time.perf_counter() - s)\n"
        "print(t[0], statistics.median(t[1:]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    first, warm = out.stdout.split()
    return float(first), float(warm)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated place counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="subprocess runs per command (median)")
    parser.add_argument("--index", action="store_true", help="also time building the index from scratch")
    args = parser.parse_args(argv)

    rows = []
    if args.index:
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "MAPGEN_CACHE_DIR": cache}
            seconds, _ = median_run([str(MAPGEN), "locate", "Volgograd"], 1, env)
            size = sum(p.stat().st_size for p in Path(cache).iterdir())
        print(f"index built from scratch: {seconds:.1f} s (the whole `mapgen locate` run), {size / 2**20:.0f} MiB\n")
    shipped = ROOT / "data" / "places.geojson"
    on, _ = median_run([str(MAPGEN), "validate", str(shipped)], max(5, args.runs))
    off, _ = median_run([str(MAPGEN), "validate", str(shipped), "--gazetteer-km", "0"], max(5, args.runs))
    rows.append(f"| shipped data | `validate` | {off:.2f} s | {on:.2f} s | {on - off:+.2f} s | |")
    for n in (int(s) for s in args.sizes.split(",")):
        folder = WORK / f"gazetteer-{n}"
        path, moved = checkable_dataset(folder, n, args.seed)
        for command in ("validate", "build"):
            cmd = [str(MAPGEN), command, str(path)]
            if command == "build":
                cmd += ["-o", str(folder / "map.html"), "--tiles", "none"]
            off, _ = median_run(cmd + ["--gazetteer-km", "0"], args.runs)
            on, stderr = median_run(cmd, args.runs)
            warned = sum("warning: geometry.coordinates" in line for line in stderr.splitlines())
            rows.append(
                f"| {n:,} places | `{command}` | {off:.2f} s | {on:.2f} s | {on - off:+.2f} s | {warned:,} "
                f"(of {moved:,} moved) |"
            )
        first, warm = in_process(path, 5)
        rows.append(f"| {n:,} places | the check alone | | first {first:.2f} s | then {warm:.2f} s | |")
    print("| data | command | `--gazetteer-km 0` | default (25 km) | cost | warnings |")
    print("|---|---|---:|---:|---:|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
