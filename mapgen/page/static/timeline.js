/* mapgen: the year slider. At each year every marker is labelled with the name it bore
   then, and places renamed that year stand out. Play steps through the years in which a
   name changed, so a span of centuries still plays in seconds. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.timeline = function (map, data, state, onYear) {
  var first = data.years[0], last = data.years[1];
  var stops = [];
  data.places.forEach(function (p) {
    mapgen.names.changeYears(p).forEach(function (y) { if (stops.indexOf(y) < 0) stops.push(y); });
  });
  stops.sort(function (a, b) { return a - b; });

  var control = L.control({ position: "bottomleft" });
  var input, output, button, timer = null;

  function set(year) {
    year = Math.max(first, Math.min(last, year));
    input.value = String(year);
    output.textContent = String(year);
    input.setAttribute("aria-valuetext", "Year " + year);
    onYear(year);
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    button.textContent = "▶";
    button.setAttribute("aria-label", "Play through the years");
    button.setAttribute("aria-pressed", "false");
  }

  function play() {
    if (timer !== null) { stop(); return; }
    var year = state.year >= last ? first - 1 : state.year;
    button.textContent = "❚❚";
    button.setAttribute("aria-label", "Pause");
    button.setAttribute("aria-pressed", "true");
    function step() {
      var next = stops.filter(function (y) { return y > year; })[0];
      if (next === undefined) { stop(); return; }
      year = next;
      set(year);
    }
    step();
    timer = setInterval(step, 1200);
  }

  control.onAdd = function () {
    var div = L.DomUtil.create("div", "mapgen-timeline leaflet-bar");
    button = L.DomUtil.create("button", "mapgen-play", div);
    button.type = "button";
    var label = L.DomUtil.create("label", "mapgen-timeline-label", div);
    label.textContent = "Year";
    label.htmlFor = "mapgen-year";
    input = L.DomUtil.create("input", "mapgen-year", div);
    input.type = "range";
    input.id = "mapgen-year";
    input.min = String(first);
    input.max = String(last);
    input.step = "1";
    /* Tick marks where names changed, so the busy years show on the bar. */
    var ticks = L.DomUtil.create("datalist", "", div);
    ticks.id = "mapgen-year-ticks";
    stops.forEach(function (y) {
      var option = document.createElement("option");
      option.value = String(y);
      ticks.appendChild(option);
    });
    input.setAttribute("list", ticks.id);
    output = L.DomUtil.create("output", "mapgen-year-value", div);
    output.htmlFor = "mapgen-year";
    output.setAttribute("aria-live", "polite");
    stop();
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    L.DomEvent.on(input, "input change", function () { stop(); set(parseInt(input.value, 10)); });
    L.DomEvent.on(button, "click", play);
    return div;
  };
  control.addTo(map);
  return { set: set, stop: stop, stops: stops };
};
