/* mapgen: the built-in basemap. Natural Earth country outlines, inlined in the page, drawn
   beneath the tiles: when tiles cannot load (a projector with no network) or with
   `--tiles none`, the outlines still show where everything is. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.basemap = function (map, topology) {
  var pane = map.createPane("mapgen-basemap");
  pane.style.zIndex = 150; /* below the tile pane (200) */
  var countries = topojson.feature(topology, topology.objects.countries);
  return L.geoJSON(countries, {
    pane: "mapgen-basemap",
    renderer: L.canvas({ pane: "mapgen-basemap", padding: 0.5 }),
    interactive: false,
    attribution: "Outlines: Natural Earth",
    style: { color: "#8a8f98", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }
  }).addTo(map);
};
