"""`mapgen export -o deck.pptx`: the PowerPoint deck, read back with python-pptx.

The decks are made as a user makes them (``python -m mapgen export``, in its own process: it
drives its own Chromium), once per module, with no network (``--tiles none``).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from mapgen.model import Category
from mapgen.pipeline import load_dataset
from tests.conftest import SHIPPED, VALID, lead_quote


def export(data: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "export", str(data), "-o", str(out), "--tiles", "none", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def fixture_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck") / "deck.pptx"
    return out, export(VALID, out)


@pytest.fixture(scope="module")
def shipped_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck") / "shipped.pptx"
    export(SHIPPED, out)
    return out


@pytest.fixture(scope="module")
def place_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck") / "places.pptx"
    return out, export(VALID, out, "--by", "place")


@pytest.fixture(scope="module")
def tour_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck") / "story.pptx"
    return out, export(SHIPPED, out, "--by", "tour")


def body(slide):
    return next((s for s in slide.placeholders if s.placeholder_format.idx == 1), None)


def body_lines(slide) -> list[str]:
    found = body(slide)
    return [p.text for p in found.text_frame.paragraphs] if found else []


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8") for name in package.namelist() if name.endswith((".xml", ".rels"))
        )


def assert_year_slides(path: Path, data: Path) -> None:
    """The checks every --by year deck passes, from the dataset itself."""
    dataset = load_dataset(data)
    years = sorted({p.year for p in dataset.places})
    deck = Presentation(str(path))
    slides = list(deck.slides)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert slides[0].shapes.title.text == dataset.title
    assert dataset.caption in body_lines(slides[0])
    # A year whose list is too long for one slide goes on over more: "1961 (1 of 2)", ...
    parts: dict[int, list] = {}
    for slide in slides[1:-1]:
        title = re.fullmatch(r"(\d+)(?: \((\d+) of (\d+)\))?", slide.shapes.title.text)
        assert title, slide.shapes.title.text
        parts.setdefault(int(title[1]), []).append(slide)
        if title[2]:
            assert int(title[2]) == len(parts[int(title[1])])
    assert list(parts) == years
    for year, of_slides in parts.items():
        lines, spoken, blobs = [], "", set()
        for slide in of_slides:
            (picture,) = pictures(slide)
            assert picture.width / picture.height == pytest.approx(16 / 9, rel=0.002)
            assert picture.left + picture.width <= deck.slide_width
            assert picture.top + picture.height <= deck.slide_height
            assert Image.open(io.BytesIO(picture.image.blob)).size == (1920, 1080)
            blobs.add(picture.image.sha1)
            lines += body_lines(slide)
            spoken += notes(slide) + "\n"
            # Readable from the back of the room.
            sizes = {run.font.size.pt for p in body(slide).text_frame.paragraphs for run in p.runs}
            assert min(sizes) >= 16, (year, sizes)
        assert len(blobs) == 1  # the parts of a year show the same map
        of_year = [p for p in dataset.places if p.year == year]
        assert len(lines) == len(of_year)
        for place in of_year:
            if place.category is Category.RENAMING:
                assert any(line.startswith(f"{place.old_name} → {place.new_name}") for line in lines), place.id
            else:
                assert f"Event: {place.title}" in lines
            for citation in place.citations:
                source = dataset.sources[citation.source]
                if citation.quote:
                    assert f"“{citation.quote}”" in spoken, (place.id, citation.source)
                assert source.title in spoken
                if source.url:
                    assert source.url in spoken
    assert slides[-1].shapes.title.text == "Credits"
    assert any("Outlines: Natural Earth" in line for line in body_lines(slides[-1]))
    # A copy a source was read in is never named, anywhere in the file.
    xml = package_text(path)
    copies = [s.read_at.url for s in dataset.sources.values() if s.read_at]
    assert copies
    assert [url for url in copies if url in xml] == []


def test_fixture_deck_has_a_slide_per_year(fixture_deck):
    path, result = fixture_deck
    assert_year_slides(path, VALID)
    deck = Presentation(str(path))
    slides = list(deck.slides)
    assert len(slides) == 1 + 3 + 1
    assert body_lines(slides[0])[-1] == "2 renamed places and 1 event · 1956, 1957, 1961"
    assert body_lines(slides[3]) == ["Alphaville → Betatown (Testland SSR)"]
    assert notes(slides[3]) == (
        "Alphaville → Betatown — Testland SSR, 10 November 1961\nNamed after Person A.\n\n"
        "“In 1961, Alphaville was renamed Betatown.”\n"
        "— A test article about renamings (Test Author, mapgen tests). https://example.org/test-article"
    )
    assert body_lines(slides[1]) == ["Event: The speech"]


def test_fixture_deck_reports_progress(fixture_deck):
    path, result = fixture_deck
    assert "[1/3] Map for slide “1956”\n[2/3] Map for slide “1957”\n[3/3] Map for slide “1961”\n" in result.stderr
    assert result.stdout == f"Wrote {path} (5 slides, {path.stat().st_size / 1024:.0f} KiB).\n"


def test_deck_is_dated_by_the_data_and_the_same_each_time(fixture_deck, tmp_path):
    import datetime as dt

    path, _ = fixture_deck
    props = Presentation(str(path)).core_properties
    # The fixture's only date: its source's copy was read on 2026-11-28.
    assert props.created == props.modified == dt.datetime(2026, 11, 28)
    assert props.title == "Test places"
    with zipfile.ZipFile(path) as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 11, 28, 0, 0, 0)}
    again = tmp_path / "again.pptx"
    export(VALID, again)
    assert again.read_bytes() == path.read_bytes()


def test_shipped_deck(shipped_deck):
    assert_year_slides(shipped_deck, SHIPPED)
    slides = list(Presentation(str(shipped_deck)).slides)
    of_1961 = [line for s in slides if s.shapes.title.text.startswith("1961") for line in body_lines(s)]
    assert "Stalingrad → Volgograd (Soviet Union)" in of_1961


def test_place_deck_has_a_slide_per_stop(place_deck):
    path, result = place_deck
    dataset = load_dataset(VALID)
    slides = list(Presentation(str(path)).slides)
    assert [s.shapes.title.text for s in slides[1:-1]] == [
        "1956: The speech",
        "1957: Gammagrad → Deltaburg",
        "1961: Alphaville → Betatown",
    ]
    assert len(slides) == 1 + len(dataset.places) + 1
    sizes = set()
    for slide, place_id in zip(slides[1:-1], ["speech", "deltaburg", "betatown"], strict=True):
        place = next(p for p in dataset.places if p.id == place_id)
        (picture,) = pictures(slide)
        sizes.add(picture.image.sha1)
        assert picture.width / picture.height == pytest.approx(16 / 9, rel=0.002)
        assert f"“{place.citations[0].quote}”" in body_lines(slide)
        assert f"“{place.citations[0].quote}”" in notes(slide)
    assert len(sizes) == 3  # each stop's own view of the map
    assert body_lines(slides[3])[:2] == ["Testland SSR, 10 November 1961", "Named after Person A"]
    assert "[3/3] Map for slide “1961: Alphaville → Betatown”" in result.stderr
    assert "https://copies.example" not in package_text(path)


def test_a_place_slide_quotes_what_its_popup_leads_with():
    """Volgograd's first citation is the seed blog: its slide, like its popup, quotes the press."""
    from mapgen.outputs.deck import place_slides

    dataset = load_dataset(SHIPPED)
    slide = next(s for s in place_slides(dataset) if s.moment.place == "volgograd")
    assert f"“{lead_quote('volgograd')}”" in slide.lines
    first = next(c for p in dataset.places if p.id == "volgograd" for c in p.citations if c.quote)
    assert f"“{first.quote}”" not in slide.lines  # the blog's words are in the notes only
    assert first.quote in slide.notes


def test_tour_deck_has_a_slide_per_stop_with_its_words_map_and_sources(tour_deck):
    from mapgen.tour import tour_stops

    path, result = tour_deck
    dataset = load_dataset(SHIPPED)
    stops = tour_stops(dataset)
    slides = list(Presentation(str(path)).slides)
    assert len(slides) == 1 + len(stops) + 1
    assert slides[-1].shapes.title.text == "Credits"
    maps = set()
    for slide, stop in zip(slides[1:-1], stops, strict=True):
        assert slide.shapes.title.text == stop.title
        assert body_lines(slide) == [stop.text]  # the stop's own words, not a list
        sizes = {run.font.size.pt for p in body(slide).text_frame.paragraphs for run in p.runs}
        assert min(sizes) >= 16, (stop.title, sizes)
        (picture,) = pictures(slide)
        assert Image.open(io.BytesIO(picture.image.blob)).size == (1920, 1080)
        maps.add(picture.image.sha1)
        spoken = notes(slide)
        for citation in stop.citations:
            source = dataset.sources[citation.source]
            assert f"“{citation.quote}”" in spoken, (stop.title, citation.source)
            assert source.title in spoken and (source.url is None or source.url in spoken)
            if source.publisher:
                assert source.publisher in spoken
        for place_id in stop.places:  # then each place of the stop, as the other decks tell it
            place = next(p for p in dataset.places if p.id == place_id)
            assert f"“{place.citations[0].quote}”" in spoken or place.citations[0].quote is None
    assert len(maps) == len(stops)  # each stop's own view
    assert f"[{len(stops)}/{len(stops)}] Map for slide “{stops[-1].title}”" in result.stderr
    copies = [s.read_at.url for s in dataset.sources.values() if s.read_at]
    assert [url for url in copies if url in package_text(path)] == []


# -- the deck from a plan, without a browser -----------------------------------------------


def crowded_year() -> tuple:
    """A dataset with 40 renamings in 1961: more than one slide can show readably."""
    from mapgen.model import Citation, Dataset, Place, ReadAt, Source

    source = Source(
        "atlas",
        "An atlas of renamings",
        publisher="A publisher",
        url="https://example.org/atlas",
        read_at=ReadAt("https://copies.example/atlas", "2025-03-04"),
    )
    places = tuple(
        Place(
            f"town-{i}",
            30 + i / 10,
            50,
            1961,
            (Citation("atlas", f"Old Town Number {i} was renamed New Town Number {i}."),),
            old_name=f"Old Town Number {i}",
            new_name=f"New Town Number {i}",
            country_then="Soviet Union (Russian SFSR)",
            date=f"1961-11-{10 + i % 20:02d}",
        )
        for i in range(40)
    )
    return Dataset("crowded.geojson", places, {"atlas": source}, title="Crowded", caption="Forty at once")


def png(width: int = 1920, height: int = 1080) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(out, format="PNG")
    return out.getvalue()


def test_a_crowded_year_goes_on_over_more_slides(tmp_path):
    from mapgen.options import DeckBy, RenderOptions
    from mapgen.outputs.deck import plan_deck
    from mapgen.outputs.powerpoint import deck_file

    dataset = crowded_year()
    plan = plan_deck(dataset, RenderOptions(), DeckBy.YEAR, "Outlines: Natural Earth")
    path = tmp_path / "crowded.pptx"
    written = deck_file(plan, [png()])
    path.write_bytes(written.content)
    slides = list(Presentation(str(path)).slides)
    titles = [s.shapes.title.text for s in slides]
    assert written.slides == len(slides)
    parts = [t for t in titles if t.startswith("1961")]
    assert len(parts) > 1
    assert parts == [f"1961 ({i} of {len(parts)})" for i in range(1, len(parts) + 1)]
    lines = [line for s in slides[1:-1] for line in body_lines(s)]
    # Every renaming once, in date order, each with its own notes on its own part.
    order = sorted(range(40), key=lambda i: (10 + i % 20, i))
    assert lines == [f"Old Town Number {i} → New Town Number {i} (Soviet Union)" for i in order]
    for slide in slides[1:-1]:
        for line in body_lines(slide):
            n = line.split()[3]
            assert f"“Old Town Number {n} was renamed New Town Number {n}.”" in notes(slide)
        assert min(run.font.size.pt for p in body(slide).text_frame.paragraphs for run in p.runs) >= 16
    counts = [len(body_lines(s)) for s in slides[1:-1]]
    assert max(counts) - min(counts) <= 1  # the parts are even
    # python-pptx keeps one copy of a picture that several slides show.
    with zipfile.ZipFile(path) as package:
        assert len([n for n in package.namelist() if n.startswith("ppt/media/")]) == 1
    assert "copies.example" not in package_text(path)
    assert Presentation(str(path)).core_properties.created.date().isoformat() == "2025-03-04"


def test_the_same_plan_gives_the_same_bytes():
    from mapgen.options import DeckBy, RenderOptions
    from mapgen.outputs.deck import plan_deck
    from mapgen.outputs.powerpoint import deck_file

    plan = plan_deck(crowded_year(), RenderOptions(), DeckBy.PLACE)
    pictures = [png()] * len(plan.slides)
    assert deck_file(plan, pictures) == deck_file(plan, pictures)


def _wrapped_height(paragraphs, width_pt: float, size: float) -> float:
    """How tall (points) ``paragraphs`` set in a real sans serif (Pillow's own, a little wider
    than Arial and Calibri) are, wrapped at word breaks as a presentation program wraps them."""
    from PIL import ImageFont

    font = ImageFont.load_default(size * 10)  # measured at ten times the size, for precision
    rows = 0
    for text in paragraphs:
        line, count = "", 1
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if line and font.getlength(candidate) / 10 > width_pt:
                count, line = count + 1, word
            else:
                line = candidate
        rows += count
    return rows * size * 1.2 + (len(paragraphs) - 1) * size * 0.3 + 7.2


@pytest.mark.parametrize("by", ["year", "place", "tour"])
def test_every_text_fits_its_box_wrapped_word_by_word(by):
    """The words of each slide fit their box as the programs wrap them (a narrow column loses
    the end of nearly every line to a word that does not fit): checked with a real font's widths."""
    from mapgen.options import DeckBy, RenderOptions
    from mapgen.outputs.deck import plan_deck
    from mapgen.outputs.powerpoint import deck_file

    plan = plan_deck(load_dataset(SHIPPED), RenderOptions(), DeckBy(by), "Outlines: Natural Earth")
    written = deck_file(plan, [png()] * sum(1 for s in plan.slides if s.moment is not None))
    deck = Presentation(io.BytesIO(written.content))
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.placeholders:
            paragraphs = [p for p in shape.text_frame.paragraphs if p.text]
            if not paragraphs:
                continue
            size = paragraphs[0].runs[0].font.size.pt
            bulleted = paragraphs[0]._p.pPr is None or paragraphs[0]._p.pPr.get("marL") != "0"
            indent = 27 if bulleted and shape.placeholder_format.idx == 1 else 0
            width = shape.width / 12700 - 14.4 - indent  # the box less its insets (and a bullet's indent)
            needed = _wrapped_height([p.text for p in paragraphs], width, size)
            assert needed <= shape.height / 12700, (by, number, shape.name, size, paragraphs[0].text[:60])
