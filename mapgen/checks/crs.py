"""Coordinate reference systems: files that declare one (GeoJSON 2008's ``crs`` member) are
reprojected to WGS84 longitude/latitude with geopandas, as RFC 7946 requires."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from mapgen.checks.schema import OBJECT_EXPECTED, show

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


def reproject(points: list[tuple[float, float]], crs, report: Report) -> list[tuple[float, float]] | None:
    """Reproject (x, y) pairs from ``crs`` to WGS84 longitude/latitude with geopandas.

    Returns None after reporting a problem with the file's ``crs`` as a whole; a point that
    has no longitude/latitude in ``crs`` comes back as NaN, for its feature to report.
    """
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
        return None
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    if crs.is_projected and finite and all(abs(x) <= 180 and abs(y) <= 90 for x, y in finite):
        # Metres that small would put every place within 180 m of the projection's origin:
        # far likelier, the numbers are longitude/latitude and "crs" is left over.
        unit = crs.axis_info[0].unit_name if crs.axis_info else "metre"
        report(
            ["crs", "properties", "name"],
            f"every coordinate lies within ±180/±90, which looks like longitude/latitude, but the file declares "
            f'{crs.name}, measured in {unit}s; remove "crs" if the coordinates are longitude/latitude',
        )
        return None
    lonlat = list(zip(series.x.tolist(), series.y.tolist(), strict=True))
    # PROJ wraps coordinates far outside a projection's range (x = 1e30 lands at lon -180)
    # instead of failing: projecting back exposes them, and they are reported per feature.
    back = geopandas.GeoSeries(shapely.points(lonlat), crs="OGC:CRS84").to_crs(crs)
    return [
        (lon, lat)
        if math.isclose(bx, x, rel_tol=1e-6, abs_tol=0.01) and math.isclose(by, y, rel_tol=1e-6, abs_tol=0.01)
        else (math.nan, math.nan)
        for (lon, lat), (x, y), bx, by in zip(lonlat, points, back.x.tolist(), back.y.tolist(), strict=True)
    ]
