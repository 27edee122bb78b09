"""What `mapgen source add` prints: the files written, the record, the look-alike characters,
and the passages to paste as quotes, in the data file's own terms (a GeoJSON citation, or a
spreadsheet's cells)."""

from __future__ import annotations

import re
from pathlib import Path

from mapgen.capture.add import Captured
from mapgen.capture.passages import as_citation
from mapgen.checks.quotes import named_character

#: Passages shown per place; the rest are counted, and are in the stored text.
SHOWN_PER_PLACE = 5
_SHOWN_FIELDS = ("title", "author", "publisher", "url", "published", "accessed")


def format_capture(captured: Captured, data: Path) -> str:
    """The report of one capture, as printed (ends with a newline)."""
    record = captured.record
    lines = [
        f"Wrote {captured.text_path} ({captured.characters:,} characters) and {captured.meta_path.name}:",
    ]
    read_at = record.get("read_at")
    if captured.id_made_from is not None:
        lines.append(f"  {'id':<10} {record['id']} (made from {captured.id_made_from}; --id ID chooses another)")
    for name in _SHOWN_FIELDS:
        value = record.get(name)
        if name == "title" and "title" in record.get("guessed", ()):
            value = f"{value} (guessed from the first line: check it)"
        lines.append(f"  {name:<10} {value if value is not None else _missing(name, read_at is not None)}")
    if read_at:
        lines.append(f"  {'read at':<10} {read_at['url']} ({read_at['note']}, {read_at['accessed']})")
    if "kind" in record:
        lines.append(f"  {'kind':<10} {record['kind']} (guessed: check it)")
    else:
        lines.append(
            f"  {'kind':<10} (not guessed: add one of encyclopedia, wiki, news, official, scholarly, reference, blog)"
        )
    if record.get("guessed"):
        lines.append(
            f'Once checked, delete "guessed" from {captured.meta_path.name}; mapgen validate reminds you until then.'
        )
    if captured.lookalikes:
        chars = ", ".join(f"{named_character(c)} ({n:,})" for c, n in captured.lookalikes)
        lines.append(
            f"Look-alike characters in the text: {chars}. Copy quotes from here or from "
            f"{captured.text_path.name} rather than typing them: quotes must match character for character."
        )
    lines += ["", *_passages(captured, data)]
    return "\n".join(lines) + "\n"


def _missing(name: str, copy: bool) -> str:
    """What to say of a field the work did not give (or, read in a copy, that the copy cannot give)."""
    if copy and name == "url":
        return "(not found: the page read is a copy that names no original; put the work's own address here)"
    if copy and name == "accessed":
        return "(none: the text was read in the copy below)"
    if copy and name in ("author", "publisher", "published"):
        return "(not taken from the copy, whose own they would be: add the work's)"
    if name == "url":
        return "(not found: add the work's own address if it has one)"
    return "(not found: add it if the work gives one)"


def _passages(captured: Captured, data: Path) -> list[str]:
    csv = data.suffix.lower() == ".csv"
    if not captured.places:
        return [f"{data} has no places yet, so no passage is shown; add them, then quote {captured.text_path.name}."]
    if not captured.passages:
        return [f"No sentence of the text names a place of {data} (by any of its names)."]
    sid = captured.record["id"]
    where = f"citationN_source ({sid}) and citationN_quote" if csv else 'the place\'s "citations"'
    lines = [f"Passages that name places of {data}, to paste into {where}:"]
    for found in captured.passages:
        named = [
            n for n in found.place.names if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", s) for s in found.sentences)
        ]
        lines += ["", f"{found.place.id} ({found.place.where}; {', '.join(named)}):"]
        lines += [f"  {as_citation(sid, s, csv)}" for s in found.sentences[:SHOWN_PER_PLACE]]
        more = len(found.sentences) - SHOWN_PER_PLACE
        if more > 0:
            lines.append(
                f"  ... and {more} more sentence{'s' if more > 1 else ''} naming it in {captured.text_path.name}"
            )
    count = len(captured.named)
    lines += ["", f"{count} of {captured.places} place{'s' if captured.places != 1 else ''} named in the text."]
    if captured.unnamed:
        shown = ", ".join(captured.unnamed[:10])
        rest = f" and {len(captured.unnamed) - 10} more" if len(captured.unnamed) > 10 else ""
        lines[-1] += f" Not named: {shown}{rest}."
    return lines
