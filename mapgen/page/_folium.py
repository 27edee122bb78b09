"""folium, imported without pandas.

folium imports pandas only to recognise DataFrames, which mapgen never hands it, and that
import is a third of folium's (0.2-0.3 s, a sixth of a 10,000-place build). folium carries
on without pandas when pandas is missing (``folium.utilities`` then sets ``pd = None``), so
pandas is kept out while folium loads and allowed again at once: a later ``import pandas``
works as usual, and a process that already has pandas keeps it (nothing changes then).
"""

from __future__ import annotations

import sys

_without_pandas = "pandas" not in sys.modules
if _without_pandas:
    sys.modules["pandas"] = None  # type: ignore[assignment]  (``import pandas`` then raises ImportError)
try:
    import folium
finally:
    if _without_pandas:
        del sys.modules["pandas"]

__all__ = ["folium"]
