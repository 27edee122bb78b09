/* mapgen: names a place bore over time, and text normalisation for search. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.names = (function () {
  /* The name a place bore in `year`: the last history step that began by then. */
  function nameIn(place, year) {
    if (place.event) return place.title;
    var history = place.history || [];
    if (!history.length) return year >= place.year ? place.new : place.old;
    var current = history[0].name;
    for (var i = 0; i < history.length; i++) {
      var from = history[i].from;
      if (from === undefined || from <= year) current = history[i].name;
    }
    return current;
  }

  /* Years in which this place changed its name (or, for an event, took place). */
  function changeYears(place) {
    if (place.changeYears) return place.changeYears; /* a large map's, from its columns (data.js) */
    var years = [place.year];
    (place.history || []).forEach(function (step) {
      if (step.from !== undefined && years.indexOf(step.from) < 0) years.push(step.from);
    });
    return years;
  }

  /* Every spelling a place ever had, for search. */
  function allNames(place) {
    var names = [place.old, place.new, place.oldNative, place.newNative, place.title, place.id];
    (place.history || []).forEach(function (step) { names.push(step.name, step.native); });
    return names.filter(function (n, i) { return n && names.indexOf(n) === i; });
  }

  /* Lower case, accents dropped, ё as е: "Stalinogród" matches "stalinogrod". */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/ё/g, "е").trim();
  }

  return { nameIn: nameIn, changeYears: changeYears, allNames: allNames, fold: fold };
})();
