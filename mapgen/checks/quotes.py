"""Quotes that are almost right: find the source's own wording and show where they part.

A quote typed with straight apostrophes where the source has curly ones, or with one word
changed, is still refused (quotes are verbatim), but the message shows the closest passage
of the source and the first place where the two differ, so the fix is a copy and paste.
"""

from __future__ import annotations

import difflib

from mapgen.checks.sources import quote_in, squash

#: Below this similarity (0-100) no passage is offered: the quote is probably from another source.
MIN_SCORE = 60
#: Longer passages are shown as a window around the first difference.
MAX_PASSAGE = 160


#: Marks that open and close a quotation, in the pairs people type and paste.
_QUOTATION_MARKS = {'"': '"', "“": "”", "„": "“", "‘": "’", "'": "'", "«": "»", "»": "«", "‚": "‘", "「": "」"}


def _surrounding_marks(quote: str) -> tuple[str, str] | None:
    """The quotation marks a quote was pasted in (``“...”``), or None."""
    quote = quote.strip()
    if len(quote) > 2 and _QUOTATION_MARKS.get(quote[0]) == quote[-1]:
        return quote[0], quote[-1]
    return None


def near_miss(quote: str, text: str) -> str:
    """What to say about a quote not found in ``text``: the closest passage and the first difference.

    Examples
    --------
    >>> print(near_miss("Stalin's name was changed", "In 1961 Stalin’s name was changed."))
    the closest passage of the source reads "Stalin’s name was changed."; the source has "Stalin’s" where the quote has "Stalin's", which differ only in characters that look alike: ’ U+2019 RIGHT SINGLE QUOTATION MARK in the source, ' U+0027 APOSTROPHE in the quote
    >>> near_miss("bananas grow on trees", "Stalingrad was renamed to Volgograd.")
    'no passage of the source comes close; check that the quote belongs to this source'
    >>> near_miss("“renamed to Volgograd.”", "Stalingrad was renamed to Volgograd.")
    'the source has it without the quotation marks around it: leave out “ and ”'
    """
    from rapidfuzz import fuzz  # imported only when a quote fails

    marks = _surrounding_marks(quote)
    if marks and quote_in(quote.strip()[1:-1], text):
        return f"the source has it without the quotation marks around it: leave out {marks[0]} and {marks[1]}"

    quote, text = squash(quote), squash(text)
    found = fuzz.partial_ratio_alignment(quote, text)
    if found is None or found.score < MIN_SCORE:
        return "no passage of the source comes close; check that the quote belongs to this source"
    # The alignment is as long as the quote; a word the quote left out would fall outside it.
    slack = max(12, len(quote) // 5)
    start, end = _word_bounds(text, max(0, found.dest_start - slack), min(len(text), found.dest_end + slack))
    passage = _trim(quote, text[start:end])
    difference = _first_difference(quote, passage)
    shown = _window(passage, difference[2] if difference else 0)
    said = f'the closest passage of the source reads "{shown}"'
    if difference is None:
        return said
    said += f'; the source has "{difference[0]}" where the quote has "{difference[1]}"'
    pairs = look_alike_pairs(difference[0], difference[1])
    if pairs:
        named = "; ".join(
            f"{named_character(theirs)} in the source, {named_character(ours)} in the quote" for theirs, ours in pairs
        )
        said += f", which differ only in characters that look alike: {named}"
    return said


#: Marks that look the same on screen (or nearly): apostrophes, quotation marks, dashes.
LOOK_ALIKE_MARKS = ("'’‘ʼ′`´ʹ", '"“”„″«»', "-‐‑‒–—―−")
#: Characters that look the same on screen (or nearly): those marks, and the Cyrillic letters
#: drawn like Latin ones.
LOOK_ALIKE = (
    *LOOK_ALIKE_MARKS,
    *("aа", "eе", "oо", "pр", "cс", "xх", "iі", "yу", "jј", "sѕ"),
    *("AА", "BВ", "EЕ", "KК", "MМ", "HН", "OО", "PР", "CС", "TТ", "XХ", "IІ"),
)
_GROUP = {c: n for n, group in enumerate(LOOK_ALIKE) for c in group}


def look_alike_pairs(source: str, quote: str) -> list[tuple[str, str]]:
    """The (source's, quote's) characters that differ, when the two differ only in look-alikes.

    Examples
    --------
    >>> look_alike_pairs("Кам’янське.", "Кам'янське.")
    [('’', "'")]
    >>> look_alike_pairs("Volgograd", "Volgagrad")
    []
    """
    if len(source) != len(quote) or source == quote:
        return []
    pairs = [(a, b) for a, b in zip(source, quote, strict=True) if a != b]
    if not all(a in _GROUP and _GROUP[a] == _GROUP.get(b) for a, b in pairs):
        return []
    return list(dict.fromkeys(pairs))


def named_character(char: str) -> str:
    """``’ U+2019 RIGHT SINGLE QUOTATION MARK``: a character as it looks, its code point and its name.

    Examples
    --------
    >>> named_character("’")
    '’ U+2019 RIGHT SINGLE QUOTATION MARK'
    """
    import unicodedata

    name = unicodedata.name(char, "")
    return f"{char} U+{ord(char):04X}" + (f" {name}" if name else "")


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _trim(quote: str, passage: str) -> str:
    """The passage without the words it runs on past either end of the quote."""
    # Words are matched without the punctuation around them: a quote may stop before a full stop.
    words = [_bare(w) for w in quote.split()]
    theirs = passage.split()
    keys = [_bare(w) for w in theirs]
    blocks = [b for b in difflib.SequenceMatcher(None, words, keys, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return passage
    first = blocks[0].b - min(blocks[0].a, blocks[0].b)
    last = (
        blocks[-1].b
        + blocks[-1].size
        + min(len(words) - blocks[-1].a - blocks[-1].size, len(theirs) - blocks[-1].b - blocks[-1].size)
    )
    return " ".join(theirs[first:last])


def _bare(word: str) -> str:
    return word.strip(".,;:!?()[]\"'‘’“”«»„")


def _first_difference(quote: str, passage: str) -> tuple[str, str, int] | None:
    """The source's words and the quote's words at their first difference, and where it is in the passage.

    Words are compared whole, so a curly apostrophe or a changed word is shown with its word.
    """
    words, theirs = quote.split(), passage.split()
    # Whole words are compared (a curly apostrophe counts), except that the quote's last word may stop
    # before the source's punctuation.
    keys = theirs[:]
    if words and theirs and theirs[-1].startswith(words[-1]):
        keys[-1] = words[-1]
    for tag, q1, q2, p1, p2 in difflib.SequenceMatcher(None, words, keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace":  # a word added or left out: show it with the word before it (or after)
            if p1 > 0 and q1 > 0:
                p1, q1 = p1 - 1, q1 - 1
            else:
                p2, q2 = p2 + 1, q2 + 1
        return " ".join(theirs[p1:p2]), " ".join(words[q1:q2]), len(" ".join(theirs[:p1]))
    return None


def _window(passage: str, at: int) -> str:
    if len(passage) <= MAX_PASSAGE:
        return passage
    start = max(0, at - MAX_PASSAGE // 2)
    end = min(len(passage), start + MAX_PASSAGE)
    start, end = _word_bounds(passage, start, end)
    return ("…" if start > 0 else "") + passage[start:end].strip() + ("…" if end < len(passage) else "")
