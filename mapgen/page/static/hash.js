/* mapgen: links to a moment. The address's #fragment opens the map at a year (#year=1956), at
   a place with its popup open (#place=volgograd, at the year of its renaming unless #year
   says otherwise: #year=1950&place=volgograd), or at a stop of the tour (#tour=5; #tour is
   stop 1, #tour=0 the overview). Anything else in the fragment (#export, an unknown place, a
   year the map does not have) is ignored without a sound.
   As the reader moves (the slider, a popup, the tour), the fragment follows with
   history.replaceState: the address can be copied at any moment, and the Back button is not
   filled with every step. */
"use strict";
window.mapgen = window.mapgen || {};

/* The moment a fragment names, each part checked against the data: {year, place, tour}, null where absent. */
mapgen.readMoment = function (fragment, data) {
  var moment = { year: null, place: null, tour: null };
  String(fragment || "").replace(/^#/, "").split("&").forEach(function (part) {
    var eq = part.indexOf("=");
    var key = eq < 0 ? part : part.slice(0, eq);
    var value = eq < 0 ? null : part.slice(eq + 1);
    try { value = value === null ? null : decodeURIComponent(value); } catch (e) { return; }
    if (key === "year" && /^\d{1,4}$/.test(value)) {
      var year = parseInt(value, 10);
      if (year >= data.years[0] && year <= data.years[1]) moment.year = year;
    } else if (key === "place" && value) {
      var known = data.places.some(function (p) { return p.id === value; });
      if (known) moment.place = value;
    } else if (key === "tour") {
      var stop = value === null || value === "" ? 1 : /^\d{1,6}$/.test(value) ? parseInt(value, 10) : -1;
      if (stop >= 0 && stop <= (data.tour || []).length && (data.tour || []).length) moment.tour = stop;
    }
  });
  return moment;
};

/* The fragment for a moment, without "#": the inverse of readMoment. */
mapgen.writeMoment = function (moment, data) {
  if (moment.tour !== null) return "tour=" + moment.tour;
  var place = moment.place === null ? null : data.places.filter(function (p) { return p.id === moment.place; })[0];
  if (place && moment.year === place.year) return "place=" + place.id;
  var parts = [];
  if (moment.year !== null) parts.push("year=" + moment.year);
  if (place) parts.push("place=" + place.id);
  return parts.join("&");
};

mapgen.hash = function (map, data, state, tour, app) {
  var live = false; /* the fragment follows the reader only once the opening moment is shown */
  var written = null;
  var openPlace = null;
  var exporting = document.documentElement.classList.contains("mapgen-export");

  /* Show a moment (already checked by readMoment). */
  function go(moment) {
    if (moment.tour !== null) {
      tour.go(moment.tour);
    } else {
      if (tour.active()) tour.leave();
      var place = moment.place === null ? null : data.places.filter(function (p) { return p.id === moment.place; })[0];
      if (moment.year !== null) app.setYear(moment.year);
      else if (place) app.setYear(place.year);
      /* No focus: a link's popup must not take the keys from a deck the map is shown in. */
      if (place) app.open(place.id, { focus: false });
    }
    live = true;
    written = window.location.hash.replace(/^#/, "");
  }

  function write() {
    if (!live || exporting) return;
    var moment = tour.active()
      ? { year: null, place: null, tour: tour.position() }
      : { year: state.year, place: openPlace, tour: null };
    var fragment = mapgen.writeMoment(moment, data);
    if (fragment === written) return;
    written = fragment;
    var url = fragment ? "#" + fragment : window.location.pathname + window.location.search;
    try { window.history.replaceState(null, "", url); } catch (e) { /* a sandboxed frame: the address stays */ }
  }

  map.on("popupopen", function (e) {
    openPlace = mapgen.popup.placeOf(e.popup);
    write();
  });
  map.on("popupclose", function () { openPlace = null; write(); });
  map.on("mapgen:year", write);
  tour.onChange(write);

  window.addEventListener("hashchange", function () {
    var fragment = window.location.hash.replace(/^#/, "");
    if (fragment === written) return;
    var moment = mapgen.readMoment(fragment, data);
    if (fragment && moment.year === null && moment.place === null && moment.tour === null) {
      /* A fragment the map cannot show is ignored, as when the map opens with it: the reader
         stays where they are, and the address says so again. */
      written = null;
      write();
      return;
    }
    go(moment);
  });

  return { go: go };
};
