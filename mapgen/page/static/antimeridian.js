/* mapgen: places on both sides of the 180° meridian (Chukotka and Alaska, Fiji) are drawn
   side by side. Longitudes run from -180 to 180, so such places would lie a world apart and
   the opening view would frame the whole globe; they are moved onto one continuous stretch
   of longitude instead (some of them east of 180°), and the basemap is drawn there too. */
"use strict";
window.mapgen = window.mapgen || {};

/* Shift the longitudes of `data.places` (and `data.bounds`) so the places take the shortest
   stretch around the globe. Returns the longitudes the basemap must be drawn at, as offsets
   from its own (0, and 360 when places now lie east of 180°). */
mapgen.antimeridian = function (data) {
  var lons = data.places.map(function (p) { return p.lon; }).sort(function (a, b) { return a - b; });
  if (lons.length < 2) return [0];
  /* The widest empty stretch between neighbouring places: the view should leave it out. */
  var widest = lons[0] + 360 - lons[lons.length - 1], cut = null;
  for (var i = 1; i < lons.length; i++) {
    /* Ten degrees of margin: a dataset spread round the whole globe stays as it is. */
    if (lons[i] - lons[i - 1] > widest + 10) { widest = lons[i] - lons[i - 1]; cut = lons[i]; }
  }
  if (cut === null) return [0];
  data.places.forEach(function (p) { if (p.lon < cut) p.lon += 360; });
  var shifted = data.places.map(function (p) { return p.lon; });
  data.bounds = [[data.bounds[0][0], Math.min.apply(null, shifted)], [data.bounds[1][0], Math.max.apply(null, shifted)]];
  return [0, 360];
};
