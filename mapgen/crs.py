"""Coordinate reference systems: files that declare one (GeoJSON 2008's ``crs`` member) are
reprojected to WGS84 longitude/latitude with geopandas, as RFC 7946 requires."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from mapgen.schema import OBJECT_EXPECTED, show

#: Where a problem goes: (path within the document, message).
Report = Callable[[list[Any], str], None]


def declared_crs(document: dict, report: Report):
    """The CRS a legacy GeoJSON file declares, or None for plain WGS84 longitude/latitude."""
    crs = document.get("crs")
    if crs is None or not isinstance(crs, dict):
        return None  # anything but an object was already reported by the schema
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        report(["crs"], f"expected {OBJECT_EXPECTED['crs']}, got {json.dumps(crs, ensure_ascii=False, default=show)}")
        return None
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        parsed = CRS.from_user_input(name)
    except CRSError:
        report(
            ["crs", "properties", "name"],
            f'expected a coordinate reference system such as "EPSG:3857", got {show(name)}',
        )
        return None
    if not (parsed.is_projected or parsed.is_geographic):
        report(
            ["crs", "properties", "name"],
            f'expected a projected or geographic coordinate reference system such as "EPSG:3857", '
            f"got {show(name)} ({parsed.type_name})",
        )
        return None
    if parsed.equals(CRS.from_user_input("OGC:CRS84")) or parsed.to_epsg() == 4326:
        return None
    return parsed


def reproject(points: list[tuple[float, float]], crs, report: Report) -> list[tuple[float, float]]:
    """Reproject (x, y) pairs from ``crs`` to WGS84 longitude/latitude with geopandas."""
    import geopandas
    import shapely
    from pyproj.exceptions import ProjError

    try:
        series = geopandas.GeoSeries(shapely.points(points), crs=crs).to_crs("OGC:CRS84")
    except (ProjError, RuntimeError, ValueError) as exc:
        report(
            ["crs", "properties", "name"],
            f"cannot reproject {crs.name} to longitude/latitude ({exc}); give the coordinates as WGS84 longitude/latitude "
            'and remove "crs"',
        )
        return [(math.nan, math.nan)] * len(points)
    return list(zip(series.x.tolist(), series.y.tolist(), strict=True))
