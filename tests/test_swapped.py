"""A lon and lat typed the wrong way round, caught by the data's other places (`mapgen.checks.swapped`).

The places are synthetic streets of one small town: two where they belong and, where a case
needs it, one whose pair is swapped. The CSV case that users meet is in `tests/data/bad/`
(`csv_lonlat_swapped_street.csv`).
"""

from __future__ import annotations

from mapgen.checks.swapped import swapped_issues
from mapgen.errors import Severity
from mapgen.model import Place
from mapgen.pipeline import load_dataset
from tests.conftest import SHIPPED

A = Place("a", -1.2001, 52.1003, 1995, ())
B = Place("b", -1.2032, 52.1021, 1995, ())
SWAPPED = Place("c", 52.0991, -1.1987, 1995, ())


def test_a_swapped_street_is_an_error_naming_the_place_it_would_lie_beside() -> None:
    [issue] = swapped_issues("places.csv", enumerate([A, B, SWAPPED]))
    assert issue.feature == 2
    assert issue.severity is Severity.ERROR
    assert issue.message == (
        "geometry.coordinates: [52.0991, -1.1987] lies 7,726 km from the nearest other place of the data; "
        'lon and lat look swapped: as lon -1.1987, lat 52.0991 the place lies 0.2 km from "a"; swap them'
    )


def test_a_note_saying_why_makes_it_a_warning() -> None:
    noted = Place("c", 52.0991, -1.1987, 1995, (), note="Twinned town, drawn where it lies")
    [issue] = swapped_issues("places.csv", enumerate([A, B, noted]))
    assert issue.severity is Severity.WARNING


def test_two_places_that_land_on_each_other_are_told_once() -> None:
    [issue] = swapped_issues("places.csv", enumerate([A, SWAPPED]))
    assert issue.feature == 1
    assert 'the lon and lat of this place or of "a" look swapped' in issue.message
    assert issue.message.endswith("swap the pair that is wrong")


def test_a_far_place_that_is_not_swapped_is_not_mentioned() -> None:
    # Far from the rest, but read the other way round it lands nowhere near them either.
    outpost = Place("d", 30.5234, 50.4501, 1995, ())
    assert swapped_issues("places.csv", enumerate([A, B, outpost])) == ()


def test_places_given_to_geonames_already_are_not_reported_twice() -> None:
    assert swapped_issues("places.csv", enumerate([A, B, SWAPPED]), skip=frozenset({2})) == ()


def test_the_shipped_data_has_no_swapped_pair() -> None:
    dataset = load_dataset(SHIPPED)
    assert swapped_issues(dataset.path, enumerate(dataset.places)) == ()


def test_a_large_file_finds_what_measuring_every_pair_finds(monkeypatch) -> None:
    """The k-d tree a large file uses gives the same messages as the plain pairwise measure."""
    import random

    import mapgen.checks.swapped as swapped

    rng = random.Random(7)
    streets = [Place(f"s{i}", -1.25 + rng.random() / 10, 52.05 + rng.random() / 10, 1995, ()) for i in range(300)]
    places = [*streets, SWAPPED, Place("twin", streets[0].lon, streets[0].lat, 1995, ())]
    pairwise = [str(i) for i in swapped_issues("places.csv", enumerate(places))]
    monkeypatch.setattr(swapped, "PLAIN_PYTHON_PAIRS", 0)
    assert [str(i) for i in swapped_issues("places.csv", enumerate(places))] == pairwise
    assert len(pairwise) == 1 and '(id "c")' in pairwise[0] and "look swapped" in pairwise[0]
