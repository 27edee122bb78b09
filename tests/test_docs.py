"""Docs that cannot drift: every command has --help and appears in the README."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from mapgen.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_has_help_and_is_documented(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: main {command} ")
    assert f"mapgen {command}" in README, f"`mapgen {command}` is not described in README.md"


@pytest.mark.parametrize(
    "group, command",
    sorted((name, sub) for name, group in main.commands.items() for sub in getattr(group, "commands", {})),
)
def test_subcommand_has_help_and_is_documented(group, command):
    result = CliRunner().invoke(main, [group, command, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: main {group} {command} ")
    assert f"mapgen {group} {command}" in README, f"`mapgen {group} {command}` is not described in README.md"


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands == ["make map", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_numbers_the_docs_give_are_the_shipped_data_s():
    """The shipped data grows; the README and the presenting guide must say how big it is now."""
    from mapgen.pipeline import load_dataset
    from mapgen.tour import tour_stops
    from tests.conftest import SHIPPED

    shipped = load_dataset(SHIPPED)
    places = re.search(r"`data/places\.geojson`, holds (\d+) places", README)
    assert places and int(places[1]) == len(shipped.renamings)
    moments = re.search(r"and (\w+) moments? of that story", README)
    assert moments and moments[1] == {1: "one", 2: "two", 3: "three", 4: "four"}.get(len(shipped.events))
    stops = len(tour_stops(shipped))
    presenting = (ROOT / "docs" / "presenting.md").read_text(encoding="utf-8")
    said = [int(n) for n in re.findall(r"(?:Stop 3 of|stop 5 of|a stop from 1 to) (\d+)", README + presenting)]
    assert len(said) == 4 and set(said) == {stops}


# --- docs/first-map.md: the new user's path, run as written ------------------------------

FIRST_MAP = ROOT / "docs" / "first-map.md"
#: The day the page's outputs were recorded; today's date stands in for it when they are compared.
RECORDED_ON = "2026-12-04"
_BLOCK = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.S | re.M)


def _same(text: str) -> str:
    """Output as compared: the date of the run as recorded, the size of a map left out (it
    changes with every change to the page, not to the path)."""
    import datetime

    return re.sub(r"\d+ KiB\)", "N KiB)", text.replace(datetime.date.today().isoformat(), RECORDED_ON))


def test_first_map_walkthrough_runs_as_written(tmp_path, monkeypatch):
    """Each `$ mapgen ...` of the walk-through prints exactly what the page shows, and each
    file the page shows is written as the reader would write it, in the page's order."""
    import shlex

    doc = FIRST_MAP.read_text(encoding="utf-8")
    assert "[`docs/first-map.md`](docs/first-map.md)" in README
    assert "cp tests/data/pages/gazette-1961.html three-cities.html" in doc
    monkeypatch.chdir(tmp_path)
    (tmp_path / "three-cities.html").write_bytes((ROOT / "tests/data/pages/gazette-1961.html").read_bytes())
    runner = CliRunner()
    ran = []
    for block in _BLOCK.finditer(doc):
        info, body = block["info"].split(), block["body"]
        if info[:1] == ["console"]:
            for command in re.split(r"^\$ ", body, flags=re.M)[1:]:
                line, _, shown = command.partition("\n")
                args = shlex.split(line)
                assert args[0] == "mapgen"
                result = runner.invoke(main, args[1:])
                assert result.exit_code == 0, result.output
                assert _same(result.output) == _same(shown), f"`{line}` prints otherwise than docs/first-map.md shows"
                ran.append(args[1])
        elif len(info) > 1 and info[1].startswith("file="):
            (tmp_path / info[1].removeprefix("file=")).write_text(body, encoding="utf-8")
    assert ran == ["new", "source", "validate", "validate", "build"]
    assert "Stalinabad took back the name" in (tmp_path / "my-map" / "map.html").read_text(encoding="utf-8")
