"""Every broken input in tests/data/bad/ fails cleanly: exit 1, the exact message, nothing written.

The messages are what users see, so they are compared in full; `expected.json` beside the
corpus holds them (see tests/data/bad/README.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mapgen.cli import main
from mapgen.formats.load import MAX_BYTES

BAD = Path(__file__).parent / "data" / "bad"
VALID = Path(__file__).parent / "data" / "valid"
NOT_CASES = {"sources", "expected.json", "README.md"}
PREVIOUS_MAP = b"<!doctype html><title>the previous map</title>\n"


def _cases() -> list[str]:
    return sorted(p.name for p in BAD.iterdir() if p.name not in NOT_CASES)


def _data_file(case: str) -> str:
    """The DATA argument for a case, relative to tests/data/bad (so messages name short paths)."""
    return f"{case}/places.geojson" if (BAD / case).is_dir() else case


def _expected(case: str) -> list[str]:
    lines = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))[case]
    return [line.replace("{this_year}", str(dt.date.today().year)) for line in lines]


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _assert_clean_failure(result: Result) -> None:
    assert result.exit_code == 1, result.output
    # Exit code 1 must come from mapgen's own error handling, not from an exception.
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.fixture
def in_bad_folder(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(BAD)
    return BAD


@pytest.fixture
def previous_map(tmp_path: Path) -> Path:
    out = tmp_path / "site" / "map.html"
    out.parent.mkdir()
    out.write_bytes(PREVIOUS_MAP)
    return out


def _assert_previous_map_untouched(out: Path) -> None:
    assert out.read_bytes() == PREVIOUS_MAP
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name], "a temporary file was left behind"


@pytest.mark.parametrize("case", _cases())
def test_build_fails_cleanly(case: str, in_bad_folder: Path, previous_map: Path) -> None:
    result = _run("build", _data_file(case), "-o", str(previous_map))

    _assert_clean_failure(result)
    assert result.stderr.splitlines() == _expected(case)
    _assert_previous_map_untouched(previous_map)


def test_every_case_has_expected_output() -> None:
    expected = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
    assert sorted(expected) == _cases()
    assert len(expected) >= 40


def test_every_case_is_small() -> None:
    sizes = {p: p.stat().st_size for p in BAD.rglob("*") if p.is_file() and p.name not in NOT_CASES}
    assert max(sizes.values()) < 10_000, max(sizes, key=sizes.__getitem__)


@pytest.mark.parametrize("case", ["malformed_json.geojson", "several_problems.geojson", "source_meta_invalid"])
def test_validate_reports_the_same_problems(case: str, in_bad_folder: Path) -> None:
    result = _run("validate", _data_file(case))

    _assert_clean_failure(result)
    # validate never writes, so its summary does not say that nothing was written.
    summary, *problems = _expected(case)
    assert result.stderr.splitlines() == [summary.replace("; nothing was written.", "."), *problems]


def test_file_larger_than_the_limit_is_refused_unread(tmp_path: Path, previous_map: Path) -> None:
    data = tmp_path / "huge.geojson"
    data.touch()
    os.truncate(data, MAX_BYTES + 1)  # sparse: takes no disk space

    result = _run("build", str(data), "-o", str(previous_map))

    _assert_clean_failure(result)
    assert result.stderr.splitlines() == [
        f"{data}: 1 problem found; nothing was written.",
        f"  {data}: file is {MAX_BYTES + 1:,} bytes; mapgen reads data files of at most {MAX_BYTES:,} bytes "
        f"({MAX_BYTES // 2**20} MiB)",
    ]
    _assert_previous_map_untouched(previous_map)


def test_deeply_nested_json_is_refused(tmp_path: Path, previous_map: Path) -> None:
    data = tmp_path / "nested.geojson"
    data.write_text("[" * 100_000 + "]" * 100_000)

    result = _run("build", str(data), "-o", str(previous_map))

    _assert_clean_failure(result)
    assert result.stderr.splitlines() == [
        f"{data}: 1 problem found; nothing was written.",
        f"  {data}: invalid JSON: nested too deeply",
    ]
    _assert_previous_map_untouched(previous_map)


def test_missing_data_file(tmp_path: Path, previous_map: Path) -> None:
    data = tmp_path / "nowhere.geojson"

    result = _run("build", str(data), "-o", str(previous_map))

    _assert_clean_failure(result)
    assert result.stderr.splitlines() == [
        f"{data}: file not found. Pass the data file as DATA (default: data/places.geojson)."
    ]
    _assert_previous_map_untouched(previous_map)


def test_unknown_property_not_near_a_known_one_is_a_warning(tmp_path: Path, previous_map: Path) -> None:
    shutil.copytree(VALID, tmp_path / "data")
    data = tmp_path / "data" / "places.geojson"
    document = json.loads(data.read_text(encoding="utf-8"))
    document["features"][0]["properties"]["colour"] = "red"
    data.write_text(json.dumps(document), encoding="utf-8")

    result = _run("build", str(data), "-o", str(previous_map), "--tiles", "none")

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f'{data}: feature 0 (id "betatown"): warning: colour: unknown property, ignored'
    ]
    assert previous_map.read_bytes().startswith(b"<!DOCTYPE html>")
