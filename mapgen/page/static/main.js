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

  /* "Ready" means every place can be seen, searched and opened, and start-up is over: the
     markers (or the cluster index) are in place, the moment a link names is shown, and the
     first frame is painted, so no start-up work is left to run. Tests and `mapgen export`
     wait for it. */
  var loaded = false, started = false, whenReady = [];
  function ready() {
    if (!loaded || !started) return;
    whenReady.splice(0).forEach(function (f) { f(); });
    /* A link to a place opens its popup: on a large map its record is read first. */
    var linked = moment.place === null ? null : data.places.filter(function (p) { return p.id === moment.place; })[0];
    function painted() {
      /* After the next frame (requestAnimationFrame runs before paint; the timeout after it). */
      window.requestAnimationFrame(function () {
        setTimeout(function () { root.setAttribute("data-mapgen-ready", "true"); }, 0);
      });
    }
    if (linked) mapgen.data.whole(data, linked, painted); else painted();
  }
  var state = {
    year: data.year !== null && data.year !== undefined ? data.year : data.openingYear,
    markersReady: function () { loaded = true; ready(); }
  };
  /* A link to a moment (#year=1956, #place=volgograd, #tour=5: hash.js) overrides the opening year. */
  var moment = mapgen.readMoment(window.location.hash, data);
  if (moment.year !== null) state.year = moment.year;
  var openingYear = state.year;
  map.attributionControl.setPrefix("");
  mapgen.basemap(map, topology, mapgen.antimeridian(data));

  var markers = mapgen.markers(map, data, state);
  /* What changed in `year`, as bounds: the opening view frames them (not every far outlier),
     and a year change keeps them in view. */
  /* Every place, for keeping them from under the panels (maps small enough to label each place). */
  var everywhere = markers.all.length <= 500 ? markers.all.map(function (m) { return [m.place.lat, m.place.lon]; }) : null;
  function boundsOf(year) {
    var lats = [], lons = [];
    markers.all.forEach(function (m) {
      if (m.changeYears.indexOf(year) >= 0) { lats.push(m.place.lat); lons.push(m.place.lon); }
    });
    if (!lats.length) return null;
    return [[Math.min.apply(null, lats), Math.min.apply(null, lons)], [Math.max.apply(null, lats), Math.max.apply(null, lons)]];
  }
  var panel = null;
  function show(id, options) {
    var place = data.places.filter(function (p) { return p.id === id; })[0];
    if (place && panel) panel.reveal(place);
    return markers.open(id, options || { focus: true });
  }
  var labels = mapgen.labels(map, data, state, markers, markers.popup);
  state.relayout = labels.layout;
  var timeline = null, layout = null;
  /* The one way the year changes (slider, typed year, tour, hash, api): everything follows. */
  function setYear(year) {
    year = Math.max(data.years[0], Math.min(data.years[1], Math.round(year)));
    state.year = year;
    root.setAttribute("data-mapgen-year", String(year));
    markers.setYear(year);
    if (timeline) timeline.show(year);
    var bounds = started && boundsOf(year);
    /* A view that moves lays the labels out again (moveend); one that stays needs it here. */
    if (!(bounds && layout.keepInView(bounds))) labels.layout();
    map.fire("mapgen:year", { year: year });
  }
  timeline = mapgen.timeline(map, data, state, setYear);
  mapgen.search(map, data, show);
  panel = mapgen.panel(map, data, state, markers, show);
  mapgen.controls(map);
  /* The tour (its box is a control: in place before the view is fitted), the presenter's keys
     (and a deck around the map), links to a moment. */
  var app = {
    setYear: setYear,
    open: show,
    overview: function () {
      map.closePopup();
      layout.fit(boundsOf(openingYear) || data.bounds, everywhere);
      setYear(openingYear);
    }
  };
  var tour = mapgen.tour(map, data, state, app);
  mapgen.keys(doc, data, tour, mapgen.deck(window));
  var links = mapgen.hash(map, data, state, tour, app);
  whenReady.push(function () { links.go(moment); });
  /* Every control is in place: fit the view to the room they leave, then load the markers,
     so they cluster once, for the final view. */
  mapgen.titlePanel(map, title, data);
  layout = mapgen.layout(map, title);
  state.layout = layout;
  layout.fit(boundsOf(state.year) || data.bounds, everywhere);
  markers.load();
  setYear(state.year);
  started = true;
  ready();

  /* A small handle for tests, the exporter and curious users in the console. */
  mapgen.api = {
    data: data,
    map: map,
    setYear: setYear,
    open: show,
    tour: tour,
    markerPoint: function (id) {
      var place = markers.byId[id].place;
      var shown = markers.locate(id) || { latlng: L.latLng(place.lat, place.lon), clustered: false };
      var point = map.latLngToContainerPoint(shown.latlng);
      var box = map.getContainer().getBoundingClientRect();
      return { x: point.x + box.left, y: point.y + box.top, clustered: shown.clustered };
    },
    /* How many places are on screen, each as its own marker or counted in a cluster. */
    visibleCount: markers.visibleCount,
    label: function (id) {
      var m = markers.byId[id];
      return m.labelText !== undefined ? m.labelText : mapgen.names.nameIn(m.place, state.year);
    },
    /* Each placed label's box on the page: {id, text, highlighted, x, y, width, height, leader}. */
    labelRects: labels.rects,
    /* Each drawn marker's box on the page (where it is drawn, after any fanning out), and whether it is ringed. */
    markerRects: function () {
      var box = map.getContainer().getBoundingClientRect();
      return markers.all.filter(function (m) { return m._map; }).map(function (m) {
        var p = map.latLngToContainerPoint(m.getLatLng()), r = m.place.event ? 11 : m.options.radius;
        return { id: m.place.id, x: box.left + p.x - r, y: box.top + p.y - r, width: 2 * r, height: 2 * r, highlighted: !!m.highlighted };
      });
    },
    /* The boxes of the title and every map control, on the page. */
    panelRects: function () {
      var found = map.getContainer().querySelectorAll(".leaflet-control, .mapgen-title");
      return Array.prototype.map.call(found, function (el) {
        var r = el.getBoundingClientRect();
        return { name: el.className, x: r.left, y: r.top, width: r.width, height: r.height };
      }).filter(function (r) { return r.width && r.height; });
    }
  };
};
