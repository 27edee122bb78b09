"""`mapgen new DIR`: a dataset folder to start from.

Two starts, each in its folder of ``mapgen/new_dataset/``:

- GeoJSON (``geojson/``): one example place, Volgograd from the shipped dataset, with its
  quote and the one source it comes from (record and verbatim text), so the new folder
  validates and builds at once.
- A spreadsheet (``csv/``, ``mapgen new DIR --csv``): ``places.csv`` with one example row,
  marked as such in its ``note``, and an empty ``sources/``: no example source to delete, the
  first source is the user's own (``mapgen source add``). The example row cites nothing, so
  ``mapgen validate`` reports it until it is replaced.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mapgen.errors import MapgenError
from mapgen.formats import Format

#: The files `mapgen new` writes, relative to the new folder, for each kind of start.
FILES = {
    Format.GEOJSON: ("places.geojson", "README.md", "sources/de-stalinization.json", "sources/de-stalinization.txt"),
    Format.CSV: ("places.csv", "README.md"),
}


def create_dataset(folder: Path, fmt: Format = Format.GEOJSON) -> list[Path]:
    """Write a new dataset folder (see :data:`FILES`) and return the files written.

    Raises
    ------
    MapgenError
        When ``folder`` is a file, or a folder that is not empty (nothing is overwritten).
    """
    if folder.exists() and not folder.is_dir():
        raise MapgenError(f"{folder}: is a file; pass a new folder's name.")
    if folder.is_dir() and any(folder.iterdir()):
        raise MapgenError(f"{folder}: the folder is not empty; pass a new or empty folder so nothing is overwritten.")
    template = resources.files("mapgen").joinpath("new_dataset", fmt.value)
    written = []
    for name in FILES[fmt]:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(template.joinpath(name).read_bytes())
        written.append(target)
    (folder / "sources").mkdir(exist_ok=True)
    return written
