"""Step 1 of the pipeline: read the data file and its sources from disk.

Nothing here judges the content beyond "is this JSON?": that is :mod:`mapgen.validate`'s job.
Reading problems come back as :class:`~mapgen.errors.Issue` objects with a line and column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Issue, MapgenError

#: Larger files are refused before they are read (100,000 places take about 60 MB).
MAX_BYTES = 256 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class NonFinite:
    """Stands in for ``NaN``/``Infinity`` tokens, which JSON does not allow, so that
    validation can say exactly which field holds one."""

    token: str


@dataclass(frozen=True)
class RawSource:
    """A source as found on disk: its metadata file's content and its text, if any."""

    meta_path: str
    meta: Any
    text: str | None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def read_json(path: Path) -> Any:
    """Read a JSON file strictly (UTF-8, no byte-order mark, no NaN).

    Raises
    ------
    MapgenError
        When the file is missing or unreadable.
    DataError
        When it is empty, too large, not UTF-8, or not valid JSON (with line and column).

    Examples
    --------
    >>> read_json(Path("data/places.geojson"))["type"]  # doctest: +SKIP
    'FeatureCollection'
    """
    shown = str(path)
    if not path.exists():
        raise MapgenError(f"{shown}: file not found. Pass the data file as DATA (default: data/places.geojson).")
    if path.is_dir():
        raise MapgenError(f"{shown}: is a folder; pass the .geojson file inside it.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError.from_issues(
            shown,
            [
                Issue(
                    shown,
                    f"file is {size / 2**20:.0f} MiB; mapgen reads data files of at most {MAX_BYTES // 2**20} MiB",
                )
            ],
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MapgenError(f"{shown}: cannot be read: {exc.strerror}.") from exc
    return parse_json(data, shown)


def parse_json(data: bytes, shown: str) -> Any:
    """Parse bytes as strict JSON; see :func:`read_json`."""

    def fail(message: str) -> DataError:
        return DataError.from_issues(shown, [Issue(shown, message)])

    if not data.strip():
        raise fail("file is empty; expected a GeoJSON FeatureCollection")
    if data.startswith(UTF8_BOM):
        raise fail("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise fail(
            f"line {line}, column {col}: byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from None
    try:
        return json.loads(text, parse_constant=NonFinite)
    except json.JSONDecodeError as exc:
        raise fail(f"line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise fail("invalid JSON: nested too deeply") from None


def read_sources(folder: Path) -> tuple[dict[str, RawSource], list[Issue]]:
    """Read every ``<id>.json`` (metadata) and ``<id>.txt`` (verbatim text) in ``folder``.

    Returns the raw sources by file stem, and issues for files that cannot be read.
    A missing folder is not an error here: validation reports the citations it breaks.
    """
    sources: dict[str, RawSource] = {}
    issues: list[Issue] = []
    if not folder.is_dir():
        return sources, issues
    for meta_path in sorted(folder.glob("*.json")):
        text_path = meta_path.with_suffix(".txt")
        try:
            meta = read_json(meta_path)
        except DataError as exc:
            issues.extend(exc.issues)
            continue
        text = None
        if text_path.exists():
            try:
                text = text_path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                issues.append(Issue(str(text_path), "source text is not UTF-8; save it as UTF-8"))
        sources[meta_path.stem] = RawSource(str(meta_path), meta, text)
    for text_path in sorted(folder.glob("*.txt")):
        if text_path.stem not in sources:
            issues.append(
                Issue(
                    str(text_path),
                    f"source text has no metadata; add {text_path.with_suffix('.json').name} with its title",
                )
            )
    return sources, issues


def sources_folder(data_path: Path) -> Path:
    """Sources live beside the data file, in ``sources/``."""
    return data_path.parent / "sources"
