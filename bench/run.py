"""mapgen's benchmark: build time, HTML size and browser start-up against two folium baselines.

Not a test: it measures and reports. Run from the repository root::

    .venv/bin/python bench/run.py                      # everything, about 10-15 minutes
    .venv/bin/python bench/run.py --sizes 100,1000     # a quick look
    .venv/bin/python bench/run.py --setup              # once: matplotlib + mapclassify for explore()

For each case and size it writes a seeded dataset (``bench/synthetic.py``) to
``bench/work/data-CASE-N/``: ``unique`` (the main case: generated places whose texts all
differ), ``heavy`` (the same, each place also quoting about 500 characters of its own) and
``copies`` (N copies of the shipped places at random points, each with its real history,
native names and full quotes, which repeat). On that same data it measures:

* ``mapgen build DATA -o OUT --tiles none`` run as a subprocess (median of several runs),
* ``bench/baseline_folium.py``: one ``folium.Marker`` + ``folium.Popup`` per place,
* ``bench/baseline_explore.py``: ``GeoDataFrame.explore()`` with a popup column,

then the size of each page and its time to "ready" in headless Chromium with the network
blocked. Results go to ``bench/work/results.json`` and ``bench/work/results.md``; with
``--profile`` also ``bench/work/profile-CASE-N.txt`` (cProfile of ``mapgen build``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
MAPGEN = VENV_BIN / "mapgen"
EXPLORE_VENV = WORK / "venv-explore"
EXPLORE_PYTHON = EXPLORE_VENV / "bin" / "python"
CHROMIUM = "/usr/bin/chromium"
LEAFLET_DIST = ROOT / "mapgen" / "vendor" / "node_modules" / "leaflet" / "dist"
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")  # Debian's libjs-jquery

sys.path.insert(0, str(BENCH))
from synthetic import write_copies, write_dataset  # noqa: E402

DEFAULT_SIZES = (100, 1_000, 10_000, 100_000)

#: The environment of every measured command: as a user's, Python keeps its compiled
#: bytecode (a session that sets PYTHONDONTWRITEBYTECODE would recompile mapgen's modules
#: on every start, about 0.04-0.1 s).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

#: The datasets, by name: places whose texts all differ (the main case), the same with about
#: 500 characters of quotes of their own each, and copies of the shipped places.
CASES = ("unique", "heavy", "copies")


def write_case(case: str, folder: Path, size: int, seed: int, places_per_source: int) -> Path:
    """The seeded dataset of ``case`` with ``size`` places, written to ``folder``."""
    if case == "copies":
        return write_copies(folder, size, seed)
    return write_dataset(folder, size, seed, places_per_source, heavy=case == "heavy")


#: Runs per size: (mapgen build, baseline build, browser). Fewer for large sizes.
RUNS = {100: (5, 3, 3), 1_000: (5, 3, 3), 10_000: (3, 1, 3), 100_000: (1, 1, 2)}


def runs_for(size: int) -> tuple[int, int, int]:
    return RUNS.get(size, RUNS[min(RUNS, key=lambda k: abs(k - size))])


# --------------------------------------------------------------------------- machine


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()

    def version(python: Path, module: str) -> str:
        if not python.exists():
            return "not installed"
        code = f"import importlib.metadata as m; print(m.version({module!r}))"
        done = subprocess.run([python, "-c", code], capture_output=True, text=True)
        return done.stdout.strip() or "not installed"

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": chromium,
        "load_average_at_start": os.getloadavg(),
        "folium": version(PYTHON, "folium"),
        "msgspec": version(PYTHON, "msgspec"),
        "orjson": version(PYTHON, "orjson"),
        "geopandas": version(PYTHON, "geopandas"),
        "playwright": version(PYTHON, "playwright"),
        "matplotlib (explore venv)": version(EXPLORE_PYTHON, "matplotlib"),
        "mapclassify (explore venv)": version(EXPLORE_PYTHON, "mapclassify"),
    }


def setup_explore() -> None:
    """A side venv for explore(): it sees mapgen's venv through a .pth file and adds only
    matplotlib and mapclassify (explore() imports both; mapgen needs neither)."""
    if not EXPLORE_PYTHON.exists():
        base = Path(sys.base_prefix) / "bin" / "python3"
        subprocess.run([base, "-m", "venv", EXPLORE_VENV], check=True)
    site = next((EXPLORE_VENV / "lib").glob("python3*/site-packages"))
    main_site = next((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
    (site / "mapgen-venv.pth").write_text(f"{main_site}\n")
    subprocess.run([EXPLORE_PYTHON, "-m", "pip", "install", "-q", "matplotlib", "mapclassify"], check=True)


# --------------------------------------------------------------------------- timing helpers


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list, timeout: float | None = None, env: dict | None = None) -> tuple[float | None, float, str]:
    """Wall time and CPU time (user + system) of one subprocess run, or (None, 0, reason) on
    failure or timeout. On a busy machine wall time includes waiting for a core; CPU time
    does not, so the two together tell how much of a figure is the machine's load."""
    start, cpu = time.perf_counter(), _children_cpu()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env or ENV)
    except subprocess.TimeoutExpired:
        return None, 0.0, f"timed out after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
        return None, 0.0, f"exit {done.returncode}: {tail[0][:200]}"
    return elapsed, _children_cpu() - cpu, ""


def median_time(cmd: list, runs: int, timeout: float | None = None) -> dict:
    times, cpus = [], []
    for _ in range(runs):
        elapsed, cpu, error = timed(cmd, timeout)
        if elapsed is None:
            return {"error": error, "runs": len(times)}
        times.append(elapsed)
        cpus.append(cpu)
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "cpu_median_s": statistics.median(cpus),
        "runs": len(times),
    }


# --------------------------------------------------------------------------- startup (item 6)

HEAVY = ("folium", "branca", "geopandas", "pandas", "numpy", "shapely", "pyproj", "jsonschema", "jinja2", "requests")


def imported_modules(args: list[str]) -> dict:
    """Which heavy top-level packages ``python -X importtime -m mapgen ARGS`` imports, and
    their cumulative import time in ms."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "mapgen", *args], capture_output=True, text=True, cwd=ROOT, env=ENV
    )
    found: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            module = match.group(3)
            if module in HEAVY:
                found[module] = max(found.get(module, 0.0), int(match.group(1)) / 1000)
    return {"exit": done.returncode, "imports_ms": found}


#: A rebuild as ``mapgen watch`` makes it: in a warm process (everything imported, the map
#: built once), the median of several rebuilds of the same data, in wall and CPU seconds.
WATCH_REBUILD = """
import statistics, sys, time
from pathlib import Path
from mapgen.options import RenderOptions, Tiles
from mapgen.watch import rebuild
data, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
options = RenderOptions(tiles=Tiles.NONE)
rebuild(data, out, options)
walls, cpus = [], []
for _ in range(runs):
    start, cpu = time.perf_counter(), time.process_time()
    done = rebuild(data, out, options)
    assert done.error is None, done.error
    walls.append(time.perf_counter() - start)
    cpus.append(time.process_time() - cpu)
print(statistics.median(walls), statistics.median(cpus), min(walls), max(walls))
"""


def watch_rebuild(runs: int) -> dict:
    out = WORK / "watch-map.html"
    done = subprocess.run(
        [PYTHON, "-c", WATCH_REBUILD, "data/places.geojson", out, str(runs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        check=True,
    )
    wall, cpu, low, high = map(float, done.stdout.split())
    return {"median_s": wall, "cpu_median_s": cpu, "min_s": low, "max_s": high, "runs": runs}


def startup(runs: int) -> dict:
    commands = {
        "mapgen --help": [str(MAPGEN), "--help"],
        "mapgen validate data/places.geojson": [str(MAPGEN), "validate", "data/places.geojson"],
        "mapgen validate tests/data/valid/places.geojson": [str(MAPGEN), "validate", "tests/data/valid/places.geojson"],
    }
    out = {}
    for label, cmd in commands.items():
        subprocess.run(cmd, capture_output=True, cwd=ROOT, env=ENV)  # once unmeasured: bytecode written
        times, cpus = [], []
        first_exit = None
        for _ in range(runs):
            start, cpu = time.perf_counter(), _children_cpu()
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=ENV)
            times.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
            first_exit = done.returncode if first_exit is None else first_exit
        out[label] = {
            "median_s": statistics.median(times),
            "cpu_median_s": statistics.median(cpus),
            "min_s": min(times),
            "max_s": max(times),
            "runs": runs,
            "exit": first_exit,
            "imports": imported_modules(cmd[1:]),
        }
    baseline, baseline_cpu = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([PYTHON, "-c", "pass"], check=True, env=ENV)
        baseline.append(time.perf_counter() - start)
        baseline_cpu.append(_children_cpu() - cpu)
    out["python -c pass (floor)"] = {
        "median_s": statistics.median(baseline),
        "cpu_median_s": statistics.median(baseline_cpu),
        "runs": runs,
    }
    out["watch: rebuild of data/places.geojson"] = watch_rebuild(runs)
    return out


# --------------------------------------------------------------------------- browser

#: mapgen: a MutationObserver notes the moment <html data-mapgen-ready="true"> appears.
INIT_MAPGEN = """
window.__bench = {};
addEventListener('load', () => { __bench.load = performance.now(); });
new MutationObserver((records, observer) => {
  const root = document.documentElement;
  if (root && root.getAttribute('data-mapgen-ready') === 'true') {
    __bench.ready = performance.now();
    observer.disconnect();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-mapgen-ready']});
"""

#: folium baselines: after `load`, count point layers (markers) on every folium map object.
INIT_BASELINE = """
window.__bench = {};
function __benchCount() {
  let n = 0;
  for (const key of Object.keys(window)) {
    if (!key.startsWith('map_') || !window.L) continue;
    const value = window[key];
    if (value instanceof L.Map) value.eachLayer(layer => { if (layer.getLatLng) n += 1; });
  }
  return n;
}
addEventListener('load', () => {
  __bench.load = performance.now();
  (function poll() {
    const n = __benchCount();
    __bench.count = n;
    if (n >= __EXPECTED__) __bench.ready = performance.now();
    else setTimeout(poll, 20);
  })();
});
"""


class Router:
    """Blocks the network: CDN files with a local copy are served from disk, the rest aborted."""

    def __init__(self):
        self.served: dict[str, str] = {}
        self.aborted: set[str] = set()

    def local_copy(self, url: str) -> Path | None:
        match = re.match(r"https://cdn\.jsdelivr\.net/npm/leaflet@[\d.]+/dist/(.+)$", url)
        if match and (LEAFLET_DIST / match.group(1)).is_file():
            return LEAFLET_DIST / match.group(1)
        if re.match(r"https://code\.jquery\.com/jquery-[\d.]+(\.min)?\.js$", url) and JQUERY.is_file():
            return JQUERY
        return None

    def __call__(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
            return
        path = self.local_copy(url)
        if path is not None:
            self.served[url] = str(path)
            route.fulfill(path=str(path))
        else:
            self.aborted.add(url)
            route.abort()


def browser_ready(browser, html: Path, kind: str, expected: int, timeout_s: float) -> dict:
    """Milliseconds from navigation start to "markers placed" for one page load."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    router = Router()
    page.route("**/*", router)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)[:200]))
    page.on("console", lambda msg: errors.append(msg.text[:200]) if msg.type == "error" else None)
    if kind == "mapgen":
        page.add_init_script(INIT_MAPGEN)
    else:
        page.add_init_script(INIT_BASELINE.replace("__EXPECTED__", str(expected)))
    result: dict = {}
    try:
        page.goto(html.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(
            "window.__bench && window.__bench.ready !== undefined", timeout=timeout_s * 1000, polling=50
        )
        bench = page.evaluate("window.__bench")
        result = {"ready_ms": bench["ready"], "load_ms": bench.get("load")}
        if kind == "mapgen":
            result["places_in_page"] = page.evaluate("mapgen.api ? mapgen.api.data.places.length : null")
        else:
            result["markers"] = bench.get("count")
        result["dom_marker_icons"] = page.evaluate("document.querySelectorAll('.leaflet-marker-icon').length")
        result["dom_svg_paths"] = page.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
    except Exception as exc:  # a timeout or a crashed page is a result to report, not a reason to stop
        # No page.evaluate() here: it would wait for the busy page and unbound the run time.
        state = {}
        result = {
            "error": f"not ready after {timeout_s:.0f} s"
            if "Timeout" in type(exc).__name__ or "Timeout" in str(exc)
            else str(exc)[:200],
            "state": state,
        }
    result["console_errors"] = errors[:5]
    result["console_error_count"] = len(errors)
    result["served_locally"] = sorted(router.served)
    result["aborted"] = sorted(router.aborted)
    context.close()
    return result


def median_browser(browser, html: Path, kind: str, expected: int, runs: int, timeout_s: float) -> dict:
    samples = []
    for _ in range(runs):
        sample = browser_ready(browser, html, kind, expected, timeout_s)
        samples.append(sample)
        if "error" in sample:
            return sample | {"runs": len(samples)}
    ready = [s["ready_ms"] for s in samples]
    last = samples[-1]
    return last | {
        "ready_ms": statistics.median(ready),
        "ready_min_ms": min(ready),
        "ready_max_ms": max(ready),
        "load_ms": statistics.median(s["load_ms"] for s in samples if s["load_ms"] is not None)
        if any(s["load_ms"] is not None for s in samples)
        else None,
        "runs": len(samples),
    }


# --------------------------------------------------------------------------- profile


def profile_build(data: Path, out_html: Path, case: str, size: int) -> Path:
    """cProfile one ``mapgen build`` and write the top functions by cumulative and own time."""
    import pstats

    stats_file = WORK / f"profile-{case}-{size}.prof"
    subprocess.run(
        [PYTHON, "-m", "cProfile", "-o", stats_file, "-m", "mapgen", "build", data, "-o", out_html, "--tiles", "none"],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=ENV,
    )
    report = WORK / f"profile-{case}-{size}.txt"
    with report.open("w") as stream:
        stats = pstats.Stats(str(stats_file), stream=stream).strip_dirs()
        stream.write(
            f"# cProfile of `mapgen build` on {size:,} places, case {case} (profiler overhead inflates times)\n\n"
        )
        stream.write("## by cumulative time\n")
        stats.sort_stats("cumulative").print_stats(35)
        stream.write("## by own time\n")
        stats.sort_stats("tottime").print_stats(25)
        stream.write("## mapgen's own functions, by cumulative time\n")
        stats.sort_stats("cumulative").print_stats(
            r"^(validate|render|payload|load|pipeline|write|assets|gazetteer|geonames|sources)\.py", 30
        )
    return report


# --------------------------------------------------------------------------- report


def fmt_s(entry: dict | None) -> str:
    if not entry:
        return "-"
    if "error" in entry:
        return entry["error"]
    cpu = f", CPU {entry['cpu_median_s']:.2f} s" if "cpu_median_s" in entry else ""
    if entry.get("runs", 1) > 1:
        return f"{entry['median_s']:.2f} s{cpu} (n={entry['runs']})"
    return f"{entry['median_s']:.2f} s{cpu}"


def fmt_ms(entry: dict | None) -> str:
    if not entry:
        return "-"
    if "error" in entry:
        late = (entry.get("state") or {}).get("ready")
        return entry["error"] + (f" (ready at {late / 1000:.0f} s)" if late else "")
    text = f"{entry['ready_ms'] / 1000:.2f} s"
    if entry.get("runs", 1) > 1:
        text += f" (n={entry['runs']})"
    return text


def fmt_size(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"


def _load(row: dict) -> str:
    before, after = row.get("load_average_before"), row.get("load_average_after")
    return f"{before[0]:.1f}-{after[0]:.1f}" if before and after else "-"


def markdown(results: dict) -> str:
    lines: list[str] = []
    for case, found in results["cases"].items():
        lines += [f"## Case {case}: build time (subprocess wall time and CPU time, median) and HTML size", ""]
        lines.append(
            "| places | GeoJSON | mapgen build | folium Marker+Popup | explore() | mapgen / folium | mapgen HTML | "
            "folium HTML | explore HTML | load avg |"
        )
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size, row in found["sizes"].items():
            m, f, e = row.get("mapgen"), row.get("folium"), row.get("explore")
            ratio = "-"
            if m and f and "median_s" in m and "median_s" in f:
                ratio = f"{m['median_s'] / f['median_s']:.2f}"
                if "cpu_median_s" in m and "cpu_median_s" in f:
                    ratio += f" (CPU {m['cpu_median_s'] / f['cpu_median_s']:.2f})"
            lines.append(
                f"| {int(size):,} | {fmt_size(row.get('data_bytes'))} | {fmt_s(m)} | {fmt_s(f)} | {fmt_s(e)} | {ratio} | "
                f"{fmt_size((m or {}).get('bytes'))} | {fmt_size((f or {}).get('bytes'))} | "
                f"{fmt_size((e or {}).get('bytes'))} | {_load(row)} |"
            )
        lines += ["", f"## Case {case}: time to ready in headless Chromium (navigation start, median)", ""]
        lines.append("| places | mapgen ready | mapgen `load` | folium ready | explore ready |")
        lines.append("|---:|---:|---:|---:|---:|")
        for size, row in found["sizes"].items():
            b = row.get("browser", {})
            mb = b.get("mapgen")
            load = f"{mb['load_ms'] / 1000:.2f} s" if mb and mb.get("load_ms") else "-"
            lines.append(
                f"| {int(size):,} | {fmt_ms(mb)} | {load} | {fmt_ms(b.get('folium'))} | {fmt_ms(b.get('explore'))} |"
            )
        lines.append("")
    if results.get("startup"):
        lines += ["", "## Start-up (cold process, median)", ""]
        lines.append("| command | median wall | median CPU | exit | heavy modules imported (cumulative ms) |")
        lines.append("|---|---:|---:|---:|---|")
        for label, entry in results["startup"].items():
            imports = entry.get("imports", {}).get("imports_ms")
            shown = (
                ", ".join(f"{k} {v:.0f}" for k, v in sorted(imports.items(), key=lambda kv: -kv[1]))
                if imports
                else "none"
            )
            if "imports" not in entry:
                shown = "-"
            cpu = f"{entry['cpu_median_s']:.3f} s" if "cpu_median_s" in entry else "-"
            lines.append(f"| `{label}` | {entry['median_s']:.3f} s | {cpu} | {entry.get('exit', '-')} | {shown} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated place counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--data",
        default=",".join(CASES),
        help="comma-separated cases: unique (generated places whose texts all differ), heavy (the same with "
        "about 500 characters of quotes each), copies (of the shipped places); default: all three",
    )
    parser.add_argument(
        "--places-per-source", type=int, default=20, help="for unique and heavy: places citing each source"
    )
    parser.add_argument("--no-baselines", action="store_true", help="measure mapgen only")
    parser.add_argument("--baseline-max", type=int, default=None, help="run the baselines only up to this many places")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurements")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurements")
    parser.add_argument(
        "--baseline-timeout", type=float, default=180, help="seconds before a baseline build is stopped"
    )
    parser.add_argument("--browser-timeout", type=float, default=90, help="seconds before a page is declared not ready")
    parser.add_argument("--profile", default="10000,100000", help="sizes to cProfile ('' for none)")
    parser.add_argument("--startup-runs", type=int, default=7)
    parser.add_argument("--setup", action="store_true", help="install matplotlib + mapclassify for explore() and exit")
    args = parser.parse_args(argv)

    if args.setup:
        setup_explore()
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    profile_sizes = {int(s) for s in args.profile.split(",") if s}
    cases = [c for c in args.data.split(",") if c]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"--data: unknown case {', '.join(unknown)}; choose from {', '.join(CASES)}")
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"machine": machine(), "args": vars(args), "cases": {}}
    print(json.dumps(results["machine"], indent=1), flush=True)

    if not args.no_startup:
        results["startup"] = startup(args.startup_runs)
        print(json.dumps(results["startup"], indent=1), flush=True)

    have_explore = EXPLORE_PYTHON.exists()
    browser = playwright = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

    try:
        for case, size in [(case, size) for case in cases for size in sizes]:
            build_runs, baseline_runs, browser_runs = runs_for(size)
            data_dir, out_dir = WORK / f"data-{case}-{size}", WORK / f"out-{case}-{size}"
            out_dir.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            data = write_case(case, data_dir, size, args.seed, args.places_per_source)
            row: dict = {
                "data_bytes": data.stat().st_size,
                "generate_s": time.perf_counter() - t0,
                # The machine is shared: how busy it was, beside every figure.
                "load_average_before": os.getloadavg(),
            }
            pages = {
                "mapgen": out_dir / "mapgen.html",
                "folium": out_dir / "folium.html",
                "explore": out_dir / "explore.html",
            }
            for page in pages.values():
                page.unlink(missing_ok=True)
            print(f"\n== {case}: {size:,} places ({row['data_bytes'] / 2**20:.1f} MiB GeoJSON)", flush=True)

            cmd = [str(MAPGEN), "build", str(data), "-o", str(pages["mapgen"]), "--tiles", "none"]
            row["mapgen"] = median_time(cmd, build_runs)
            print("mapgen build:", row["mapgen"], flush=True)
            if not args.no_baselines and (args.baseline_max is None or size <= args.baseline_max):
                row["folium"] = median_time(
                    [str(PYTHON), str(BENCH / "baseline_folium.py"), str(data), str(pages["folium"])],
                    baseline_runs,
                    args.baseline_timeout,
                )
                print("folium:", row["folium"], flush=True)
                if have_explore:
                    row["explore"] = median_time(
                        [str(EXPLORE_PYTHON), str(BENCH / "baseline_explore.py"), str(data), str(pages["explore"])],
                        baseline_runs,
                        args.baseline_timeout,
                    )
                else:
                    row["explore"] = {"error": "not set up (run bench/run.py --setup)"}
                print("explore:", row["explore"], flush=True)
            for name, page in pages.items():
                if name in row and page.exists():
                    row[name]["bytes"] = page.stat().st_size

            if browser is not None:
                row["browser"] = {}
                for name, page in pages.items():
                    if not page.exists() or "error" in row.get(name, {"error": 1}):
                        continue
                    runs = browser_runs if name == "mapgen" or size <= 1_000 else 1
                    row["browser"][name] = median_browser(browser, page, name, size, runs, args.browser_timeout)
                    print(
                        f"browser {name}:",
                        {k: v for k, v in row["browser"][name].items() if k not in ("aborted", "served_locally")},
                        flush=True,
                    )

            if size in profile_sizes and "median_s" in row["mapgen"]:
                row["profile"] = str(
                    profile_build(data, out_dir / "mapgen-profiled.html", case, size).relative_to(ROOT)
                )
            row["load_average_after"] = os.getloadavg()
            results["cases"].setdefault(case, {"sizes": {}})["sizes"][str(size)] = row
            # Keep partial results if a later size is stopped.
            (WORK / "results.json").write_text(json.dumps(results, indent=1, default=str))
    finally:
        if browser is not None:
            browser.close()
            playwright.stop()

    results["total_s"] = time.perf_counter() - started
    results["machine"]["load_average_at_end"] = os.getloadavg()
    (WORK / "results.json").write_text(json.dumps(results, indent=1, default=str))
    report = markdown(results)
    (WORK / "results.md").write_text(report)
    print("\n" + report)
    print(f"Total benchmark time: {results['total_s']:.0f} s. Results: bench/work/results.json, bench/work/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
