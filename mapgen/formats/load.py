"""Step 1 of the pipeline: read the data file and its sources from disk.

Nothing here judges the content beyond "is this JSON?": that is :mod:`mapgen.checks.validate`'s job.
Reading problems come back as :class:`~mapgen.errors.Issue` objects with a line and column.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from mapgen.errors import DataError, Issue, MapgenError

#: Larger files are refused before they are read (100,000 places take about 60 MB).
MAX_BYTES = 256 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"

#: Python's JSON error messages, reworded with their likely cause for people who edit JSON by hand.
JSON_ERRORS = {
    "Expecting property name enclosed in double quotes": (
        "expected a key in double quotes; look for a comma before a closing } or a key in single quotes"
    ),
    "Expecting value": "expected a value; look for a comma before a closing ] or text without double quotes",
    "Expecting ',' delimiter": "expected a comma; look for a missing comma between two items",
    "Expecting ':' delimiter": 'expected a colon after the key, as in "year": 1961',
    "Extra data": "more text after the end of the document; the file should hold one JSON value",
    "Unterminated string starting at": "text starting here has no closing double quote",
    "Invalid control character at": "a line break or tab inside text; write it as \\n or \\t",
    "Invalid \\escape": "unknown backslash escape; write a backslash inside text as \\\\",
}


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


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    col = offset - (data.rfind(newline, 0, offset) + 1) + 1
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
    return parse_json(read_data_bytes(path), shown)


def read_data_bytes(path: Path | str) -> bytes:
    """A data file's bytes, refusing one over :data:`MAX_BYTES` before reading it (every format)."""
    shown = str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise DataError.from_issues(
                shown,
                [
                    Issue(
                        shown,
                        f"file is {size:,} bytes; mapgen reads data files of at most {MAX_BYTES:,} bytes "
                        f"({MAX_BYTES // 2**20} MiB)",
                    )
                ],
            )
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        raise MapgenError(f"{shown}: cannot be read: {exc.strerror}.") from exc


class _DuplicateKey(Exception):
    def __init__(self, key: str, first: Any, second: Any):
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys without a word; a file that says
    # "year" twice is ambiguous, so it is refused rather than silently half-read.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise _DuplicateKey(key, seen[key], value)
            seen[key] = value
    return obj


def _number(token: str) -> float | NonFinite:
    # "1e999" parses as infinity; keep the token so validation can quote it back.
    value = float(token)
    return value if math.isfinite(value) else NonFinite(token)


#: A \uXXXX escape of a UTF-16 surrogate, with the backslashes before it (to tell a real
#: escape from an escaped backslash followed by "u").
_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")


def _lone_surrogate(text: str) -> int | None:
    """The offset of the first ``\\uD800``-``\\uDFFF`` escape that is not half of a pair.

    Python decodes such an escape into a string that cannot be written as UTF-8, so the
    map could never be saved; JSON allows it only as half of a pair.
    """
    paired_low = -1
    for match in _SURROGATE_ESCAPE.finditer(text):
        if len(match.group(1)) % 2 == 0:
            continue  # an escaped backslash, then a plain "u"
        start = match.start(2) - 2
        code = int(match.group(2), 16)
        if start == paired_low:
            continue
        if code < 0xDC00:
            following = text[match.end() : match.end() + 6]
            if re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", following):
                paired_low = match.end()
                continue
        return start
    return None


def show(value: Any, limit: int = 60) -> str:
    """A short, JSON-like rendering of what the user wrote, for "got ..." in messages."""
    if isinstance(value, NonFinite):
        return value.token
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + '..."'


def _not_utf8(data: bytes, exc: UnicodeDecodeError, what: str) -> str:
    line, col = _line_col(data, exc.start)
    return f"line {line}, column {col}: byte 0x{data[exc.start]:02x} is not UTF-8; save {what} as UTF-8"


#: The compiled reader and writer (msgspec) that vouch for most documents; made once.
_DECODER = msgspec.json.Decoder()
_ENCODER = msgspec.json.Encoder()


def _parse_fast(data: bytes) -> Any | None:
    """The document, when the compiled reader (msgspec) can vouch for it; else None.

    msgspec refuses, like the strict path, NaN/Infinity, numbers that overflow a float,
    whole numbers of more than 4300 digits, nesting deeper than Python's recursion limit,
    lone UTF-16 surrogates, bad UTF-8 and control characters, and reads every number as
    Python's ``json`` does (measured: the same float for each of 600,000 numbers, whole
    numbers of any length as ``int``). What it does not check is a key given twice (it
    keeps the last): a duplicate key drops a key (and its value) from the result, so the
    result written back holds fewer colons than the file, since every key is followed by
    one and text keeps its own (an escaped colon, ``\\u003a``, would upset the count, so such
    files take the strict path). Anything doubtful returns None: the strict path then reads
    the file and words the problem (a file holding only ``null`` takes it too, which is
    harmless). On 100,000 places (65 MB) this takes 0.5 s of CPU, orjson's equivalent 0.6 s.
    """
    if b"\\u003" in data:
        return None
    try:
        document = _DECODER.decode(data)
    except (msgspec.DecodeError, RecursionError):
        return None
    if data.count(b":") != _ENCODER.encode(document).count(b":"):
        return None
    return document


def parse_json(data: bytes, shown: str) -> Any:
    """Parse bytes as strict JSON; see :func:`read_json`."""

    def fail(message: str) -> DataError:
        return DataError.from_issues(shown, [Issue(shown, message)])

    if not data.strip():
        raise fail("file is empty; expected a GeoJSON FeatureCollection")
    if data.startswith(UTF8_BOM):
        raise fail("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    document = _parse_fast(data)
    if document is not None:
        return document
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(_not_utf8(data, exc, "the file")) from None
    try:
        document = json.loads(text, parse_constant=NonFinite, parse_float=_number, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        reason = JSON_ERRORS.get(exc.msg, exc.msg)
        raise fail(f"line {exc.lineno}, column {exc.colno}: invalid JSON: {reason}") from None
    except RecursionError:
        raise fail("invalid JSON: nested too deeply") from None
    except _DuplicateKey as exc:
        first, second = show(exc.first, limit=40), show(exc.second, limit=40)
        raise fail(f'the key "{exc.key}" appears twice in one object ({first}, then {second}); keep only one') from None
    except ValueError:
        # Python refuses to read whole numbers of more than 4300 digits (int_max_str_digits).
        raise fail("invalid JSON: a number has more than 4300 digits") from None
    offset = _lone_surrogate(text)
    if offset is not None:
        line, col = _line_col(text, offset)
        raise fail(
            f"line {line}, column {col}: {text[offset : offset + 6]} is half of a UTF-16 surrogate pair, "
            "not a character; remove it or write the whole character"
        )
    return document


def read_sources(folder: Path) -> tuple[dict[str, RawSource], list[Issue]]:
    """Read every ``<id>.json`` (metadata) and ``<id>.txt`` (verbatim text) in ``folder``.

    Returns the raw sources by file stem, and issues for files that cannot be read.
    A missing folder is not an error here: validation reports the citations it breaks.
    """
    sources: dict[str, RawSource] = {}
    issues: list[Issue] = []
    if not folder.is_dir():
        return sources, issues
    unreadable: set[str] = set()
    # One listing of the folder, and paths as text: thousands of sources cost no exists(),
    # is_dir() or pathlib object each.
    with os.scandir(folder) as listing:
        entries = {entry.name: entry.is_dir() for entry in listing}
    base = os.path.join(folder, "")
    for name in sorted(n for n in entries if n.endswith(".json")):
        stem = name[: -len(".json")]
        meta_path, text_name = base + name, stem + ".txt"
        try:
            # A folder named like a source is worded by read_json; a file needs only its bytes.
            meta = read_json(Path(meta_path)) if entries[name] else parse_json(read_data_bytes(meta_path), meta_path)
        except DataError as exc:
            issues.extend(exc.issues)
            unreadable.add(stem)
            continue
        except MapgenError as exc:  # a folder named like a source, or an unreadable file
            issues.append(Issue(meta_path, str(exc).removeprefix(f"{meta_path}: ")))
            unreadable.add(stem)
            continue
        text = None
        if text_name in entries:
            text_path = base + text_name
            try:
                with open(text_path, "rb") as file:
                    data = file.read()
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                issues.append(Issue(text_path, _not_utf8(data, exc, "the source text")))
            except OSError as exc:
                issues.append(Issue(text_path, f"cannot be read: {exc.strerror}"))
            else:
                # The same universal newlines as read_text: quotes are compared modulo whitespace anyway.
                text = text.replace("\r\n", "\n").replace("\r", "\n")
        sources[stem] = RawSource(meta_path, meta, text)
    for name in sorted(n for n in entries if n.endswith(".txt")):
        stem = name[: -len(".txt")]
        if stem not in sources and stem not in unreadable:
            issues.append(Issue(base + name, f"source text has no metadata; add {stem}.json with its title"))
    return sources, issues


def sources_folder(data_path: Path) -> Path:
    """Sources live beside the data file, in ``sources/``."""
    return data_path.parent / "sources"
