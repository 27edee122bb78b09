"""The whole pipeline, ``load -> validate -> render -> write``, as plain functions.

The CLI, ``mapgen watch`` and ``mapgen export`` all go through here, so they report the
same errors in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from mapgen.checks.validate import validate
from mapgen.errors import DataError, Issue, MapgenError
from mapgen.formats import read_document
from mapgen.formats.load import read_sources, sources_folder
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


def load_dataset(data_path: Path) -> Dataset:
    """Read and validate ``data_path`` (mapgen GeoJSON, CSV or Linked Places) and the
    ``sources/`` folder beside it.

    Raises :class:`~mapgen.errors.DataError` listing every problem, each located in the
    user's own file (``places.csv: row 7, column year: ...``).
    """
    document = read_document(data_path)
    raw_sources, source_issues = read_sources(sources_folder(data_path))
    # Sources a file describes itself (LPF citations) give way to stored files of the same id.
    raw_sources = {**document.sources, **raw_sources}
    shown = str(data_path)
    try:
        dataset = validate(document.data, shown, raw_sources, source_issues)
    except DataError as error:
        raise DataError.from_issues(shown, document.locate_all(error.issues)) from None
    issues = document.locate_all(dataset.warnings)
    if document.has_errors:
        raise DataError.from_issues(shown, issues)
    return replace(dataset, warnings=tuple(issues))


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

    dataset = load_dataset(data_path)
    check_options(dataset, options)
    size = write_atomic(output, render_html(dataset, options))
    return BuildResult(output, len(dataset.renamings), len(dataset.events), size, dataset.warnings)
