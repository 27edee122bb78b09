"""The examples in mapgen's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "mapgen.errors",
    "mapgen.payload",
    "mapgen.embed",
    "mapgen.load",
    "mapgen.schema",
    "mapgen.sources",
    "mapgen.validate",
    "mapgen.render",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
