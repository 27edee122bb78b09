"""What to paste: the sentences of a captured text that name the dataset's places, and the
look-alike characters in it that a retyped quote would get wrong.

Passages are cut from the text as it is, so each one is a verbatim quote that
``mapgen validate`` will find in the source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from mapgen.checks.quotes import LOOK_ALIKE_MARKS
from mapgen.formats.document import Document

#: The name fields of a place, and of each step of its history.
_NAME_FIELDS = ("old_name", "new_name", "old_name_native", "new_name_native")
#: Words before a full stop that do not end a sentence ("St. Petersburg", "A. Sample").
_ABBREVIATIONS = frozenset("st mr mrs ms dr prof gen col lt capt sgt gov sen rep jr sr mt no vol pp cf vs ca c".split())
_END = re.compile(r"[.!?\u2026][\"'\u2019\u201d\u00bb)\]]*\s+")


@dataclass(frozen=True)
class PlaceNames:
    """A place of the dataset, where it is in the file ("row 2", "feature 0"), and its names."""

    id: str
    where: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class PlacePassages:
    """The sentences of the text that name one place."""

    place: PlaceNames
    sentences: tuple[str, ...]


def place_names(document: Document) -> list[PlaceNames]:
    """Every renamed place of ``document`` with all its names (native spellings and history too)."""
    features = document.data.get("features") if isinstance(document.data, dict) else None
    found = []
    for index, feature in enumerate(features if isinstance(features, list) else []):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not isinstance(props.get("id"), str):
            continue
        names = [props.get(name) for name in _NAME_FIELDS]
        history = props.get("history")
        for step in history if isinstance(history, list) else []:
            if isinstance(step, dict):
                names += [step.get("name"), step.get("native")]
        names = [n.strip() for n in names if isinstance(n, str) and len(n.strip()) > 1]
        if not names:
            continue
        where = document.locations[index].where if index < len(document.locations) else f"feature {index}"
        found.append(PlaceNames(props["id"], where, tuple(dict.fromkeys(names))))
    return found


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each exactly as it stands in it.

    Examples
    --------
    >>> sentences("In 1961 Stalino became Donetsk. St. Petersburg kept its name.\\nA new line")
    ['In 1961 Stalino became Donetsk.', 'St. Petersburg kept its name.', 'A new line']
    """
    found = []
    for line in text.splitlines():
        start = 0
        for end in _END.finditer(line):
            before = re.search(r"(\w+)\W*$", line[start : end.start() + 1])
            rest = line[end.end() :].lstrip("\"'\u201c\u2018\u00ab([")
            word = before[1] if before else ""
            if not rest[:1].isupper() or word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            found.append(line[start : end.end()].strip())
            start = end.end()
        if line[start:].strip():
            found.append(line[start:].strip())
    return found


def find_passages(text: str, places: list[PlaceNames]) -> list[PlacePassages]:
    """For each place, in the data's order, the sentences of ``text`` that name it."""
    all_sentences = sentences(text)
    found = []
    for place in places:
        names = sorted(place.names, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
        hits = tuple(dict.fromkeys(s for s in all_sentences if pattern.search(s)))
        if hits:
            found.append(PlacePassages(place, hits))
    return found


def lookalikes(text: str) -> list[tuple[str, int]]:
    """The look-alike characters in ``text`` with their counts, for each family that has one
    beyond plain ASCII (a text of straight apostrophes only is no trap).

    Examples
    --------
    >>> lookalikes("Stalin’s and Stalin's, Kam’yanske")
    [("'", 1), ('’', 2)]
    """
    counts = Counter(text)
    found: list[tuple[str, int]] = []
    # Letters that look alike (Latin a, Cyrillic а) are left out: most texts in Cyrillic have both.
    for family in LOOK_ALIKE_MARKS:
        present = [(c, counts[c]) for c in family if counts[c]]
        if any(ord(c) > 127 for c, _n in present):
            found += present
    return found


def as_citation(source_id: str, sentence: str, csv: bool) -> str:
    """A passage ready to paste: a GeoJSON citation, or for a spreadsheet the cell's text as it is."""
    import json

    if csv:
        return sentence
    citation: dict[str, Any] = {"source": source_id, "quote": sentence}
    return json.dumps(citation, ensure_ascii=False)
