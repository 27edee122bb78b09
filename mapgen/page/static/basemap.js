/* mapgen: the built-in basemap. Natural Earth country outlines, inlined in the page, drawn
   beneath the tiles: when tiles cannot load (a projector with no network) or with
   `--tiles none`, the outlines still show where everything is. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.basemap = (function () {
  /* Rings that cross the antimeridian (Russia's Chukotka, Fiji) jump from 180 to -180 and
     would be drawn as a band across the whole map; continue them past 180 instead. */
  function unwrap(ring) {
    for (var i = 1; i < ring.length; i++) {
      var lon = ring[i][0], previous = ring[i - 1][0];
      while (lon - previous > 180) lon -= 360;
      while (lon - previous < -180) lon += 360;
      if (lon !== ring[i][0]) ring[i] = [lon, ring[i][1]]; /* most points need no change */
    }
    return ring;
  }

  function unwrapGeometry(geometry) {
    if (!geometry) return;
    if (geometry.type === "Polygon") geometry.coordinates.forEach(unwrap);
    if (geometry.type === "MultiPolygon") {
      geometry.coordinates.forEach(function (polygon) { polygon.forEach(unwrap); });
    }
  }

  /* `offsets`: the longitudes to draw the outlines at (0, and 360 for places east of 180°:
     antimeridian.js). */
  return function (map, topology, offsets) {
    var pane = map.createPane("mapgen-basemap");
    pane.style.zIndex = 150; /* below the tile pane (200) */
    var countries = topojson.feature(topology, topology.objects.countries);
    countries.features.forEach(function (f) { unwrapGeometry(f.geometry); });
    var renderer = L.canvas({ pane: "mapgen-basemap", padding: 0.5 });
    return (offsets || [0]).map(function (offset, i) {
      return L.geoJSON(countries, {
        pane: "mapgen-basemap",
        renderer: renderer,
        interactive: false,
        attribution: i ? null : "Outlines: Natural Earth",
        coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + offset); },
        style: { color: "#8a8f98", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }
      }).addTo(map);
    });
  };
})();
