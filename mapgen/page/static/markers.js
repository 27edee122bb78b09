/* mapgen: one canvas marker per place (no icon font). Up to a few hundred places each stands
   on its own (labels.js names and spreads them); above that they are clustered where they
   overlap (clusters.js), and only what is in view is drawn. Events sit in a layer of their own. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.markers = function (map, data, state) {
  var colours = {};
  data.people.forEach(function (p) { colours[p.name] = p.colour; });
  /* The people after the palette's twelfth share the colour of the legend's "Others". */
  if (data.others) data.others.names.forEach(function (name) { colours[name] = data.others.colour; });
  var slide = data.preset === "slide";
  var renderer = L.canvas({ padding: 0.5, tolerance: 4 });

  function colourOf(place) { return colours[place.person] || data.otherColour; }
  function radiusOf(place) { return (place.kind === "capital" ? 9 : 7) + (slide ? 2 : 0); }

  function style(place, highlighted) {
    return {
      renderer: renderer,
      radius: radiusOf(place) + (highlighted ? 3 : 0),
      color: highlighted ? "#111111" : "#ffffff",
      weight: highlighted ? 3 : 1.5,
      fillColor: colourOf(place),
      fillOpacity: 0.92
    };
  }

  /* Up to a few hundred places each is drawn on its own and labelled (labels.js spreads the
     ones that share a point); clusters are for thousands. */
  var clustered = data.labels !== "placed";
  var all = [];
  var byId = {};

  function diamond() {
    var shape = document.createElement("span");
    shape.className = "mapgen-diamond";
    return shape;
  }

  function markerOf(place) {
    var marker;
    if (place.event) {
      marker = L.marker([place.lat, place.lon], {
        /* The diamond is an inner element: rotating the icon itself would also rotate the
           translation Leaflet positions it with. */
        icon: L.divIcon({ className: "mapgen-event-icon", iconSize: [22, 22], html: diamond() }),
        keyboard: true, title: place.title, alt: place.title
      });
    } else {
      marker = L.circleMarker([place.lat, place.lon], style(place, false));
    }
    marker.place = place;
    return marker;
  }

  /* Clustered, a place's marker is made only while it is drawn (clusters.js). */
  function restyle(marker, place, changed) {
    if (place.event) {
      var icon = marker.getElement();
      if (icon) icon.classList.toggle("mapgen-highlight", changed);
    } else if (marker.highlighted !== changed) {
      marker.setStyle(style(place, changed));
      if (changed && marker._map) marker.bringToFront();
    }
    marker.highlighted = changed;
  }
  function drawn(place) {
    var marker = markerOf(place);
    marker.bindTooltip(text(fullLabel(place)), { direction: "top", offset: [0, -8], className: "mapgen-hover", opacity: 1 });
    return marker;
  }
  var cluster, events;
  if (clustered) {
    var steps = data.steps.map(function (s) { return s.year; });
    var opener = function (place, latlng) { openAt(place, latlng); };
    var renamings = data.places.filter(function (p) { return !p.event; });
    cluster = new mapgen.ClusterLayer(renamings, { radius: 60, steps: steps, point: drawn, style: restyle, open: opener });
    /* Events get a layer of their own: they can be switched off together. */
    events = new mapgen.ClusterLayer(data.places.filter(function (p) { return p.event; }),
      { radius: 18, steps: steps, point: drawn, style: restyle, open: opener });
    data.places.forEach(function (place) {
      var entry = { place: place, changeYears: place.changeYears };
      all.push(entry);
      byId[place.id] = entry;
    });
  } else {
    cluster = L.featureGroup();
    events = L.featureGroup();
    data.places.forEach(function (place) {
      var marker = markerOf(place);
      if (place.event) events.addLayer(marker);
      marker.trueLatLng = L.latLng(place.lat, place.lon); /* labels.js may draw it a little aside */
      marker.changeYears = mapgen.names.changeYears(place); /* asked again at every slider step */
      all.push(marker);
      byId[place.id] = marker;
    });
  }

  /* Leaflet puts string content into tooltips as HTML; a text node keeps a name a name. */
  function text(name) {
    var span = document.createElement("span");
    span.textContent = name;
    return span;
  }
  /* Open a place's popup. Opened from the keyboard (search, the list), it takes the focus,
     so its links and "more sources" are next for Tab, and Escape gives the focus back. */
  function openMarker(marker, options) {
    openAt(marker.place, marker.getLatLng(), options);
  }
  /* A large map's record is made whole first (data.js: at once on a small map). */
  function openAt(place, latlng, options) {
    mapgen.data.whole(data, place, function () { popupAt(place, latlng, options); });
  }
  function popupAt(place, latlng, options) {
    var content = mapgen.popup.build(place, data, state.year);
    var size = map.getSize();
    var width = Math.min(slide ? 460 : 360, size.x - 90);
    /* The panels lie above popups (Leaflet's controls do): the popup opens in the room they
       leave, and is no taller than it (its tip and margins take about 60 px). */
    var room = state.layout ? state.layout.popupRoom(width + 40) : { l: 10, t: Math.round(size.y * 0.14), r: 10, b: 30, height: size.y * 0.8 };
    var popup = L.popup({
      /* The content's width; the popup adds about 40 px of margins. */
      maxWidth: width,
      minWidth: Math.min(240, size.x - 90),
      maxHeight: Math.max(140, Math.round(room.height - 60)),
      autoPanPaddingTopLeft: [room.l, room.t],
      autoPanPaddingBottomRight: [room.r, room.b],
      className: "mapgen-popup-wrap"
    })
      .setLatLng(latlng)
      .setContent(content)
      .openOn(map);
    content.addEventListener("keydown", function (e) {
      if (e.key === "Escape") map.closePopup(popup);
    });
    if (options && options.focus) {
      var back = document.activeElement;
      content.setAttribute("tabindex", "-1");
      content.focus({ preventScroll: true });
      popup.on("remove", function () { if (back && back.focus) back.focus({ preventScroll: true }); });
    }
  }

  /* "Stalingrad → Volgograd (1961)": what a marker says when the pointer is on it. */
  function fullLabel(place) {
    return place.event ? place.title + " (" + place.year + ")" : place.old + " → " + place.new + " (" + place.year + ")";
  }

  /* Pointing at a marker tells its whole story: "Stalingrad → Volgograd (1961)". */
  if (!clustered) all.forEach(function (marker) {
    marker.bindTooltip(text(fullLabel(marker.place)), {
      direction: "top", offset: [0, -8], className: "mapgen-hover", opacity: 1
    });
  });

  if (!clustered) [cluster, events].forEach(function (group) {
    group.on("click", function (e) { openMarker(e.layer); });
  });

  /* Re-style every marker for `year` (labels.js writes the labels): the time slider's work.
     Clustered, only what is drawn is restyled (by year). At a tour stop about some places
     (state.focus, their ids), those are ringed instead. */
  function setYear(year) {
    if (clustered) {
      cluster.setYear(year);
      events.setYear(year);
      return;
    }
    var focus = state.focus;
    all.forEach(function (marker) {
      var place = marker.place;
      var changed = focus ? focus[place.id] === true : marker.changeYears.indexOf(year) >= 0;
      marker.labelText = mapgen.names.nameIn(place, year);
      if (place.event) {
        var icon = marker.getElement();
        if (icon) icon.classList.toggle("mapgen-highlight", changed);
        marker.highlighted = changed;
      } else if (marker.highlighted !== changed) {
        marker.setStyle(style(place, changed));
        marker.highlighted = changed;
        if (changed && marker._map) marker.bringToFront();
      }
    });
  }

  /* Show only the places `keep(place)` accepts (the legend's filters). */
  function filter(keep) {
    var shown = all.filter(function (m) { return !m.place.event && keep(m.place); });
    if (clustered) cluster.load(shown.map(function (m) { return m.place; }));
    else {
      cluster.clearLayers();
      shown.forEach(function (m) { cluster.addLayer(m); });
    }
    setYear(state.year);
    if (state.relayout) state.relayout();
  }

  /* Where a place is drawn: {latlng, clustered} (its own marker, or the cluster that stands
     for it), or null when it is not drawn (filtered out, or its layer is off). */
  function locate(id) {
    var marker = byId[id];
    if (!marker) return null;
    var group = marker.place.event ? events : cluster;
    if (!map.hasLayer(group)) return null;
    if (clustered) return group.locate(marker.place);
    return group.hasLayer(marker) && marker._map ? { latlng: marker.getLatLng(), clustered: false } : null;
  }

  /* How many places are on screen, each as its own marker or counted in a cluster. */
  function visibleCount() {
    if (clustered) return [cluster, events].reduce(function (n, g) { return n + (map.hasLayer(g) ? g.count() : 0); }, 0);
    return all.filter(function (m) { return locate(m.place.id) !== null; }).length;
  }

  function open(id, options) {
    var marker = byId[id];
    if (!marker) return false;
    var group = marker.place.event ? events : cluster;
    if (marker.place.event && !map.hasLayer(events)) events.addTo(map);
    if (clustered) {
      group.show(marker.place, function (latlng) { openAt(marker.place, latlng, options); });
    } else {
      /* Opened once the view has arrived: a popup opened during the zoom would pan itself
         clear of the panels by where things were before it. */
      map.once("moveend", function () { openMarker(marker, options); });
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
    }
    return true;
  }

  /* Put the markers on the map; done once the view is final, so they cluster once. */
  function load() {
    cluster.addTo(map);
    events.addTo(map);
    if (!clustered) all.forEach(function (m) { if (!m.place.event) cluster.addLayer(m); });
    state.markersReady();
  }

  /* Open a place's popup where the map is (a label was clicked). */
  function popup(id) {
    if (byId[id]) openMarker(byId[id]);
  }

  return {
    popup: popup, cluster: cluster, events: events, clustered: clustered, radiusOf: radiusOf, all: all, byId: byId, colourOf: colourOf,
    setYear: setYear, filter: filter, open: open, locate: locate, visibleCount: visibleCount, load: load
  };
};
