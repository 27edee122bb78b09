"""`mapgen watch`: rebuild the map whenever the data file or one of its sources changes.

Errors are printed in the same words as `mapgen validate`; the last good map stays in
place until the data is fixed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import MapgenError
from mapgen.formats.load import sources_folder
from mapgen.options import DEFAULT_CHECKS, CheckOptions, RenderOptions
from mapgen.pipeline import BuildResult, build


@dataclass(frozen=True)
class Rebuild:
    """One rebuild's outcome: a result, or the error that kept the old map."""

    seconds: float
    result: BuildResult | None = None
    error: MapgenError | None = None


def rebuild(data_path: Path, output: Path, options: RenderOptions, checks: CheckOptions = DEFAULT_CHECKS) -> Rebuild:
    """Build once and time it; mapgen's own errors become the outcome instead of raising."""
    start = time.perf_counter()
    try:
        result = build(data_path, output, options, checks)
    except MapgenError as error:
        return Rebuild(time.perf_counter() - start, error=error)
    return Rebuild(time.perf_counter() - start, result=result)


def watch(
    data_path: Path,
    output: Path,
    options: RenderOptions,
    on_rebuild: Callable[[Rebuild], None],
    stop: threading.Event | None = None,
    checks: CheckOptions = DEFAULT_CHECKS,
) -> None:
    """Build once, then again after every change to ``data_path`` or its ``sources/``."""
    from watchfiles import watch as watch_paths

    data = data_path.resolve()
    sources = sources_folder(data)
    if not data.parent.is_dir():
        raise MapgenError(f"{data_path}: the folder {data_path.parent} does not exist, so there is nothing to watch.")

    def relevant(_change, path: str) -> bool:
        changed = Path(path)
        return changed == data or (changed.parent == sources and changed.suffix in (".json", ".txt"))

    # The folder is watched, not the file: editors often save by replacing the file. The first
    # build waits for the watcher's first (empty) report, so an edit saved while it runs is seen.
    first = True
    for changes in watch_paths(
        data.parent, watch_filter=relevant, stop_event=stop, debounce=150, rust_timeout=100, yield_on_timeout=True
    ):
        if first or changes:
            first = False
            on_rebuild(rebuild(data_path, output, options, checks))
