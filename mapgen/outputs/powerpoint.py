"""Write a planned :class:`~mapgen.outputs.deck.Deck` as a 16:9 PowerPoint file (python-pptx).

Only what every presentation program reads alike: python-pptx's default template widened to
16:9, its standard layouts (Title Slide, Title and Content) with their title and body
placeholders, PNG pictures, and plain-text speaker notes. No animations, fonts or macros.
Text is sized here so that it fits its box (PowerPoint does not shrink text until it is
edited); a shrink-on-overflow flag stays on as a backstop for the programs that honour it.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from mapgen.outputs.deck import NOTES_BETWEEN_PLACES, Deck, Slide

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.45)

# Python-pptx's template is 4:3 (10 in wide); its master and layouts are stretched to 13.333 in.
_WIDEN = SLIDE_WIDTH / Inches(10)

# Layouts of python-pptx's default template, by name (the same names in every program).
TITLE_LAYOUT = "Title Slide"
CONTENT_LAYOUT = "Title and Content"

# Map slides: the picture on the left at 16:9, the text in a column on the right.
PICTURE_WIDTH = Inches(8.8)
PICTURE_TOP = Inches(1.3)
TITLE_BOX = (MARGIN, Inches(0.25), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9))
COLUMN_LEFT = MARGIN + PICTURE_WIDTH + Inches(0.3)
COLUMN_BOX = (COLUMN_LEFT, PICTURE_TOP, SLIDE_WIDTH - MARGIN - COLUMN_LEFT, SLIDE_HEIGHT - PICTURE_TOP - Inches(0.35))
FULL_BODY_BOX = (MARGIN, PICTURE_TOP, SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - PICTURE_TOP - Inches(0.35))

BODY_SIZES = (24, 22, 20, 18, 16, 14, 13, 12)
#: A year's list that does not fit at this size goes on over more slides (the same map on
#: each), so that it stays readable from the back of a lecture hall.
READABLE_SIZE = 16
TITLE_SIZES = (40, 36, 32, 28, 24, 20)

# A Calibri-like sans serif averages about half an em per character; a little more is kept
# free so that a wider fallback font (Liberation Sans, Arial) still fits.
_EM_PER_CHAR = 0.55
_LINE_HEIGHT = 1.2
# The inner margins of a text box: 0.1 in left and right, 0.05 in top and bottom.
_INSET_X, _INSET_Y = Inches(0.2), Inches(0.1)
_BULLET_INDENT = Inches(0.375)


def wrapped_rows(line: str, per_row: int) -> int:
    """How many rows ``line`` takes, ``per_row`` characters to a row, wrapped at word breaks as
    a presentation program wraps it (a word that does not fit goes to the next row; one longer
    than a row is broken). In a narrow column the end of nearly every row is lost so.

    >>> wrapped_rows("Stalingrad Volgograd Novokuznetsk", 18)  # 33 characters; no two words share a row
    3
    >>> wrapped_rows("a " * 9, 18)
    1
    """
    rows, used = 1, 0
    for word in line.split():
        wanted = len(word) if used == 0 else used + 1 + len(word)
        if used and wanted > per_row:
            rows, used = rows + 1, len(word)
        else:
            used = wanted
        while used > per_row:
            rows, used = rows + 1, used - per_row
    return rows


def needed_height(lines: Sequence[str], width: int, size: int, indent: int = 0, gap: float = 0.3) -> float:
    """About how tall (EMU) ``lines`` set at ``size`` points are in a box ``width`` EMU wide, one
    paragraph each with ``gap`` em of space before."""
    per_row = max(1, math.floor((width - _INSET_X - indent) / (Pt(size) * _EM_PER_CHAR)))
    rows = sum(wrapped_rows(line, per_row) for line in lines)
    return rows * Pt(size) * _LINE_HEIGHT + max(0, len(lines) - 1) * Pt(size) * gap + _INSET_Y


def fits(lines: Sequence[str], width: int, height: int, size: int, indent: int = 0) -> bool:
    """Whether ``lines`` fit a box of ``width`` × ``height`` EMU at ``size`` points."""
    return needed_height(lines, width, size, indent) <= height


def fitting_size(lines: Sequence[str], width: int, height: int, sizes: Sequence[int], indent: int = 0) -> int:
    """The largest font size (points) in ``sizes`` at which ``lines`` fit a box of ``width`` ×
    ``height`` EMU; else the smallest.

    >>> fitting_size(["a short line"], Inches(4), Inches(1), (24, 12))
    24
    >>> fitting_size(["a long line " * 40], Inches(4), Inches(1), (24, 12))
    12
    """
    return next((size for size in sizes if fits(lines, width, height, size, indent)), sizes[-1])


def split_to_fit(lines: Sequence[str], width: int, height: int, size: int, indent: int = 0) -> list[range]:
    """Cut ``lines`` into as few runs as fit the box at ``size`` points, as even in length as
    they can be (a line too long for the box on its own is a run of its own).

    >>> split_to_fit(["a line"] * 30, Inches(4), Inches(2), 12)
    [range(0, 6), range(6, 12), range(12, 18), range(18, 24), range(24, 30)]
    """
    greedy, start = [], 0
    for end in range(1, len(lines) + 1):
        if end - start > 1 and not fits(lines[start:end], width, height, size, indent):
            greedy.append(range(start, end - 1))
            start = end - 1
    if start < len(lines):
        greedy.append(range(start, len(lines)))
    count = len(greedy)
    bounds = [round(i * len(lines) / count) for i in range(count + 1)]
    even = [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if all(fits(lines[r.start : r.stop], width, height, size, indent) for r in even):
        return even
    return greedy


def _widen_template(presentation) -> None:
    """Stretch the 4:3 template's master and layouts to 16:9, so that a slide the presenter
    adds later is laid out for the wide page too."""
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    master = presentation.slide_master
    for shapes in [master.shapes, *(layout.placeholders for layout in master.slide_layouts)]:
        for shape in shapes:
            xfrm = shape._element.spPr.find(qn("a:xfrm"))
            if xfrm is None:
                continue  # inherits the (already widened) master's position
            shape.left = Emu(round(shape.left * _WIDEN))
            shape.width = Emu(round(shape.width * _WIDEN))


def _layout(presentation, name: str):
    return next(layout for layout in presentation.slide_layouts if layout.name == name)


def _place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(int(v)) for v in box)


def _fill(frame, lines: Sequence[str], size: int, bullets: bool = True) -> None:
    """Write ``lines`` as paragraphs of ``size`` points."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        # On the runs themselves: PowerPoint ignores a paragraph's default run properties.
        for run in paragraph.runs:
            run.font.size = Pt(size)
        if i:
            paragraph.space_before = Pt(round(size * 0.3))
        if not bullets:
            props = paragraph._p.get_or_add_pPr()
            props.set("marL", "0")
            props.set("indent", "0")
            props.insert(0, props.makeelement(qn("a:buNone"), {}))


def _title(slide, text: str, box, sizes=TITLE_SIZES) -> None:
    shape = slide.shapes.title
    _place(shape, box)
    _fill(shape.text_frame, [text], fitting_size([text], box[2], box[3], sizes))


def _body(slide, lines: Sequence[str], box, bullets: bool) -> None:
    body = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == 1)
    _place(body, box)
    if not lines:
        body._element.getparent().remove(body._element)
        return
    indent = _BULLET_INDENT if bullets else 0
    _fill(body.text_frame, lines, fitting_size(lines, box[2], box[3], BODY_SIZES, indent), bullets)


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _title_slide(presentation, content: Slide) -> None:
    slide = presentation.slides.add_slide(_layout(presentation, TITLE_LAYOUT))
    width = SLIDE_WIDTH - 2 * Inches(0.9)
    _title(slide, content.title, (Inches(0.9), Inches(1.6), width, Inches(2.0)), (44, 40, 36, 32, 28))
    subtitle = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == 1)
    box = (Inches(0.9), Inches(3.9), width, Inches(2.4))
    _place(subtitle, box)
    lines = (content.subtitle or "").split("\n")
    _fill(subtitle.text_frame, lines, fitting_size(lines, box[2], box[3], (28, 24, 20, 18, 16)))
    _notes(slide, content.notes)


def _parts(content: Slide, box) -> list[Slide]:
    """``content`` as one slide, or, when its lines do not fit at a readable size and each
    line has its own notes, as several: "1961 (1 of 2)", "1961 (2 of 2)"."""
    indent = _BULLET_INDENT if content.bullets else 0
    if len(content.line_notes) != len(content.lines) or fits(content.lines, box[2], box[3], READABLE_SIZE, indent):
        return [content]
    runs = split_to_fit(content.lines, box[2], box[3], READABLE_SIZE, indent)
    return [
        replace(
            content,
            title=f"{content.title} ({i} of {len(runs)})",
            lines=tuple(content.lines[j] for j in run),
            line_notes=tuple(content.line_notes[j] for j in run),
            notes=NOTES_BETWEEN_PLACES.join(content.line_notes[j] for j in run),
        )
        for i, run in enumerate(runs, 1)
    ]


def _content_slides(presentation, content: Slide, picture: bytes | None) -> None:
    for part in _parts(content, COLUMN_BOX if picture is not None else FULL_BODY_BOX):
        _content_slide(presentation, part, picture)


def _content_slide(presentation, content: Slide, picture: bytes | None) -> None:
    slide = presentation.slides.add_slide(_layout(presentation, CONTENT_LAYOUT))
    _title(slide, content.title, TITLE_BOX)
    if picture is None:
        _body(slide, content.lines, FULL_BODY_BOX, content.bullets)
    else:
        shape = slide.shapes.add_picture(io.BytesIO(picture), MARGIN, PICTURE_TOP, width=PICTURE_WIDTH)
        # Read aloud by screen readers, and shown where a program cannot draw the picture.
        shape._element.nvPicPr.cNvPr.set("descr", f"The map: {content.title}")
        shape.name = "Map"
        _body(slide, content.lines, COLUMN_BOX, content.bullets)
    _notes(slide, content.notes)


def _fixed_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The same package with every member dated ``date_time``: python-pptx stamps each
    member with the clock, and the same data must give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info))
    return out.getvalue()


@dataclass(frozen=True)
class DeckFile:
    """A written deck: the .pptx bytes, and how many slides it has (a long year takes more
    than one)."""

    content: bytes
    slides: int


def deck_file(deck: Deck, pictures: Sequence[bytes]) -> DeckFile:
    """The .pptx file for ``deck``; ``pictures`` are the PNGs of its map slides, in order.

    The file is dated ``deck.dated`` throughout (document properties and zip members), so the
    same data and pictures give the same bytes.
    """
    presentation = Presentation()
    _widen_template(presentation)
    _title_slide(presentation, deck.title)
    images = iter(pictures)
    for content in deck.slides:
        _content_slides(presentation, content, next(images) if content.moment is not None else None)
    _content_slides(presentation, deck.credits, None)

    props = presentation.core_properties
    props.title = deck.title.title
    props.subject = deck.subject.replace("\n", " · ")
    props.author = "mapgen"
    props.last_modified_by = "mapgen"
    props.comments = "Made with mapgen; the speaker notes quote the sources."
    props.revision = 1
    props.created = props.modified = deck.dated
    buffer = io.BytesIO()
    presentation.save(buffer)
    stamp = deck.dated.timetuple()[:6]
    content = _fixed_zip(buffer.getvalue(), (max(1980, stamp[0]), *stamp[1:]))
    return DeckFile(content, len(presentation.slides))
