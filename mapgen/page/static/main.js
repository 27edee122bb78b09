/* mapgen: start-up. Reads the data the page carries and wires the parts together. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.init = function (map, doc) {
  /* A large map's data is compressed: the map starts once it is inflated (data.js). */
  mapgen.data.read(doc, function (data) { mapgen.start(map, doc, data); });
};

mapgen.start = function (map, doc, data) {
  var topology = JSON.parse(doc.getElementById("mapgen-basemap").textContent);
  var root = doc.documentElement;
  /* `mapgen export` opens the page as map.html#export: a still image, laid out without buttons. */
  if (window.location.hash === "#export") root.classList.add("mapgen-export");
  var title = doc.getElementById("mapgen-title");
  if (title) map.getContainer().appendChild(title); /* the title belongs to the map frame (and its fullscreen) */

  /* "Ready" means every marker is placed and start-up is over: tests and `mapgen export`
     wait for it. */
  var loaded = false, started = false;
  function ready() { if (loaded && started) root.setAttribute("data-mapgen-ready", "true"); }
  var state = {
    year: data.year !== null && data.year !== undefined ? data.year : data.defaultYear,
    markersReady: function () { loaded = true; ready(); }
  };
  map.attributionControl.setPrefix("");
  mapgen.basemap(map, topology);

  var markers = mapgen.markers(map, data, state);
  var panel = null;
  function show(id) {
    var place = data.places.filter(function (p) { return p.id === id; })[0];
    if (place && panel) panel.reveal(place);
    return markers.open(id, { focus: true });
  }
  function setYear(year) {
    state.year = year;
    root.setAttribute("data-mapgen-year", String(year));
    markers.setYear(year);
  }
  var timeline = mapgen.timeline(map, data, state, setYear);
  mapgen.search(map, data, show);
  panel = mapgen.panel(map, data, state, markers, show);
  mapgen.controls(map);
  /* Every control is in place: fit the view to the room they leave, then load the markers,
     so they cluster once, for the final view. */
  var layout = mapgen.layout(map, title);
  state.layout = layout;
  layout.fit(data.bounds);
  markers.load();
  timeline.set(state.year);
  started = true;
  ready();

  /* A small handle for tests, the exporter and curious users in the console. */
  mapgen.api = {
    data: data,
    map: map,
    setYear: timeline.set,
    open: show,
    markerPoint: function (id) {
      var marker = markers.byId[id];
      var shown = markers.visibleParent(marker) || marker;
      var point = map.latLngToContainerPoint(shown.getLatLng());
      var box = map.getContainer().getBoundingClientRect();
      return { x: point.x + box.left, y: point.y + box.top, clustered: shown !== marker };
    },
    /* How many places are on screen, each as its own marker or counted in a cluster. */
    visibleCount: function () {
      return markers.all.filter(function (m) {
        var group = m.place.event ? markers.events : markers.cluster;
        return map.hasLayer(group) && group.hasLayer(m) && markers.visibleParent(m) !== null;
      }).length;
    },
    label: function (id) { return markers.byId[id].labelText; }
  };
};
