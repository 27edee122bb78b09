"""mapgen: turn a dataset of renamed places into one standalone HTML map that quotes its evidence.

From Python (a notebook, a script)::

    import mapgen

    dataset = mapgen.load("data/places.geojson")       # or .csv, or Linked Places
    m = mapgen.build_map(dataset, tiles="none", year=1961)
    m                                                  # Jupyter shows the map
    m.save("map.html")

Heavy libraries (folium, geopandas) load only when a map is made, so ``import mapgen`` and
``mapgen --help`` stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium

    from mapgen.model import Dataset

__version__ = "0.1.0"
__all__ = ["load", "build_map", "__version__"]


def load(path: str | Path) -> Dataset:
    """Read and validate a data file (mapgen GeoJSON, CSV or Linked Places) and its ``sources/``.

    Returns the :class:`~mapgen.model.Dataset`. Its warnings (a place far from GeoNames, an
    unknown column) are on ``dataset.warnings`` and are also issued as
    :class:`~mapgen.errors.DataWarning`, so a notebook shows them under the cell.

    Raises
    ------
    DataError
        When the data is invalid: ``str(error)`` is the summary and every problem, one a line;
        ``error.issues`` the same as a list of :class:`~mapgen.errors.Issue` (warnings included).

    Examples
    --------
    >>> load("data/places.geojson").renamings[0].new_name  # doctest: +SKIP
    'Katowice'
    """
    import warnings

    from mapgen.errors import DataWarning
    from mapgen.pipeline import load_dataset

    dataset = load_dataset(Path(path))
    for issue in dataset.warnings:
        warnings.warn(str(issue), DataWarning, stacklevel=2)
    return dataset


def build_map(data: str | Path | Dataset, **options: Any) -> folium.Map:
    """The map as a :class:`folium.Map`, for a notebook to show or ``.save("map.html")``.

    Parameters
    ----------
    data
        A data file's path, or a dataset from :func:`load`.
    **options
        The build options: ``title``, ``caption``, ``tiles`` ("openstreetmap" or "none"),
        ``preset`` ("screen" or "slide") and ``year`` (as `mapgen build` takes them).

    Raises
    ------
    MapgenError
        For invalid data, an unknown option, or a ``year`` outside the data's years.
    """
    from mapgen.errors import MapgenError
    from mapgen.model import Dataset
    from mapgen.options import Preset, RenderOptions, Tiles
    from mapgen.page.render import render_map
    from mapgen.pipeline import check_options

    dataset = data if isinstance(data, Dataset) else load(data)
    known = {"title", "caption", "tiles", "preset", "year"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise MapgenError(
            f"build_map: unknown option {', '.join(unknown)}; the options are {', '.join(sorted(known))}."
        )
    try:
        if "tiles" in options:
            options["tiles"] = Tiles(options["tiles"])
        if "preset" in options:
            options["preset"] = Preset(options["preset"])
    except ValueError as exc:
        raise MapgenError(f"build_map: {exc}; tiles are openstreetmap or none, presets screen or slide.") from None
    render_options = RenderOptions(**options)
    check_options(dataset, render_options)
    return render_map(dataset, render_options)
