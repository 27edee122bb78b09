/* mapgen: the guided tour. It steps through the places in the order the page's data gives
   (mapgen/tour.py: the data file's "tour" list, or time order): each stop flies to the place,
   sets the year through the one shared setYear, opens the popup with its quote, and says
   "Stop 3 of 38" in a live region, so screen readers hear every stop. Position 0 is the
   overview (the opening view); 1..n are the stops. Keys are keys.js's job. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.tour = function (map, data, state, app) {
  var byId = {};
  data.places.forEach(function (p) { byId[p.id] = p; });
  var stops = (data.tour || []).filter(function (id) { return Object.prototype.hasOwnProperty.call(byId, id); })
    .map(function (id) { return byId[id]; });
  var root = document.documentElement;
  var STOP_ZOOM = 6; /* a region around the place: near enough to see it, far enough to see where it is */
  var position = -1; /* -1: no tour */
  var flight = 0; /* each move numbers its flight, so a stop skipped by a quick key press opens no popup */
  var listeners = [];
  var box, start, bar, status, back, next, end;

  function describe(place) {
    var what = place.event ? place.title : place.old + " → " + place.new;
    return what + " (" + place.year + ")";
  }

  function button(className, text, label, parent, onClick) {
    var b = L.DomUtil.create("button", className, parent);
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    L.DomEvent.on(b, "click", onClick);
    return b;
  }

  var control = L.control({ position: "bottomleft" });
  control.onAdd = function () {
    box = L.DomUtil.create("div", "mapgen-tour leaflet-bar");
    start = button("mapgen-tour-start", "▶ Tour", "Start the guided tour: " + stops.length + " stops", box,
      function () { go(1); next.focus({ preventScroll: true }); });
    start.title = stops.length + " stops; Page Down, → and Space go on, Escape ends";
    bar = L.DomUtil.create("div", "mapgen-tour-bar", box);
    back = button("mapgen-tour-back", "‹", "Previous stop", bar, function () { step(-1); });
    /* The live region stays in the page while the tour is off, so its first words are heard. */
    status = L.DomUtil.create("p", "mapgen-tour-status", bar);
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    next = button("mapgen-tour-next", "›", "Next stop", bar, function () { step(1); });
    end = button("mapgen-tour-end", "✕", "End the tour (Escape)", bar, leave);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  if (stops.length) control.addTo(map);

  function say(lead, rest) {
    status.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = lead;
    status.appendChild(strong);
    if (rest) status.appendChild(document.createTextNode(" " + rest));
  }

  function show(active) {
    box.classList.toggle("mapgen-tour-active", active);
    back.disabled = position <= 0;
    next.disabled = position >= stops.length;
    if (active) root.setAttribute("data-mapgen-tour", String(position));
    else root.removeAttribute("data-mapgen-tour");
    listeners.forEach(function (f) { f(position); });
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  /* The band a stop's popup has: below the title, above the tour box and the slider. */
  function room() {
    var size = map.getSize();
    var top = state.layout ? state.layout.placeTitle() : Math.round(size.y * 0.14);
    var column = map.getContainer().querySelector(".leaflet-bottom.leaflet-left");
    var box = map.getContainer().getBoundingClientRect();
    var bottom = column ? column.getBoundingClientRect().top - box.top - 8 : size.y - 30;
    if (bottom - top < 200) bottom = size.y - 30; /* a tiny map: let the popup use it all */
    return { top: top, bottom: bottom, height: size.y };
  }

  /* A stop's popup fits the band (its quote at the top, the rest scrolls), so neither the
     title nor the tour box hides it. */
  var openId = null; /* the place whose popup is open */
  map.on("popupclose", function () { openId = null; });
  map.on("popupopen", function (e) {
    var content = e.popup.getContent();
    openId = content && content.getAttribute ? content.getAttribute("data-place") : null;
    var place = position > 0 ? stops[position - 1] : null;
    if (!place || !content || !content.getAttribute || content.getAttribute("data-place") !== place.id) return;
    var band = room();
    e.popup.options.maxHeight = Math.max(120, band.bottom - band.top - 90);
    e.popup.options.autoPanPaddingTopLeft = [20, band.top];
    e.popup.options.autoPanPaddingBottomRight = [20, band.height - band.bottom];
    e.popup.update();
  });

  /* Fly so the place sits just above the tour box, leaving the band above it for the popup. */
  function flyTo(place, then) {
    var mine = ++flight;
    var zoom = Math.min(STOP_ZOOM, map.getMaxZoom());
    var lift = Math.round(room().bottom - 12 - map.getSize().y / 2);
    var centre = map.unproject(map.project([place.lat, place.lon], zoom).subtract([0, lift]), zoom);
    if (reducedMotion()) {
      map.setView(centre, zoom, { animate: false });
      then();
      return;
    }
    map.flyTo(centre, zoom, { duration: 0.8 });
    /* Listened for after flyTo starts: stopping a move still under way ends it with a moveend of its own. */
    map.once("moveend", function () { if (mine === flight) then(); });
  }

  /* Go to position k (0: overview, 1..n: a stop). Out of range does nothing and says false. */
  function go(k) {
    if (!stops.length || k < 0 || k > stops.length || k !== Math.floor(k)) return false;
    position = k;
    map.closePopup();
    if (k === 0) {
      flight++;
      app.overview();
      say("Overview", "of the tour: " + stops.length + " stops. Next (Page Down) to begin.");
    } else {
      var place = stops[k - 1];
      app.setYear(place.year);
      say("Stop " + k + " of " + stops.length + ":", describe(place));
      flyTo(place, function () {
        app.open(place.id, { focus: false });
        /* A place folded into a cluster opens once the cluster's own zoom ends; should that
           zoom be cut short (a quick key press, a busy machine), ask once more. */
        var mine = flight;
        setTimeout(function () {
          if (mine === flight && openId !== place.id) app.open(place.id, { focus: false });
        }, 2500);
      });
    }
    show(true);
    return true;
  }

  function step(by) { return position >= 0 && go(position + by); }

  function leave() {
    if (position < 0) return;
    var inside = box.contains(document.activeElement);
    position = -1;
    flight++;
    map.closePopup();
    say("Tour ended.");
    show(false);
    if (inside) start.focus({ preventScroll: true });
  }

  return {
    length: stops.length,
    stops: stops,
    go: go,
    next: function () { return step(1); },
    prev: function () { return step(-1); },
    home: function () { return go(0); },
    leave: leave,
    active: function () { return position >= 0; },
    position: function () { return position; },
    onChange: function (f) { listeners.push(f); }
  };
};
