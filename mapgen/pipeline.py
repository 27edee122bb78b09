"""The whole pipeline, ``load -> validate -> render -> write``, as plain functions.

The CLI, ``mapgen watch`` and ``mapgen export`` all go through here, so they report the
same errors in the same words.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mapgen.checks.validate import validate
from mapgen.errors import Issue, MapgenError
from mapgen.formats.load import read_json, read_sources, sources_folder
from mapgen.model import Dataset
from mapgen.options import RenderOptions
from mapgen.page.payload import years_of

DEFAULT_DATA = Path("data/places.geojson")
DEFAULT_OUTPUT = Path("output/map.html")


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: where, how many places and events, how many bytes, and any warnings."""

    output: Path
    places: int
    events: int
    bytes: int
    warnings: tuple[Issue, ...]


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one build.

    A parsed document of 10,000 places is millions of objects, and every collection the
    allocations of checking and rendering set off walks them all again: that took a third of
    the build. Nothing a build makes needs the cycle collector (reference counting frees it);
    the collector runs again as usual afterwards, also in a long ``mapgen watch`` session.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_dataset(data_path: Path) -> Dataset:
    """Read and validate ``data_path`` and the ``sources/`` folder beside it.

    Raises :class:`~mapgen.errors.DataError` listing every problem.
    """
    with no_cycle_collection():
        document = read_json(data_path)
        raw_sources, source_issues = read_sources(sources_folder(data_path))
        return validate(document, str(data_path), raw_sources, source_issues)


def check_options(dataset: Dataset, options: RenderOptions) -> None:
    """Options that only make sense against the data: ``--year`` must fall in its years."""
    if options.year is not None:
        first, last = years_of(dataset)
        if not first <= options.year <= last:
            raise MapgenError(
                f"--year {options.year}: the data's years run from {first} to {last}; choose a year in that range."
            )


def build(data_path: Path, output: Path, options: RenderOptions) -> BuildResult:
    """Validate, render and atomically write the map; nothing is written on error."""
    from mapgen.outputs.write import write_atomic
    from mapgen.page.render import render_html  # folium is imported only when a map is made

    with no_cycle_collection():
        dataset = load_dataset(data_path)
        check_options(dataset, options)
        size = write_atomic(output, render_html(dataset, options))
    return BuildResult(output, len(dataset.renamings), len(dataset.events), size, dataset.warnings)
