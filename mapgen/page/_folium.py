"""Loading folium without pandas, for the command line only.

folium imports pandas only to recognise DataFrames, which mapgen never hands it, and that
import is a third of folium's (0.2-0.3 s, a sixth of a 10,000-place build). folium carries
on without pandas when pandas is missing (``folium.utilities`` then sets ``pd = None``).

That is right for a ``mapgen`` command, whose process runs no other code, and wrong in a
notebook, where the user may hand the returned map's folium a DataFrame. So only the CLI
calls :func:`import_folium_without_pandas`; :mod:`mapgen.page.render` (and with it the
Python API) imports folium as usual.
"""

from __future__ import annotations

import sys


def import_folium_without_pandas() -> None:
    """Import folium with pandas kept out, unless either is already loaded (then nothing changes)."""
    if "folium" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  (``import pandas`` then raises ImportError)
    try:
        import folium  # noqa: F401
    finally:
        del sys.modules["pandas"]
