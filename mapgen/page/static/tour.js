/* mapgen: the guided tour. Its stops come from the page's data (mapgen/tour.py: the data
   file's chapters, or one stop per year of renamings). A stop shows its title, its words and
   its sources in the story panel, sets the year through the one shared setYear, rings its
   places, and frames them in the room the panels leave (or looks where the stop's own view
   says); a stop about one place may open its popup. "Stop 3 of 7" is said in a live region,
   so screen readers hear every stop. Position 0 is the overview (the opening view); 1..n are
   the stops. Keys are keys.js's job. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.tour = function (map, data, state, app) {
  var byId = {};
  data.places.forEach(function (p) { byId[p.id] = p; });
  var stops = (data.tour || []).map(function (s) {
    var places = (s.places || []).filter(function (id) { return Object.prototype.hasOwnProperty.call(byId, id); });
    return {
      title: s.title, text: s.text || "", places: places, year: s.year === undefined ? null : s.year,
      view: s.view || null, cites: s.cites || [], popup: places.indexOf(s.popup) >= 0 ? s.popup : null
    };
  });
  var root = document.documentElement;
  /* A stop with no year and no places (an overview) shows the year the map opens at, the same
     whichever way the reader comes to it (and in the deck's picture of it). */
  var mapsYear = data.year !== null && data.year !== undefined ? data.year : data.openingYear;
  var STOP_ZOOM = 7; /* the closest a stop's framing goes: near enough to see its places, far enough to see where they are */
  var closest = null; /* ... for this data: closestZoom() */
  var position = -1; /* -1: no tour */
  var flight = 0; /* each move numbers its flight, so a stop skipped by a quick key press opens no popup */
  var listeners = [];
  var folded = false; /* the reader folded the story panel away (to see the map): it stays so from stop to stop */
  var box, start, bar, status, back, next, end, story;

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

  /* The story panel: the stop's title, its words and its sources. A control, so the labels and
     the framing keep clear of it like any other panel; it shows only at a stop. */
  var panel = L.control({ position: "topleft" });
  panel.onAdd = function () {
    story = L.DomUtil.create("section", "mapgen-story");
    story.setAttribute("aria-label", "Tour stop");
    story.hidden = true;
    L.DomEvent.disableClickPropagation(story);
    L.DomEvent.disableScrollPropagation(story);
    return story;
  };
  /* The panel joins the map at the first stop: until then the map's own opening is untouched. */
  if (stops.length) control.addTo(map);

  function fill(stop, k) {
    if (!story) panel.addTo(map);
    story.textContent = "";
    var el = mapgen.popup.el;
    var head = el("div", "mapgen-story-head");
    head.appendChild(el("p", "mapgen-story-count", "Stop " + k + " of " + stops.length));
    story.appendChild(head);
    story.appendChild(el("h2", "mapgen-story-title", stop.title));
    var body = el("div", "mapgen-story-body");
    body.id = "mapgen-story-body";
    if (stop.text) body.appendChild(el("p", "mapgen-story-text", stop.text));
    if (stop.cites.length) {
      /* The evidence for the words, one click away (open on a wide screen: there is room). */
      var sources = el("details", "mapgen-story-sources");
      sources.appendChild(el("summary", null, stop.cites.length === 1 ? "Source" : "Sources (" + stop.cites.length + ")"));
      stop.cites.forEach(function (cite) { sources.appendChild(mapgen.popup.citation(data, cite)); });
      body.appendChild(sources);
    }
    if (body.firstChild) {
      story.appendChild(body);
      /* On a phone the words can take half the screen: folded, the panel keeps the stop's
         number and title, and the map gets the room back. */
      var fold = el("button", "mapgen-story-fold");
      fold.type = "button";
      fold.setAttribute("aria-controls", body.id);
      fold.addEventListener("click", function () {
        folded = !folded;
        showFold(fold);
        map.fire("mapgen:panels"); /* the panel shrank or grew: labels and framing make room */
      });
      head.appendChild(fold);
      showFold(fold);
    } else {
      story.classList.remove("mapgen-story-folded");
    }
    story.hidden = false;
    /* As tall as the column leaves room for above the tour box and the slider (the rest scrolls). */
    var frame = map.getContainer().getBoundingClientRect();
    var low = map.getContainer().querySelector(".leaflet-bottom.leaflet-left");
    var top = story.getBoundingClientRect().top;
    var bottom = low && low.getBoundingClientRect().height ? low.getBoundingClientRect().top : frame.bottom;
    story.style.maxHeight = Math.max(160, Math.round(bottom - top - 12)) + "px";
  }

  function showFold(fold) {
    story.classList.toggle("mapgen-story-folded", folded);
    fold.textContent = folded ? "Show" : "Hide";
    fold.setAttribute("aria-expanded", String(!folded));
    fold.setAttribute("aria-label", folded ? "Show the stop's words" : "Hide the stop's words");
  }

  /* "Stop 3 of 7" in bold, then the rest; at a stop the rest (": its title", shown in the panel)
     is only heard. */
  function say(lead, rest) {
    status.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = lead;
    status.appendChild(strong);
    if (rest) {
      var words = document.createElement("span");
      words.className = "mapgen-tour-rest";
      words.textContent = rest;
      status.appendChild(words);
    }
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

  /* The panels' boxes (every control, the title), in the map's pixels. */
  function panelBoxes() {
    var frame = map.getContainer().getBoundingClientRect();
    var found = map.getContainer().querySelectorAll(".leaflet-control, .mapgen-title");
    return Array.prototype.map.call(found, function (e) {
      var r = e.getBoundingClientRect();
      return { x0: r.left - frame.left, y0: r.top - frame.top, x1: r.right - frame.left, y1: r.bottom - frame.top };
    }).filter(function (r) { return r.x1 > r.x0 && r.y1 > r.y0; });
  }

  /* The free rectangle, between the panels, in which `bounds` can be shown largest: its
     edges are the map's or the panels' own (a few hundred candidates for a dozen panels). */
  function room(bounds) {
    var size = map.getSize(), panels = panelBoxes(), gap = 14;
    var lefts = [gap], rights = [size.x - gap], tops = [gap], bottoms = [size.y - gap];
    panels.forEach(function (r) {
      lefts.push(r.x1 + gap); rights.push(r.x0 - gap); tops.push(r.y1 + gap); bottoms.push(r.y0 - gap);
    });
    var best = null;
    lefts.forEach(function (x0) {
      rights.forEach(function (x1) {
        if (x1 - x0 < 120) return;
        tops.forEach(function (y0) {
          bottoms.forEach(function (y1) {
            if (y1 - y0 < 100) return;
            var clear = panels.every(function (r) { return r.x1 <= x0 || r.x0 >= x1 || r.y1 <= y0 || r.y0 >= y1; });
            if (!clear) return;
            var zoom = bounds ? map.getBoundsZoom(bounds, false, L.point(size.x - (x1 - x0), size.y - (y1 - y0))) : 0;
            var area = (x1 - x0) * (y1 - y0);
            if (!best || zoom > best.zoom || (zoom === best.zoom && area > best.area)) {
              best = { zoom: zoom, area: area, x0: x0, y0: y0, x1: x1, y1: y1 };
            }
          });
        });
      });
    });
    return best || { x0: 0, y0: 0, x1: size.x, y1: size.y };
  }

  /* A stop's popup stays in the room beside the panels, its quote at the top. */
  var openId = null, opened = null; /* the place whose popup is open, and that popup */
  map.on("popupclose", function () { openId = opened = null; });
  map.on("popupopen", function (e) {
    openId = mapgen.popup.placeOf(e.popup);
    opened = e.popup;
    var stop = position > 0 ? stops[position - 1] : null;
    if (stop && openId !== null && openId === stop.popup) keepPopupInRoom(e.popup);
  });
  function keepPopupInRoom(popup) {
    var r = room(null), size = map.getSize();
    popup.options.maxHeight = Math.max(120, r.y1 - r.y0 - 60);
    popup.options.maxWidth = Math.max(220, Math.min(popup.options.maxWidth, r.x1 - r.x0 - 50));
    popup.options.autoPanPaddingTopLeft = [r.x0, r.y0];
    popup.options.autoPanPaddingBottomRight = [size.x - r.x1, size.y - r.y1];
    popup.update(); /* laid out again, and panned into the room */
  }

  /* Where a stop looks: its own view, or its places (else every place) in the free room. */
  function target(stop) {
    var r, size = map.getSize();
    if (stop.view) {
      /* The view's centre in the middle of what the reader sees: the room the panels leave. */
      var zoom = stop.view.zoom;
      r = room(null);
      var shift = L.point((r.x0 + r.x1 - size.x) / 2, (r.y0 + r.y1 - size.y) / 2);
      var spot = map.project(L.latLng(stop.view.lat, stop.view.lon), zoom);
      return { center: map.unproject(spot.subtract(shift), zoom), zoom: zoom };
    }
    var points = stop.places.map(function (id) { return [byId[id].lat, byId[id].lon]; });
    var bounds = L.latLngBounds(points.length ? points : data.bounds);
    r = room(bounds);
    /* Labels need room around their places: keep a margin inside the free rectangle. */
    var pad = Math.min(60, Math.round((r.x1 - r.x0) / 8), Math.round((r.y1 - r.y0) / 8));
    return {
      bounds: bounds,
      options: {
        paddingTopLeft: [r.x0 + pad, r.y0 + pad],
        paddingBottomRight: [size.x - r.x1 + pad, size.y - r.y1 + pad],
        maxZoom: Math.min(closestZoom(), map.getMaxZoom())
      }
    };
  }

  /* How close a stop may frame its places: zoom 7 for a country's or a continent's places; a
     dataset of one city's streets as close as the zoom that shows the whole city, and two
     steps more (as the opening view), so its streets are not one blob at the zoom of a region. */
  function closestZoom() {
    if (closest === null) {
      var whole = data.places.length > 1 ? map.getBoundsZoom(L.latLngBounds(data.bounds), false, L.point(80, 80)) : 0;
      closest = Math.max(STOP_ZOOM, Math.min(16, Math.floor(whole) + 2));
    }
    return closest;
  }

  /* The stop's own framing again, at once: after a panel came, went or changed size (the offline
     notice, the folded story panel), once the layout has brought the year's places back into
     view (its listener runs first), and before the page is painted. */
  function reframe() {
    if (position <= 0) return;
    var stop = stops[position - 1], aim = target(stop);
    if (aim.bounds) map.fitBounds(aim.bounds, L.extend({ animate: false }, aim.options));
    else map.setView(aim.center, aim.zoom, { animate: false });
    if (opened && stop.popup && openId === stop.popup) keepPopupInRoom(opened); /* its room moved too */
  }
  var watching = false;
  function watchPanels() {
    /* Listened for from the first stop on, so after the layout's own listener. */
    if (watching) return;
    watching = true;
    map.on("mapgen:panels", reframe);
  }

  function move(stop, then) {
    var mine = ++flight, aim = target(stop), still = reducedMotion();
    if (aim.bounds) {
      if (still) map.fitBounds(aim.bounds, L.extend({ animate: false }, aim.options));
      else map.flyToBounds(aim.bounds, L.extend({ duration: 0.8 }, aim.options));
    } else if (still) {
      map.setView(aim.center, aim.zoom, { animate: false });
    } else {
      map.flyTo(aim.center, aim.zoom, { duration: 0.8 });
    }
    if (still) { then(); return; }
    /* Listened for after the move starts: stopping a move still under way ends it with a moveend of its own. */
    map.once("moveend", function () { if (mine === flight) then(); });
  }

  /* Stop k is shown in full: tests and the PowerPoint export wait for this mark. */
  function settled(mine) {
    if (mine === flight) root.setAttribute("data-mapgen-tour-still", "true");
  }

  /* Go to position k (0: overview, 1..n: a stop). Out of range does nothing and says false. */
  function go(k) {
    if (!stops.length || k < 0 || k > stops.length || k !== Math.floor(k)) return false;
    watchPanels();
    position = k;
    root.removeAttribute("data-mapgen-tour-still");
    map.closePopup();
    if (k === 0) {
      var mine = ++flight;
      state.focus = null;
      if (story) story.hidden = true;
      show(true);
      app.overview();
      say("Overview", " of the tour: " + stops.length + " stops. Next (Page Down) to begin.");
      settled(mine);
      return true;
    }
    var stop = stops[k - 1];
    /* Its places are ringed (and only they), whatever the year rings otherwise. */
    state.focus = null;
    if (stop.places.length) {
      state.focus = {};
      stop.places.forEach(function (id) { state.focus[id] = true; });
    }
    say("Stop " + k + " of " + stops.length, ": " + stop.title);
    show(true);
    fill(stop, k);
    app.setYear(stop.year === null ? mapsYear : stop.year);
    move(stop, function () {
      var mine = flight;
      if (!stop.popup) { settled(mine); return; }
      app.open(stop.popup, { focus: false });
      /* The popup's own pan is short; the mark waits for it. A place folded into a cluster
         opens once the cluster's zoom ends: should that be cut short, ask once more. */
      setTimeout(function () { settled(mine); }, 450);
      setTimeout(function () {
        if (mine === flight && openId !== stop.popup) app.open(stop.popup, { focus: false });
      }, 2500);
    });
    return true;
  }

  function step(by) { return position >= 0 && go(position + by); }

  function leave() {
    if (position < 0) return;
    var inside = box.contains(document.activeElement) || (story && story.contains(document.activeElement));
    position = -1;
    flight++;
    state.focus = null;
    if (story) story.hidden = true;
    root.removeAttribute("data-mapgen-tour-still");
    map.closePopup();
    say("Tour ended.");
    show(false);
    app.setYear(state.year); /* the year's own places are ringed again */
    if (inside) start.focus({ preventScroll: true });
  }

  return {
    length: stops.length,
    stops: stops,
    go: go,
    next: function () { return step(1); },
    prev: function () { return step(-1); },
    home: function () { return go(0); },
    last: function () { return go(stops.length); },
    leave: leave,
    active: function () { return position >= 0; },
    position: function () { return position; },
    onChange: function (f) { listeners.push(f); }
  };
};
