"""The examples in mapgen's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "mapgen.errors",
    "mapgen.model",
    "mapgen.pipeline",
    "mapgen.page.payload",
    "mapgen.outputs.embed",
    "mapgen.formats.load",
    "mapgen.formats.csv",
    "mapgen.formats.dates",
    "mapgen.formats.lpf",
    "mapgen",
    "mapgen.checks.schema",
    "mapgen.checks.sources",
    "mapgen.checks.quotes",
    "mapgen.checks.citations",
    "mapgen.checks.validate",
    "mapgen.page.render",
    "mapgen.tour",
    "mapgen.outputs.deck",
    "mapgen.outputs.powerpoint",
    "mapgen.checks.geonames",
    "mapgen.checks.gazetteer",
    "mapgen.capture.extract",
    "mapgen.capture.record",
    "mapgen.capture.passages",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
