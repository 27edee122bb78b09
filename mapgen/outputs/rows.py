"""Rows of plain values as CSV or JSON: the shared end of `mapgen list` and `mapgen sources`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence


def rows_as_csv(rows: list[dict], fields: Sequence[str]) -> str:
    """CSV with a header of ``fields``, written even when there are no rows."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def rows_as_json(rows: list[dict]) -> str:
    """A JSON list, UTF-8 text as written (not escaped), indented for reading."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
