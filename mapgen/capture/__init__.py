"""`mapgen source add`: capture a cited work from a saved page, a PDF, a text file or its address.

The steps, one module each: :mod:`~mapgen.capture.fetch` (the work's bytes and what kind of
file they are), :mod:`~mapgen.capture.extract` (its text and its own metadata, with
trafilatura for web pages and pypdf for PDFs), :mod:`~mapgen.capture.record` (the source
record ``sources/<id>.json``), :mod:`~mapgen.capture.passages` (the sentences that name the
dataset's places, and the look-alike characters to beware of), and :mod:`~mapgen.capture.add`,
which runs them and writes both files or neither. The extractors are imported only here, so
the other commands start without them.
"""
