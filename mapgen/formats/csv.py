"""Places kept in a spreadsheet: one row per place, saved as CSV (docs/formats.md has the columns).

The columns are mapgen's flat properties (``id``, ``old_name``, ``new_name``, ``year``, ...),
``lon`` and ``lat``, the name history in one readable column
(``Tsaritsyn; Stalingrad 1925; Volgograd 1961``) and numbered citation columns
(``citation1_source``, ``citation1_quote``, ``citation1_url``, ``citation1_locator``, then
``citation2_...``). An empty cell is a field left out. Rows are numbered as a spreadsheet
numbers them: the header is row 1, the first place row 2.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Issue, Severity, did_you_mean, misspelling_of
from mapgen.formats.dates import iso_date
from mapgen.formats.document import Document, Location
from mapgen.formats.geojson import place_properties
from mapgen.formats.load import UTF8_BOM, parse_json, read_data_bytes
from mapgen.model import Dataset, NameChange

#: The flat columns, in the order mapgen writes them.
COLUMNS = (
    "id category old_name new_name year date old_name_native new_name_native title place kind "
    "country_then country_now named_after lon lat history note gazetteer_note coordinates_source links disagreements"
).split()
CITATION_FIELDS = ("source", "quote", "url", "locator")
_CITATION_COLUMN = re.compile(r"^citation(\d+)_(source|quote|url|locator)$")
#: One step of the history column: a name, its native spelling in parentheses, the year (or
#: date) it came into use, the source in square brackets: ``Stalingrad (Сталинград) 1925-04-10 [src]``.
_STEP = re.compile(
    r"^(?P<name>.*?)(?:\s*\((?P<native>[^()]*)\))?(?:\s+(?P<when>\d{3,4}(?:-\d{2}){0,2}))?"
    r"(?:\s*\[(?P<source>[^\[\]]*)\])?$"
)
#: A last word that was meant as a year or date but is not one ("19x5", "10.11.1961").
_LOOKS_LIKE_WHEN = re.compile(r"^\d[\dxX?./-]{2,}$")


def _column(field: str, numbers: tuple[int, ...] = ()) -> str | None:
    """A mapgen field path as the spreadsheet names it.

    ``numbers`` are the row's citation numbers in order: a row that fills citation1 and
    citation3 (citation2 left empty) holds two citations, the second in the citation3 columns.

    >>> _column("citations[1].quote", (1, 3))
    'column citation3_quote'
    """
    top = field.split(".")[0].split("[")[0]
    if top == "geometry":
        if field.endswith("coordinates[0]"):
            return "column lon"
        if field.endswith("coordinates[1]"):
            return "column lat"
        return "columns lon and lat"
    if top == "citations":
        match = re.match(r"citations\[(\d+)\](?:\.(\w+))?", field)
        if not match:
            return "column citation1_source"
        index = int(match[1])
        number = numbers[index] if index < len(numbers) else index + 1
        return f"column citation{number}_{match[2] or 'source'}"
    if top == "history":
        match = re.match(r"history\[(\d+)\]", field)
        return f"column history, entry {int(match[1]) + 1}" if match else "column history"
    return f"column {top}"


#: Fixes the validator writes in mapgen GeoJSON, and how a spreadsheet says them.
_CSV_FIXES = (
    (
        re.compile(
            r'^(?P<head>source "(?P<sid>[^"]+)") is not in citations; add \{"source": "[^"]+"\} there (?P<tail>.*)$'
        ),
        lambda m, n: (
            f"{m['head']} is not cited in this row; add a column citation{n + 1}_source holding {m['sid']} "
            f"(and its quote in citation{n + 1}_quote) {m['tail']}"
        ),
    ),
    (
        re.compile(r'^expected an entry \{"name": "(?P<name>.*)", "from": (?P<year>\d+)\} (?P<tail>.*)$'),
        lambda m, n: f'expected "{m["name"]} {m["year"]}" in the history {m["tail"]}',
    ),
    (
        re.compile(
            r'^(?P<head>expected "(?P<name>.*)" \(the old_name\) before "(?P<new>.*)", got .*); add \{"name": ".*"\} there$'
        ),
        lambda m, n: f'{m["head"]}; write "{m["name"]}; " before "{m["new"]}" in the cell',
    ),
    (
        # A decimal comma in a file whose cells are separated by commas (the cell was quoted).
        re.compile(
            r'^(?P<head>expected a finite number, got "(?P<whole>-?\d+),(?P<part>\d+)")(?:; write it as a number.*)?$'
        ),
        lambda m, n: (
            f"{m['head']}; write the decimal with a point: {m['whole']}.{m['part']} (or save the whole file with "
            "; between cells, as Excel does where the decimal separator is a comma)"
        ),
    ),
    (
        # A cell holds text, never a JSON string: there are no quotes to take off.
        re.compile(r"^(?P<head>.*); write it as a number, without quotes: (?P<number>\S+)$"),
        lambda m, n: f"{m['head']}; write it as {m['number']}",
    ),
    (
        re.compile(r'^missing; expected at least one citation \(\{"source": \.\.\., "quote": \.\.\.\}\)$'),
        lambda m, n: (
            "missing; expected at least one citation: the source's id in citation1_source and its words "
            "in citation1_quote"
        ),
    ),
)


def _in_csv_terms(field: str, message: str, citations: int) -> str:
    """A validator message about a row, its fix written with the spreadsheet's columns
    (``citations``: the highest citation number the row fills; a new one comes after it)."""
    for pattern, fix in _CSV_FIXES:
        match = pattern.match(message)
        if match:
            return fix(match, citations)
    return message


def _decode(data: bytes, shown: str) -> tuple[str, str | None]:
    """The file's text, and the separator a first line ``sep=;`` declares (that line left out), if any."""

    def fail(message: str) -> DataError:
        return DataError.from_issues(shown, [Issue(shown, message)])

    if data.startswith(UTF8_BOM):  # Excel's "CSV UTF-8" starts with one
        data = data[len(UTF8_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with its byte-order mark (Excel's "Unicode Text", cells separated by tabs) is
        # as unambiguous as UTF-8: read it rather than refuse it.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise fail(
                f"byte {exc.start:,}: the file starts as UTF-16 but is not valid UTF-16 there; save the "
                'spreadsheet as "CSV UTF-8" (Excel) or with the character set UTF-8 (LibreOffice)'
            ) from None
        data = text.encode("utf-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1]
        # Excel's plain "CSV" is Windows-1252 in Western Europe: name the character meant, in its word.
        start = max(data.rfind(sep, 0, exc.start) for sep in b" ,;\t\n") + 1
        ends = [i for i in (data.find(sep, exc.start) for sep in b" ,;\t\r\n") if i != -1]
        word = data[start : min(ends, default=len(data))].decode("cp1252", errors="replace")
        meant = f' ("{byte.decode("cp1252")}" in Windows-1252, in "{word}")' if byte[0] >= 0xA0 else ""
        raise fail(
            f"line {line}: byte 0x{byte[0]:02x}{meant} is not UTF-8; save the spreadsheet as "
            '"CSV UTF-8" (Excel) or with the character set UTF-8 (LibreOffice)'
        ) from None
    # Excel reads (and may write) a first line "sep=;" naming the separator, and shows it as no row.
    declared = re.match(r"^sep=(.)\r?\n?", text)
    if declared:
        text = text[declared.end() :]
    if not text.strip():
        raise fail(
            "file is empty; expected a header row (id, old_name, new_name, year, lon, lat, ...) and one row per place"
        )
    return text, declared[1] if declared else None


def _delimiter(header_line: str) -> str:
    # Excel saves "CSV" with semicolons where the decimal separator is a comma.
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _number(text: str, decimal_comma: bool) -> float | str:
    value = text.replace(",", ".") if decimal_comma else text
    try:
        number = float(value)
    except ValueError:
        return text  # left as text, so the validator reports what was found
    return number if abs(number) != float("inf") and number == number else text


def _year(text: str) -> int | str:
    return int(text) if re.fullmatch(r"-?\d{1,4}", text) else text


def _trailing_date(name: str, words: int = 1) -> tuple[str, str] | None:
    """(name, date) when an entry's last words are a date written another way ("Old Market
    Square 12.09.1990", "... September 1990"): only for entries that need a year, since a first
    name may itself end with one ("Square of 1 May 1945"). ``words``: the fewest words the date
    may take.

    Examples
    --------
    >>> _trailing_date("Old Market Square 12.09.1990"), _trailing_date("Old Market Square September 1990", words=2)
    (('Old Market Square', '1990-09-12'), ('Old Market Square', '1990-09'))
    >>> _trailing_date("Stalingrad 1925", words=2) is None
    True
    """
    parts = name.split()
    for count in range(3, words - 1, -1):
        if len(parts) > count and (iso := iso_date(" ".join(parts[-count:]))):
            return " ".join(parts[:-count]), iso
    return None


def parse_history(cell: str) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The history column as mapgen history entries, and (entry number, problem) pairs.

    A cell that starts with ``[`` is read as the JSON list mapgen GeoJSON uses (for names
    that hold ``;``, parentheses or square brackets).

    Examples
    --------
    >>> parse_history("Tsaritsyn; Stalingrad 1925; Volgograd (Волгоград) 1961-11-10")[0]
    [{'name': 'Tsaritsyn'}, {'name': 'Stalingrad', 'from': 1925}, {'name': 'Volgograd', 'native': 'Волгоград', 'from': 1961, 'date': '1961-11-10'}]
    """
    steps: list[dict[str, Any]] = []
    problems: list[tuple[int, str]] = []
    for number, entry in enumerate((e.strip() for e in cell.split(";")), start=1):
        match = _STEP.match(entry)
        name = match["name"].strip() if match else ""
        if not match or not name:
            problems.append(
                (number, f'expected a name, then the year it came into use, such as "Stalingrad 1925"; got "{entry}"')
            )
            continue
        written_date = None
        if number > 1 and match["when"] is None:
            written_date = _trailing_date(name)
        elif number > 1 and re.fullmatch(r"\d{4}", match["when"] or ""):
            # "September 1990" reads as a name ending in "September" and the year 1990.
            written_date = _trailing_date(f"{name} {match['when']}", words=2)
        if written_date or (match["when"] is None and _LOOKS_LIKE_WHEN.match(name.split()[-1])):
            fix = f'; write it as "{written_date[0]} {written_date[1]}"' if written_date else ""
            problems.append(
                (
                    number,
                    f'expected a name, then a year such as 1925 or a date such as 1925-04-10, got "{entry}"{fix}',
                )
            )
            continue
        step: dict[str, Any] = {"name": name}
        if match["native"]:
            step["native"] = match["native"].strip()
        when = match["when"]
        if when:
            step["from"] = int(when.split("-")[0])
            if "-" in when:
                step["date"] = when
        if match["source"]:
            step["source"] = match["source"].strip()
        steps.append(step)
    return steps, problems


def format_history(history: tuple[NameChange, ...]) -> str:
    """The history as one readable cell; JSON where a name would not read back the same."""
    parts = []
    for h in history:
        text = h.name + (f" ({h.native})" if h.native else "")
        if h.date:
            text += f" {h.date}"
        elif h.year is not None:
            text += f" {h.year}"
        if h.source:
            text += f" [{h.source}]"
        parts.append(text)
    cell = "; ".join(parts)
    expected = [
        {
            k: v
            for k, v in (
                ("name", h.name),
                ("native", h.native),
                ("from", h.year),
                ("date", h.date),
                ("source", h.source),
            )
            if v is not None
        }
        for h in history
    ]
    steps, problems = parse_history(cell)
    if problems or steps != expected:
        return json.dumps(expected, ensure_ascii=False)
    return cell


#: One disagreement in a cell: ``about: value [source]; value [source] (note)``.
_DISPUTE = re.compile(r"^(?P<about>[^:|\[\]]+?)\s*:\s*(?P<claims>.*?\])(?:\s+\((?P<note>.*)\))?$")
_CLAIM = re.compile(r"^(?P<value>.+?)\s*\[(?P<source>[^\[\]]+)\]$")
DISAGREEMENT_EXAMPLE = "year: 1956 [source-a]; 1957 [source-b] (a note, if any)"


def parse_disagreements(cell: str) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The disagreements column as mapgen disagreements, and (entry number, problem) pairs.

    Each disagreement is what it is about, a colon, then each source's claim followed by the
    source's id in square brackets, separated by ``;``, and a note in parentheses at the end
    (which may hold parentheses and brackets of its own); several disagreements are separated
    by ``|``. A cell that starts with ``[`` is read as the
    JSON list mapgen GeoJSON uses.

    Examples
    --------
    >>> parse_disagreements("date: 1961-11-10 [src-a]; 1961-11-11 [src-b] (two days given)")[0]
    [{'about': 'date', 'claims': [{'value': '1961-11-10', 'source': 'src-a'}, {'value': '1961-11-11', 'source': 'src-b'}], 'note': 'two days given'}]
    """
    disputes: list[dict[str, Any]] = []
    problems: list[tuple[int, str]] = []
    for number, entry in enumerate((e.strip() for e in cell.split("|")), start=1):
        match = _DISPUTE.match(entry)
        claims = [_CLAIM.match(c.strip()) for c in match["claims"].split(";")] if match else []
        if not match or not all(claims):
            problems.append((number, f'expected "{DISAGREEMENT_EXAMPLE}", got "{entry}"'))
            continue
        dispute: dict[str, Any] = {
            "about": match["about"].strip(),
            "claims": [{"value": c["value"].strip(), "source": c["source"].strip()} for c in claims if c],
        }
        if match["note"] and match["note"].strip():
            dispute["note"] = match["note"].strip()
        disputes.append(dispute)
    return disputes, problems


def format_disagreements(disputes: list[dict[str, Any]]) -> str:
    """The disagreements as one readable cell; JSON where the text would not read back the same."""

    def one(d: dict[str, Any]) -> str:
        claims = "; ".join(f"{c['value']} [{c['source']}]" for c in d["claims"])
        return f"{d['about']}: {claims}" + (f" ({d['note']})" if d.get("note") else "")

    cell = " | ".join(one(d) for d in disputes)
    read, problems = parse_disagreements(cell)
    if problems or read != [{k: d[k] for k in ("about", "claims", "note") if k in d} for d in disputes]:
        return json.dumps(disputes, ensure_ascii=False)
    return cell


#: The columns that hold a list, each in a form typed into one cell (or as JSON, read when
#: the cell starts with "["): its parser, and what a JSON error adds to its message.
_SPREADSHEET_FORMS = {
    "history": (parse_history, ""),
    "disagreements": (parse_disagreements, " (a cell starting with [ is read as JSON)"),
}


def read(path: Path) -> Document:
    """Read a CSV file of places into the validator's document, remembering each row's number."""
    shown = str(path)
    data = read_data_bytes(path)
    text, declared = _decode(data, shown)
    delimiter = declared or _delimiter(text.splitlines()[0])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    issues: list[Issue] = []

    def problem(message: str, index: int | None = None, where: str | None = None) -> None:
        issues.append(Issue(shown, message, feature=index, where=where))

    for i, name in enumerate(header):
        if not name:
            problem(f"row 1, column {i + 1}: the header is empty; name the column (such as old_name) or delete it")
        elif header.index(name) != i:
            problem(f'row 1: the column "{name}" appears twice; keep only one')
    if issues:
        raise DataError.from_issues(shown, issues)
    header, header_issues = _read_header(header, shown)
    issues += header_issues
    # After the header is read, so that "Lon" or "longitude" is named as the lon it stands for.
    for needed in ("id", "lon", "lat"):
        if needed not in header:
            problem(
                f'row 1: no column "{needed}"; the header needs id, old_name, new_name, year, lon, lat and citation1_source'
            )
    if not all(needed in header for needed in ("id", "lon", "lat")):
        raise DataError.from_issues(shown, issues)

    features: list[dict[str, Any]] = []
    locations: list[Location] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets keep blank rows at the end
        index = len(features)
        where = f"row {number}"
        if len(row) > len(header):
            problem(
                f"has {len(row)} cells but the header names {len(header)} columns; look for a {delimiter!r} inside "
                "text that is not in double quotes",
                index,
                where,
            )
        cells = {name: row[i].strip() for i, name in enumerate(header) if name and i < len(row) and row[i].strip()}
        props: dict[str, Any] = {}
        citations: dict[int, dict[str, str]] = {}
        for name, value in cells.items():
            match = _CITATION_COLUMN.match(name)
            if match:
                citations.setdefault(int(match[1]), {})[match[2]] = value
            elif name in ("lon", "lat"):
                continue
            elif name == "year":
                props["year"] = _year(value)
            elif name in _SPREADSHEET_FORMS:
                column = f"{where}, column {name}"
                parse, json_note = _SPREADSHEET_FORMS[name]
                if value.startswith("["):  # the JSON list mapgen GeoJSON uses, also accepted
                    try:
                        props[name] = parse_json(value.encode("utf-8"), f"{shown}: {column}")
                    except DataError as exc:
                        problem(exc.issues[0].message + json_note, index, column)
                    continue
                parsed, bad = parse(value)
                for entry, message in bad:
                    problem(message, index, f"{column}, entry {entry}")
                if not bad:
                    props[name] = parsed
            elif name == "links":
                props["links"] = value.split()
            else:
                props[name] = value
        if citations:
            props["citations"] = [citations[n] for n in sorted(citations)]
        decimal_comma = delimiter == ";"
        coordinates = [_number(cells.get("lon", ""), decimal_comma), _number(cells.get("lat", ""), decimal_comma)]
        if "lon" not in cells or "lat" not in cells:
            missing = " and ".join(c for c in ("lon", "lat") if c not in cells)
            problem(
                f"column {missing}: empty; expected the place's longitude and latitude in decimal degrees", index, where
            )
            coordinates = [0.0, 0.0]
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinates}, "properties": props}
        )
        numbers = tuple(sorted(citations))
        locations.append(
            Location(
                where,
                index,
                functools.partial(_column, numbers=numbers),
                functools.partial(_in_csv_terms, citations=max(numbers, default=0)),
            )
        )
    if not features:
        raise DataError.from_issues(shown, [Issue(shown, "no places: the file has a header row but no rows under it")])
    return Document({"type": "FeatureCollection", "features": features}, tuple(locations), issues=tuple(issues))


#: What spreadsheets and GIS tools often call the columns mapgen names lon and lat.
_OTHER_NAMES = {"longitude": "lon", "lng": "lon", "latitude": "lat"}


def _read_header(header: list[str], shown: str) -> tuple[list[str], list[Issue]]:
    """The header as the columns to read, and what is said about the unknown ones, once each.

    A column one small edit from a known one (``citation1_qoute``) is an error naming the
    column meant, and its cells are checked as that column's so one run says all; any other
    unknown column is a warning and is not read. Either way it is said once, for the header,
    never once per row.
    """
    numbers = {1} | {int(m[1]) for name in header if (m := re.match(r"^citation(\d+)", name))}
    known = COLUMNS + [f"citation{n}_{f}" for n in sorted(numbers) for f in CITATION_FIELDS]
    read: list[str] = []
    issues: list[Issue] = []
    for name in header:
        if name in COLUMNS or _CITATION_COLUMN.match(name):
            read.append(name)
            continue
        meant = misspelling_of(name, known) or _OTHER_NAMES.get(name.lower())
        where = f"row 1, column {name}"
        citation = None if meant is not None else _citation_column_meant(name, header, read)
        if citation is not None:
            # A quotation or its source under a name of its own: ignored, the quote would be
            # lost from the map; read as the column it is meant to be, and said as an error.
            meant, field, asked = citation
            pair = meant.replace(f"_{field}", "_source" if field != "source" else "_quote")
            clash = f" ({asked} is a column already)" if asked not in (None, meant) else ""
            issues.append(
                Issue(
                    shown,
                    f"unknown column; {_CITATION_WORDS[field]} citationN_{field}: "
                    f"name this column {meant}{clash}, with the matching {pair}",
                    where=where,
                )
            )
            read.append(meant)
        elif meant is not None:
            issues.append(Issue(shown, "unknown column" + did_you_mean(meant, quoted=False), where=where))
            read.append("" if meant in header else meant)
        else:
            issues.append(
                Issue(
                    shown,
                    "unknown column, ignored; the columns mapgen reads are listed in docs/formats.md",
                    where=where,
                    severity=Severity.WARNING,
                )
            )
            read.append("")
    return read, issues


#: How a spreadsheet may head a citation's cells without mapgen's numbered names ("Quote 2",
#: "Source", "quotation_1"), and the citation field each means.
_CITATION_LIKE = re.compile(
    r"^(?:citation|cite)?[\s_-]*(?P<word>quote|quotation|source|url|link|locator|page)s?[\s_-]*(?P<n>\d*)$",
    re.IGNORECASE,
)
_CITATION_FIELD_OF = {"quotation": "quote", "link": "url", "page": "locator"}
_CITATION_WORDS = {
    "source": "a citation's source id is read from",
    "quote": "a citation's words are read from",
    "url": "a citation's address is read from",
    "locator": "a citation's page or section is read from",
}


def _citation_column_meant(name: str, header: list[str], taken: list[str]) -> tuple[str, str, str | None] | None:
    """The numbered citation column a column headed like a citation field is meant to be, that
    field, and the column its own number names (None without one); None when the name does
    not read as a citation field.

    Its own number if it has one ("Quote 2": citation2_quote), else 1; the next number whose
    column of that field is free, where the file has that column already.

    >>> _citation_column_meant("Quote 2", ["id", "citation1_quote"], [])
    ('citation2_quote', 'quote', 'citation2_quote')
    >>> _citation_column_meant("Quote 2", ["id", "citation2_quote", "citation3_quote"], [])
    ('citation4_quote', 'quote', 'citation2_quote')
    >>> _citation_column_meant("Source", ["id", "citation1_source"], ["citation1_source"])
    ('citation2_source', 'source', None)
    >>> _citation_column_meant("Sources checked", ["id"], []) is None
    True
    """
    match = _CITATION_LIKE.match(name.strip())
    if match is None:
        return None
    word = match["word"].lower()
    field = _CITATION_FIELD_OF.get(word, word)
    used = set(header) | set(taken)
    number = int(match["n"]) if match["n"] else 1
    asked = f"citation{number}_{field}" if match["n"] else None
    while f"citation{number}_{field}" in used:
        number += 1
    return f"citation{number}_{field}", field, asked


def write(dataset: Dataset) -> str:
    """The dataset as CSV text: the header, then one row per place (see the module docstring).

    Title and caption are not written (a CSV has no place for them); the page takes
    ``--title``/``--caption``.
    """
    citations = max((len(p.citations) for p in dataset.places), default=1)
    header = COLUMNS + [f"citation{n}_{f}" for n in range(1, citations + 1) for f in CITATION_FIELDS]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for place in dataset.places:
        props = place_properties(place)
        row: dict[str, Any] = {k: v for k, v in props.items() if k in COLUMNS}
        row["lon"], row["lat"] = repr(place.lon), repr(place.lat)
        if place.history:
            row["history"] = format_history(place.history)
        if place.links:
            row["links"] = " ".join(place.links)
        if "disagreements" in props:
            row["disagreements"] = format_disagreements(props["disagreements"])
        for n, citation in enumerate(props["citations"], start=1):
            for f in CITATION_FIELDS:
                if f in citation:
                    row[f"citation{n}_{f}"] = citation[f]
        writer.writerow(["" if row.get(h) is None else str(row[h]) for h in header])
    return out.getvalue()
