"""`mapgen new DIR`: a dataset folder to start from, with one honest example place.

The example is Volgograd from the shipped dataset, with its quotes and the two source files
(metadata and verbatim text) they come from, so the new folder validates and builds at once.
The files live in ``mapgen/new_dataset/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mapgen.errors import MapgenError

#: The files `mapgen new` writes, relative to the new folder.
FILES = (
    "places.geojson",
    "README.md",
    "sources/de-stalinization.json",
    "sources/de-stalinization.txt",
    "sources/worddisk-volgograd.json",
    "sources/worddisk-volgograd.txt",
)


def create_dataset(folder: Path) -> list[Path]:
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
    template = resources.files("mapgen").joinpath("new_dataset")
    written = []
    for name in FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(template.joinpath(name).read_bytes())
        written.append(target)
    return written
