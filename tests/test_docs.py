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
