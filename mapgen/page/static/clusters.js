/* mapgen: thousands of places at once (above the label limit). supercluster indexes every
   place once, in typed arrays, for every zoom; the map then draws only what is in view: a
   marker per place that stands alone, a numbered disc per cluster (a few hundred in all),
   made again at each move. A cluster that holds a place renamed in the slider's year is
   ringed: each cluster carries, as a bit set, the slider's years its places changed name in. */
"use strict";
window.mapgen = window.mapgen || {};

/* options: radius (px), steps (the slider's years), point(place) -> a layer for one place,
   style(layer, place, changed) restyles it, open(place, latlng) opens its popup. */
mapgen.ClusterLayer = L.Layer.extend({
  initialize: function (places, options) {
    this._options = options;
    this._group = L.layerGroup();
    this._drawn = {}; /* "p<index>" or "c<cluster id>" -> its layer, for what is on screen */
    this._year = null;
    var bits = this._bits = {};
    options.steps.forEach(function (year, k) { bits[year] = k; });
    this._words = Math.max(1, Math.ceil(options.steps.length / 32));
    this.load(places);
  },

  /* The bit set of the slider's years in which `place` changed its name. */
  _mask: function (place) {
    var mask = new Array(this._words).fill(0), bits = this._bits, years = place.changeYears;
    for (var i = 0; i < years.length; i++) {
      var k = bits[years[i]];
      if (k !== undefined) mask[k >> 5] |= 1 << (k & 31);
    }
    return mask;
  },

  /* Index these places (the legend's filters index a subset). */
  load: function (places) {
    var self = this, words = this._words;
    this._index = new Supercluster({
      radius: this._options.radius,
      extent: 256, /* Leaflet's tile size: supercluster's zoom is then the map's */
      maxZoom: 16,
      /* Each place's years as a bit set; a cluster's is the union of its members'. Only a
         cluster's own set is written to: made the first time something is merged into it. */
      map: function (place) { return { years: self._mask(place) }; },
      reduce: function (into, props) {
        if (into.owner !== into) { into.years = into.years.slice(); into.owner = into; }
        for (var w = 0; w < words; w++) into.years[w] |= props.years[w];
      }
    });
    /* supercluster reads only a feature's geometry's coordinates and its properties. */
    var features = new Array(places.length);
    for (var i = 0; i < places.length; i++) {
      features[i] = { properties: places[i], geometry: { coordinates: [places[i].lon, places[i].lat] } };
    }
    this._index.load(features);
    this._count = places.length;
    if (this._map) { this._clear(); this._draw(); }
    return this;
  },

  onAdd: function (map) {
    this._group.addTo(map);
    map.on("moveend", this._draw, this);
    this._draw();
  },

  onRemove: function (map) {
    map.off("moveend", this._draw, this);
    this._clear();
    map.removeLayer(this._group);
  },

  _clear: function () {
    this._group.clearLayers();
    this._drawn = {};
  },

  /* What the index holds at this zoom inside the view (and a margin, so a short pan shows
     what it reveals at once). */
  _visible: function (zoom) {
    var b = this._map.getBounds().pad(0.3);
    return this._index.getClusters([b.getWest(), Math.max(-85, b.getSouth()), b.getEast(), Math.min(85, b.getNorth())], zoom);
  },

  _draw: function () {
    var map = this._map;
    if (!map) return;
    var self = this, keep = {}, drawn = this._drawn;
    this._visible(Math.floor(map.getZoom())).forEach(function (f) {
      var props = f.properties;
      var key = props.cluster ? "c" + props.cluster_id : "p" + props.index;
      keep[key] = true;
      if (drawn[key]) return;
      var layer = props.cluster ? self._cluster(f) : self._point(props);
      drawn[key] = layer;
      self._group.addLayer(layer);
    });
    Object.keys(drawn).forEach(function (key) {
      if (!keep[key]) { self._group.removeLayer(drawn[key]); delete drawn[key]; }
    });
    this.setYear(this._year, true);
  },

  _point: function (place) {
    var self = this, layer = this._options.point(place);
    layer.place = place;
    layer.on("click", function () { self._options.open(place, layer.getLatLng()); });
    return layer;
  },

  _icon: function (count, highlighted) {
    var label = document.createElement("span");
    label.textContent = String(count);
    var size = count < 10 ? 30 : count < 100 ? 36 : 44;
    return L.divIcon({
      html: label,
      className: "mapgen-cluster" + (highlighted ? " mapgen-cluster-highlight" : ""),
      iconSize: L.point(size, size)
    });
  },

  _cluster: function (f) {
    var self = this, props = f.properties, c = f.geometry.coordinates;
    /* Reached with Tab like any marker; Enter zooms in as a click does. */
    var title = props.point_count + " places: zoom in";
    var layer = L.marker([c[1], c[0]], { icon: this._icon(props.point_count, false), title: title, alt: title });
    layer.cluster = props;
    layer.on("click", function () { self._expand(layer); });
    return layer;
  },

  /* A click on a cluster zooms to where it splits; places on one spot, which never split,
     are listed in a popup instead, each a button that opens it. */
  _expand: function (layer) {
    var map = this._map, id = layer.cluster.cluster_id;
    var zoom = this._index.getClusterExpansionZoom(id);
    if (zoom <= 16 && zoom <= map.getMaxZoom()) {
      map.setView(layer.getLatLng(), Math.max(zoom, map.getZoom() + 1));
      return;
    }
    var self = this, list = document.createElement("ul");
    list.className = "mapgen-spot-list";
    this._index.getLeaves(id, Infinity).forEach(function (leaf) {
      var place = leaf.properties, item = document.createElement("li"), button = document.createElement("button");
      button.type = "button";
      button.textContent = place.event ? place.title + " (" + place.year + ")" : place.old + " → " + place.new + " (" + place.year + ")";
      button.addEventListener("click", function () { self._options.open(place, L.latLng(place.lat, place.lon)); });
      item.appendChild(button);
      list.appendChild(item);
    });
    L.popup({ maxHeight: 260, className: "mapgen-popup-wrap" }).setLatLng(layer.getLatLng()).setContent(list).openOn(map);
  },

  /* Ring what holds a place renamed in `year` (a cluster, or the place's own marker). */
  setYear: function (year, force) {
    var previous = this._year;
    this._year = year;
    if (year === previous && !force) return;
    var k = this._bits[year], drawn = this._drawn, style = this._options.style;
    Object.keys(drawn).forEach(function (key) {
      var layer = drawn[key];
      if (layer.cluster) {
        var on = k !== undefined && (layer.cluster.years[k >> 5] & (1 << (k & 31))) !== 0;
        if (layer.highlighted === on) return;
        layer.highlighted = on;
        var icon = layer.getElement();
        if (icon) icon.classList.toggle("mapgen-cluster-highlight", on);
        else layer.setIcon(this._icon(layer.cluster.point_count, on));
      } else {
        style(layer, layer.place, layer.place.changeYears.indexOf(year) >= 0);
      }
    }, this);
  },

  /* Where `place` is drawn: {latlng, clustered}; null if it is not in this layer's view. */
  locate: function (place) {
    var own = this._drawn["p" + place.index];
    if (own) return { latlng: own.getLatLng(), clustered: false };
    var drawn = this._drawn, index = this._index;
    var keys = Object.keys(drawn);
    for (var i = 0; i < keys.length; i++) {
      var layer = drawn[keys[i]];
      if (!layer.cluster) continue;
      var found = index.getLeaves(layer.cluster.cluster_id, Infinity).some(function (leaf) { return leaf.properties === place; });
      if (found) return { latlng: layer.getLatLng(), clustered: true };
    }
    return null;
  },

  /* How many places what is drawn stands for (each cluster counts its places). */
  count: function () {
    var drawn = this._drawn;
    return Object.keys(drawn).reduce(function (n, key) {
      return n + (drawn[key].cluster ? drawn[key].cluster.point_count : 1);
    }, 0);
  },

  /* Bring `place` into view as a marker of its own (zooming in until it leaves its cluster),
     then call done(latlng). */
  show: function (place, done) {
    var map = this._map, index = this._index, latlng = L.latLng(place.lat, place.lon);
    var zoom = Math.max(Math.floor(map.getZoom()), 2);
    var d = 1e-7;
    for (; zoom <= 17; zoom++) {
      var alone = index.getClusters([place.lon - d, place.lat - d, place.lon + d, place.lat + d], zoom)
        .some(function (f) { return f.properties === place; });
      if (alone) break;
    }
    zoom = Math.min(Math.max(zoom, map.getZoom()), map.getMaxZoom());
    if (zoom === map.getZoom() && map.getBounds().contains(latlng)) { done(latlng); return; }
    map.once("moveend", function () { done(latlng); });
    map.setView(latlng, zoom, { animate: false });
  },

  size: function () { return this._count; }
});
