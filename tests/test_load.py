"""Reading files: strict JSON with positions in every message, sources beside the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapgen.errors import DataError, MapgenError
from mapgen.formats.load import NonFinite, parse_json, read_json, read_sources, sources_folder

VALID = Path(__file__).parent / "data" / "valid"


def _message(data: bytes) -> str:
    with pytest.raises(DataError) as caught:
        parse_json(data, "x.geojson")
    (issue,) = caught.value.issues
    assert issue.path == "x.geojson"
    return issue.message


def test_reads_the_valid_fixture() -> None:
    document = read_json(VALID / "places.geojson")
    assert document["type"] == "FeatureCollection"
    assert len(document["features"]) == 3


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400", "-1e999"])
def test_non_finite_numbers_are_kept_as_written(token: str) -> None:
    assert parse_json(f"[{token}, 1.5]".encode(), "x") == [NonFinite(token), 1.5]


def test_duplicate_key_is_refused() -> None:
    message = _message(b'{"a": {"year": 1961, "year": {"x": 1}}}')
    assert message == 'the key "year" appears twice in one object (1961, then an object); keep only one'


@pytest.mark.parametrize(
    ("text", "column"),
    [
        (r'["\ud800"]', 3),  # a high surrogate alone
        (r'["ok \udc00"]', 6),  # a low surrogate alone
        (r'["\ud83d\ud83d\ude00"]', 3),  # a high surrogate followed by a full pair
        (r'{"\ud800": 1}', 3),  # in a key
    ],
)
def test_lone_surrogate_is_refused_with_its_position(text: str, column: int) -> None:
    message = _message(f"\n{text}".encode())
    assert message.startswith(f"line 2, column {column}: \\u")
    assert message.endswith(
        "is half of a UTF-16 surrogate pair, not a character; remove it or write the whole character"
    )


@pytest.mark.parametrize("text", [r'["\ud83d\ude00"]', r'["\\ud800"]', r'["\\\ud83d\ude00"]', '["\U0001f600"]'])
def test_surrogate_pairs_and_escaped_backslashes_are_fine(text: str) -> None:
    parsed = parse_json(text.encode(), "x")
    json.dumps(parsed, ensure_ascii=False).encode("utf-8")  # writable as UTF-8


def test_whole_number_with_too_many_digits_is_refused() -> None:
    assert _message(b"[" + b"9" * 5000 + b"]") == "invalid JSON: a number has more than 4300 digits"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": 1,\n}', "line 2, column 1: invalid JSON: expected a key in double quotes"),
        (b"[1,\n 2,\n]", "line 3, column 1: invalid JSON: expected a value"),
        (b'{"a": 1 "b": 2}', "line 1, column 9: invalid JSON: expected a comma"),
        (b"{} {}", "line 1, column 4: invalid JSON: more text after the end of the document"),
    ],
)
def test_json_errors_give_position_and_likely_cause(data: bytes, message: str) -> None:
    assert _message(data).startswith(message)


def test_utf8_error_gives_line_and_column_in_bytes() -> None:
    assert _message(b'{\n  "a": "caf\xe9"\n}') == "line 2, column 12: byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_read_json_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(MapgenError, match="is a folder; pass the .geojson file inside it"):
        read_json(tmp_path)


def test_sources_folder_is_beside_the_data_file() -> None:
    assert sources_folder(Path("data/places.geojson")) == Path("data/sources")


def test_read_sources_reads_metadata_and_text() -> None:
    sources, issues = read_sources(VALID / "sources")
    assert issues == []
    assert list(sources) == ["test-article"]
    assert sources["test-article"].meta["title"] == "A test article about renamings"
    assert "Alphaville was renamed" in (sources["test-article"].text or "")


def test_missing_sources_folder_is_not_an_error_here(tmp_path: Path) -> None:
    assert read_sources(tmp_path / "sources") == ({}, [])


def test_source_text_line_endings_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"id": "a", "title": "A"}')
    (tmp_path / "a.txt").write_bytes(b"one\r\ntwo\rthree\n")
    sources, issues = read_sources(tmp_path)
    assert issues == []
    assert sources["a"].text == "one\ntwo\nthree\n"


def test_source_problems_are_issues_not_exceptions(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "bad.json").write_text("{")
    (tmp_path / "latin.json").write_text('{"id": "latin", "title": "L"}')
    (tmp_path / "latin.txt").write_bytes(b"ok\ncaf\xe9\n")
    (tmp_path / "orphan.txt").write_text("text")

    sources, issues = read_sources(tmp_path)

    assert list(sources) == ["latin"]
    assert sources["latin"].text is None
    assert [(Path(i.path).name, i.message) for i in issues] == [
        (
            "bad.json",
            "line 1, column 2: invalid JSON: expected a key in double quotes; look for a comma before a closing } or a key in single quotes",
        ),
        ("folder.json", "is a folder; pass the .geojson file inside it."),
        ("latin.txt", "line 2, column 4: byte 0xe9 is not UTF-8; save the source text as UTF-8"),
        ("orphan.txt", "source text has no metadata; add orphan.json with its title"),
    ]


def test_text_of_an_unreadable_source_is_not_called_an_orphan(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{")
    (tmp_path / "a.txt").write_text("text")
    sources, issues = read_sources(tmp_path)
    assert sources == {}
    assert [Path(i.path).name for i in issues] == ["a.json"]


# The compiled reader (orjson) reads what it can vouch for; the strict reader words the rest.


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": "x:y", "a": "z"}',  # the dropped value holds a colon of its own
        b'{"a": {"b": 1, "b": {"c": "1:2"}}}',
        b'{"note": "time \\u003a 10", "a": 1, "a": 2}',  # an escaped colon beside a duplicate
        b'[{"k": 1}, {"k": 2, "k": 3}]',
    ],
)
def test_duplicate_keys_are_found_whichever_reader_reads(data: bytes) -> None:
    assert "appears twice in one object" in _message(data)


@pytest.mark.parametrize("number", [2**63, 2**64, 10**25, -(2**63) - 1])
def test_long_whole_numbers_stay_whole(number: int) -> None:
    # orjson reads integers beyond 64 bits as floats; the strict reader keeps them exact.
    value = parse_json(f'{{"year": {number}}}'.encode(), "x")["year"]
    assert value == number and isinstance(value, int)


def test_both_readers_agree_on_the_shipped_data() -> None:
    shipped = Path(__file__).parent.parent / "data" / "places.geojson"
    data = shipped.read_bytes()
    assert parse_json(data, "x") == json.loads(data)
    assert parse_json(b'{"a": "x\\u003ay"}', "x") == {"a": "x:y"}


def test_the_document_is_frozen_only_while_it_is_checked():
    import gc

    from mapgen.options import CheckOptions
    from mapgen.pipeline import load_dataset
    from tests.conftest import VALID

    was_enabled = gc.isenabled()
    try:
        for enabled in (True, False):  # a caller may have paused the collector itself
            gc.enable() if enabled else gc.disable()
            load_dataset(VALID, CheckOptions(gazetteer_km=0))
            assert gc.get_freeze_count() == 0, "nothing stays out of the collector's reach"
            assert gc.isenabled() is enabled, "the collector is left as it was found"
    finally:
        gc.enable() if was_enabled else gc.disable()
