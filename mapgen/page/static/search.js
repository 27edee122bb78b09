/* mapgen: search over every name a place ever had, native spellings included.
   Typing "Stalino", "Сталинград" or "Dushanbe" finds the place; choosing it zooms there
   and opens its popup. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.search = function (map, data, onChoose) {
  /* Made at the first query: folding every name of 10,000 places would hold up the map. */
  var index = null;
  function entries() {
    index = index || data.places.map(function (place) {
      return { place: place, names: mapgen.names.allNames(place).map(function (n) { return [n, mapgen.names.fold(n)]; }) };
    });
    return index;
  }
  var MAX = 8;

  function find(query) {
    var q = mapgen.names.fold(query);
    if (!q) return [];
    /* Exact matches first, then names that start with the query, then the rest. */
    var exact = [], starts = [], contains = [];
    entries().forEach(function (entry) {
      var best = null, rank = 3;
      entry.names.forEach(function (pair) {
        var at = pair[1].indexOf(q);
        var r = at < 0 ? 3 : pair[1] === q ? 0 : at === 0 ? 1 : 2;
        if (r < rank) { rank = r; best = pair[0]; }
      });
      if (best !== null) [exact, starts, contains][rank].push({ place: entry.place, matched: best });
    });
    return exact.concat(starts, contains).slice(0, MAX);
  }

  var control = L.control({ position: "topright" });
  var input, list, results = [], active = -1;

  /* "Stalino → Donetsk (1961)"; an event: "Khrushchev's speech … (1956)". */
  function describe(r) {
    var p = r.place;
    if (p.event) return p.title + " (" + p.year + ")";
    var now = p.new + " (" + p.year + ")";
    return r.matched === p.new ? now : r.matched + " → " + now;
  }

  function render() {
    list.textContent = "";
    results.forEach(function (r, i) {
      var li = L.DomUtil.create("li", "mapgen-result", list);
      li.id = "mapgen-result-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.textContent = describe(r);
      L.DomEvent.on(li, "mousedown", function (e) { L.DomEvent.preventDefault(e); choose(i); });
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", "mapgen-result-" + active);
    else input.removeAttribute("aria-activedescendant");
    if (input.value && !results.length) {
      list.hidden = false;
      L.DomUtil.create("li", "mapgen-no-result", list).textContent = "No place has had that name";
    }
  }

  function choose(i) {
    var r = results[i];
    if (!r) return;
    input.value = r.matched;
    results = [];
    active = -1;
    render();
    onChoose(r.place.id);
  }

  control.onAdd = function () {
    var div = L.DomUtil.create("div", "mapgen-search");
    div.setAttribute("role", "search");
    input = L.DomUtil.create("input", "mapgen-search-input", div);
    input.type = "search";
    input.placeholder = "Find a place by any of its names…";
    input.setAttribute("aria-label", "Find a place by any name it has had");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-expanded", "false"); /* a combobox must say whether its list is open */
    input.setAttribute("aria-controls", "mapgen-results");
    input.setAttribute("aria-autocomplete", "list");
    list = L.DomUtil.create("ul", "mapgen-results", div);
    list.id = "mapgen-results";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    /* A large map's names beyond the current ones wait in its records until the first query (data.js). */
    L.DomEvent.on(input, "input", function () {
      if (!data.complete) {
        list.textContent = "";
        list.hidden = false;
        L.DomUtil.create("li", "mapgen-no-result", list).textContent = "Reading every place's names…";
      }
      mapgen.data.all(data, function () { results = find(input.value); active = results.length ? 0 : -1; render(); });
    });
    L.DomEvent.on(input, "keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!results.length) return;
        active = (active + (e.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
        render();
        L.DomEvent.preventDefault(e);
      } else if (e.key === "Enter") {
        choose(active >= 0 ? active : 0);
        L.DomEvent.preventDefault(e);
      } else if (e.key === "Escape") {
        results = []; active = -1; input.value = ""; render();
      }
    });
    return div;
  };
  control.addTo(map);
  return { find: find };
};
