"""mapgen GeoJSON, the format the validator checks: read as it is, written from a :class:`Dataset`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mapgen.formats.document import Document, citation_document, tour_document
from mapgen.formats.load import read_json
from mapgen.model import Category, Dataset, NameChange, Place


def read(path: Path, parsed: Any | None = None) -> Document:
    """The file as the validator's document; its feature numbers are the user's own."""
    return Document(read_json(path) if parsed is None else parsed)


def _step(step: NameChange) -> dict[str, Any]:
    out: dict[str, Any] = {"name": step.name}
    for key, value in (("native", step.native), ("from", step.year), ("date", step.date), ("source", step.source)):
        if value is not None:
            out[key] = value
    return out


def place_properties(place: Place) -> dict[str, Any]:
    """A place's flat properties, in the order of the schema, leaving out what it does not have."""
    props: dict[str, Any] = {
        "id": place.id,
        "category": place.category.value if place.category is Category.EVENT else None,
        "old_name": place.old_name,
        "new_name": place.new_name,
        "old_name_native": place.old_name_native,
        "new_name_native": place.new_name_native,
        "title": place.title,
        "place": place.place,
        "year": place.year,
        "date": place.date,
        "kind": place.kind,
        "country_then": place.country_then,
        "country_now": place.country_now,
        "named_after": place.named_after,
        "coordinates_source": place.coordinates_source,
        "note": place.note,
        "gazetteer_note": place.gazetteer_note,
        "links": list(place.links) or None,
        "history": [_step(h) for h in place.history] or None,
        "disagreements": [
            {
                "about": d.about,
                **({"note": d.note} if d.note is not None else {}),
                "claims": [{"value": c.value, "source": c.source} for c in d.claims],
            }
            for d in place.disagreements
        ]
        or None,
        "citations": [citation_document(c) for c in place.citations],
    }
    return {k: v for k, v in props.items() if v is not None}


def to_document(dataset: Dataset) -> dict[str, Any]:
    """The dataset as a mapgen GeoJSON FeatureCollection (what :func:`read` would give back)."""
    head: dict[str, Any] = {"type": "FeatureCollection"}
    if dataset.title:
        head["title"] = dataset.title
    if dataset.caption:
        head["caption"] = dataset.caption
    if dataset.tour:
        head["tour"] = tour_document(dataset.tour)
    if dataset.opening_year is not None:
        head["opening_year"] = dataset.opening_year
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": place_properties(place),
        }
        for place in dataset.places
    ]
    return {**head, "features": features}


def write(dataset: Dataset) -> str:
    """The dataset as mapgen GeoJSON text (UTF-8, two-space indent, one trailing newline)."""
    return json.dumps(to_document(dataset), ensure_ascii=False, indent=2) + "\n"
