"""The whole pipeline, ``load -> validate -> render -> write``, as plain functions.

The CLI, ``mapgen watch`` and ``mapgen export`` all go through here, so they report the
same errors in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from mapgen.checks.gazetteer import gazetteer_warnings
from mapgen.checks.validate import validate
from mapgen.errors import Issue, MapgenError
from mapgen.formats.load import read_json, read_sources, sources_folder
from mapgen.model import Dataset
from mapgen.options import DEFAULT_CHECKS, CheckOptions, RenderOptions
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


def load_dataset(data_path: Path, checks: CheckOptions = DEFAULT_CHECKS) -> Dataset:
    """Read and validate ``data_path`` and the ``sources/`` folder beside it.

    Raises :class:`~mapgen.errors.DataError` listing every problem. The further ``checks``
    (coordinates against GeoNames) run on valid data and add warnings only.
    """
    document = read_json(data_path)
    raw_sources, source_issues = read_sources(sources_folder(data_path))
    dataset = validate(document, str(data_path), raw_sources, source_issues)
    far = gazetteer_warnings(dataset, checks.gazetteer_km)
    if not far:
        return dataset
    # Each feature's warnings together, in file order, as validation lists them.
    warnings = sorted(dataset.warnings + far, key=lambda i: -1 if i.feature is None else i.feature)
    return replace(dataset, warnings=tuple(warnings))


def check_options(dataset: Dataset, options: RenderOptions) -> None:
    """Options that only make sense against the data: ``--year`` must fall in its years."""
    if options.year is not None:
        first, last = years_of(dataset)
        if not first <= options.year <= last:
            raise MapgenError(
                f"--year {options.year}: the data's years run from {first} to {last}; choose a year in that range."
            )


def build(data_path: Path, output: Path, options: RenderOptions, checks: CheckOptions = DEFAULT_CHECKS) -> BuildResult:
    """Validate, render and atomically write the map; nothing is written on error."""
    from mapgen.outputs.write import write_atomic
    from mapgen.page.render import render_html  # folium is imported only when a map is made

    dataset = load_dataset(data_path, checks)
    check_options(dataset, options)
    size = write_atomic(output, render_html(dataset, options))
    return BuildResult(output, len(dataset.renamings), len(dataset.events), size, dataset.warnings)
