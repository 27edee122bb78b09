/* mapgen: one canvas marker per place (no icon font, fast for many thousands). Up to a few
   hundred places each stands on its own (labels.js names and spreads them); above that they
   are clustered where they overlap. Events sit in a layer of their own. */
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

  /* A cluster is a neutral disc with its count (colours belong to people); one that holds a
     place renamed in the slider's year is ringed like that place would be. */
  function clusterIcon(group) {
    var count = group.getChildCount();
    var highlighted = group.getAllChildMarkers().some(function (m) { return m.highlighted; });
    var size = count < 10 ? 30 : count < 100 ? 36 : 44;
    var label = document.createElement("span");
    label.textContent = String(count);
    return L.divIcon({
      html: label,
      className: "mapgen-cluster" + (highlighted ? " mapgen-cluster-highlight" : ""),
      iconSize: L.point(size, size)
    });
  }

  /* Up to a few hundred places each is drawn on its own and labelled (labels.js spreads the
     ones that share a point); clusters are for thousands. */
  var clustered = data.labels !== "placed";
  var cluster = clustered ? L.markerClusterGroup({
    maxClusterRadius: 60,
    iconCreateFunction: clusterIcon,
    spiderfyOnMaxZoom: true,
    showCoverageOnHover: false,
    chunkedLoading: true,
    chunkProgress: function (done, total) { if (done === total) state.markersReady(); }
  }) : L.featureGroup();
  /* Events get a layer of their own: they can be switched off together. */
  var events = clustered ? L.markerClusterGroup({
    maxClusterRadius: 18, showCoverageOnHover: false, spiderfyOnMaxZoom: true, iconCreateFunction: clusterIcon
  }) : L.featureGroup();
  var all = [];
  var byId = {};

  function diamond() {
    var shape = document.createElement("span");
    shape.className = "mapgen-diamond";
    return shape;
  }

  data.places.forEach(function (place) {
    var marker;
    if (place.event) {
      marker = L.marker([place.lat, place.lon], {
        /* The diamond is an inner element: rotating the icon itself would also rotate the
           translation Leaflet positions it with. */
        icon: L.divIcon({ className: "mapgen-event-icon", iconSize: [22, 22], html: diamond() }),
        keyboard: true, title: place.title, alt: place.title
      });
      events.addLayer(marker);
    } else {
      marker = L.circleMarker([place.lat, place.lon], style(place, false));
    }
    marker.place = place;
    marker.trueLatLng = L.latLng(place.lat, place.lon); /* labels.js may draw it a little aside */
    marker.changeYears = mapgen.names.changeYears(place); /* asked again at every slider step */
    all.push(marker);
    byId[place.id] = marker;
  });

  /* Leaflet puts string content into tooltips as HTML; a text node keeps a name a name. */
  function text(name) {
    var span = document.createElement("span");
    span.textContent = name;
    return span;
  }
  /* Open a place's popup. Opened from the keyboard (search, the list), it takes the focus,
     so its links and "more sources" are next for Tab, and Escape gives the focus back. */
  function openMarker(marker, options) {
    var content = mapgen.popup.build(marker.place, data, state.year);
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
      .setLatLng(marker.getLatLng())
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
  all.forEach(function (marker) {
    marker.bindTooltip(text(fullLabel(marker.place)), {
      direction: "top", offset: [0, -8], className: "mapgen-hover", opacity: 1
    });
  });

  [cluster, events].forEach(function (group) {
    group.on("click", function (e) { openMarker(e.layer); });
  });

  /* Re-style every marker for `year` (labels.js writes the labels): the time slider's work.
     At a tour stop about some places (state.focus, their ids), those are ringed instead. */
  function setYear(year) {
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
    [cluster, events].forEach(function (group) {
      if (group._map && group.refreshClusters) group.refreshClusters(); /* re-ring the clusters for the new year */
    });
  }

  /* Show only the places `keep(place)` accepts (the legend's filters). */
  function filter(keep) {
    var shown = all.filter(function (m) { return !m.place.event && keep(m.place); });
    cluster.clearLayers();
    if (clustered) cluster.addLayers(shown); else shown.forEach(function (m) { cluster.addLayer(m); });
    setYear(state.year);
    if (state.relayout) state.relayout();
  }

  /* The marker itself when drawn, else the cluster that stands for it, else null.
     (markercluster's getVisibleParent looks for icons, which canvas markers do not have.) */
  function visibleParent(marker) {
    if (marker._map) return marker;
    var parent = marker.__parent;
    while (parent && !parent._icon) parent = parent.__parent;
    return parent || null;
  }

  function open(id, options) {
    var marker = byId[id];
    if (!marker) return false;
    var group = marker.place.event ? events : cluster;
    if (marker.place.event && !map.hasLayer(events)) events.addTo(map);
    if (marker._map && clustered) {
      /* Drawn already. (markercluster's zoomToShowLayer looks for an icon, which a canvas
         marker lacks, and never calls back when the map is centred on the marker.) */
      openMarker(marker, options);
    } else if (group.hasLayer(marker) && group.zoomToShowLayer) {
      group.zoomToShowLayer(marker, function () { openMarker(marker, options); });
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
    var renamings = all.filter(function (m) { return !m.place.event; });
    if (clustered && renamings.length) cluster.addLayers(renamings);
    else {
      renamings.forEach(function (m) { cluster.addLayer(m); });
      state.markersReady();
    }
  }

  /* Open a place's popup where the map is (a label was clicked). */
  function popup(id) {
    if (byId[id]) openMarker(byId[id]);
  }

  return {
    popup: popup, cluster: cluster, events: events, clustered: clustered, radiusOf: radiusOf, all: all, byId: byId, colourOf: colourOf,
    setYear: setYear, filter: filter, open: open, visibleParent: visibleParent, load: load
  };
};
