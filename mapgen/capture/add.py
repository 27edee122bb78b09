"""`mapgen source add`: read a work, store its text and record, and find what to quote.

Everything that can fail is checked before anything is written, and the two files are
written together (both or neither), so a failed capture leaves ``sources/`` as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mapgen.capture.extract import extract
from mapgen.capture.fetch import Page, read_page
from mapgen.capture.passages import PlacePassages, find_passages, lookalikes, place_names
from mapgen.capture.record import default_id, source_record
from mapgen.checks.schema import field_path, schema_errors
from mapgen.errors import MapgenError
from mapgen.formats import read_document, sources_folder
from mapgen.outputs.write import write_all_atomic

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class CaptureOptions:
    """How to store a captured source.

    Parameters
    ----------
    source_id
        The id to store it under; ``None`` makes one from the work's title.
    force
        Replace a source of the same id instead of refusing.
    """

    source_id: str | None = None
    force: bool = False


@dataclass(frozen=True)
class Captured:
    """What a capture wrote and found: the two files, the record, the text's look-alike
    characters, the passages that name the dataset's places, and how many places it has."""

    text_path: Path
    meta_path: Path
    record: dict
    characters: int
    lookalikes: tuple[tuple[str, int], ...]
    passages: tuple[PlacePassages, ...]
    places: int
    named: frozenset[str]
    unnamed: tuple[str, ...]
    #: What the id was made from ("the title", "the file name"), or None when it was given (--id).
    id_made_from: str | None = None


def add_source(
    where: str, data: Path, options: CaptureOptions = CaptureOptions(), today: date | None = None
) -> Captured:
    """Capture the work at ``where`` (a saved page, PDF or text file, or an address) as a source
    of the dataset ``data``: ``sources/<id>.txt`` and ``sources/<id>.json`` beside it.

    Raises
    ------
    MapgenError
        When the data file is missing or unreadable, the id is not a slug or already taken
        (without ``force``), the work cannot be read or gives no text; nothing is written then.
    """
    if not data.exists():
        raise MapgenError(
            f"{data}: file not found; pass the dataset the source is for with --data "
            "(default: data/places.geojson), or start one with mapgen new DIR."
        )
    places = place_names(read_document(data))
    folder = sources_folder(data)
    if options.source_id is not None:
        _check_id(options.source_id, "--id")
        _check_free(folder, options.source_id, options.force)
    page = read_page(where)
    extracted = extract(page)
    made_from = None
    if options.source_id is None:
        source_id, made_from = default_id(extracted, page)
        _made_id(source_id, page)
    else:
        source_id = options.source_id
    if options.source_id is None:
        _check_free(folder, source_id, options.force)
    record = source_record(source_id, extracted, page, today or date.today())
    _check_record(record)
    text = extracted.text if extracted.text.endswith("\n") else extracted.text + "\n"
    text_path, meta_path = folder / f"{source_id}.txt", folder / f"{source_id}.json"
    write_all_atomic({text_path: text, meta_path: json.dumps(record, ensure_ascii=False, indent=2) + "\n"})
    passages = find_passages(extracted.text, places)
    named = frozenset(p.place.id for p in passages)
    return Captured(
        text_path=text_path,
        meta_path=meta_path,
        record=record,
        characters=len(extracted.text),
        lookalikes=tuple(lookalikes(extracted.text)),
        passages=tuple(passages),
        places=len(places),
        named=named,
        unnamed=tuple(p.id for p in places if p.id not in named),
        id_made_from=made_from,
    )


def _check_id(source_id: str, given_as: str) -> None:
    if not _SLUG.match(source_id):
        raise MapgenError(
            f'{given_as} "{source_id}": a source id is lowercase letters and digits in words joined by single '
            'hyphens, such as "gazette-1961"; choose another id.'
        )


def _made_id(source_id: str, page: Page) -> None:
    if not source_id:
        raise MapgenError(f"{page.shown}: no id can be made from the work's title or name; pass one with --id.")


def _check_free(folder: Path, source_id: str, force: bool) -> None:
    taken = [p for p in (folder / f"{source_id}.json", folder / f"{source_id}.txt") if p.exists()]
    if taken and not force:
        raise MapgenError(
            f'{taken[0]}: source "{source_id}" already exists; choose another --id, or pass --force to replace it.'
        )


def _check_record(record: dict) -> None:
    """A record mapgen made must pass the source schema; a failure here is mapgen's own bug."""
    for error in schema_errors(record, "source.schema.json"):
        raise MapgenError(
            f"the source record made for this work is invalid at {field_path(list(error.path))}: {error.message}"
        )
