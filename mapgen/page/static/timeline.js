/* mapgen: the year slider. It steps through the years in which names changed (the payload's
   `steps`), not through every year: on its track each such year takes room by how many
   renamings it had, a long stretch with nothing is drawn as a break, and a bar marks each
   year's count. Any year can also be typed. Arrow keys go to the next or previous year with
   a change, Page keys five such years, Home and End the first and last. Play steps through
   them in turn. The slider only reports a year (`onYear`); main.js's setYear changes the map
   and calls `show` back. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.timeline = function (map, data, state, onYear) {
  var first = data.years[0], last = data.years[1];
  var steps = data.steps.length ? data.steps : [{ year: first, renamings: 0, events: 0 }];
  var stops = steps.map(function (s) { return s.year; });
  var LONG_GAP = 10; /* years with no change that the track shows as a break */

  /* Track positions: busy years get more room; a long gap leaves an empty stretch. */
  var positions = [0];
  for (var i = 1; i < steps.length; i++) {
    var weight = 1 + 0.8 * (Math.sqrt(steps[i - 1].renamings) + Math.sqrt(steps[i].renamings));
    var gap = steps[i].year - steps[i - 1].year > LONG_GAP ? 2 : 0;
    positions.push(positions[i - 1] + Math.round(10 * (weight + gap)));
  }
  var end = positions[positions.length - 1] || 1;
  var most = Math.max.apply(null, steps.map(function (s) { return s.renamings + s.events; }).concat([1]));

  var control = L.control({ position: "bottomleft" });
  var range, typed, count, button, marks, timer = null;

  /* The stop at or before `year` (the slider's thumb shows the last change up to then). */
  function stopIndex(year) {
    var at = 0;
    for (var k = 0; k < stops.length; k++) if (stops[k] <= year) at = k;
    return at;
  }

  function describe(year) {
    var k = stops.indexOf(year);
    if (k < 0) return "no renaming";
    var n = steps[k].renamings, e = steps[k].events;
    var parts = [];
    if (n) parts.push(n + (n === 1 ? " renaming" : " renamings"));
    if (e) parts.push(e + (e === 1 ? " event" : " events"));
    return parts.join(", ");
  }

  /* Show `year` on the controls (called by main.js's setYear; never changes the map itself). */
  function show(year) {
    var k = stopIndex(year);
    range.value = String(positions[k]);
    range.setAttribute("aria-valuetext", year + ": " + describe(year));
    typed.value = String(year);
    typed.removeAttribute("aria-invalid");
    count.textContent = describe(year);
  }

  function set(year) {
    year = Math.max(first, Math.min(last, Math.round(year)));
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
    var year = state.year >= stops[stops.length - 1] ? first - 1 : state.year;
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

  /* The marks above the track: a bar per year (its height the count), breaks at long gaps,
     and the year written under the busiest ones where there is room. */
  function drawMarks() {
    marks.textContent = "";
    var width = marks.getBoundingClientRect().width || 300;
    var labelled = [];
    var byCount = steps.map(function (s, k) { return k; }).sort(function (a, b) {
      return steps[b].renamings - steps[a].renamings || a - b;
    });
    steps.forEach(function (s, k) {
      var bar = L.DomUtil.create("span", "mapgen-tick", marks);
      bar.style.left = (100 * positions[k] / end) + "%";
      bar.style.height = (0.25 + 0.95 * Math.sqrt((s.renamings + s.events) / most)) + "rem";
      bar.setAttribute("data-year", String(s.year));
      bar.setAttribute("data-count", String(s.renamings));
      bar.title = s.year + ": " + describe(s.year);
      if (k && s.year - steps[k - 1].year > LONG_GAP) {
        var gap = L.DomUtil.create("span", "mapgen-gap", marks);
        gap.style.left = (50 * (positions[k] + positions[k - 1]) / end) + "%";
        gap.title = (s.year - steps[k - 1].year - 1) + " years without a change";
      }
    });
    /* Years written under the track: the busiest first, while they do not touch. */
    var room = 2.9 * parseFloat(getComputedStyle(marks).fontSize || "12"); /* a year is about 2.4 em wide */
    byCount.forEach(function (k) {
      if (labelled.length >= 6 || (!steps[k].renamings && labelled.length)) return;
      var x = width * positions[k] / end;
      if (labelled.some(function (o) { return Math.abs(o - x) < room; })) return;
      labelled.push(x);
      var year = L.DomUtil.create("span", "mapgen-tick-year", marks);
      year.style.left = (100 * positions[k] / end) + "%";
      year.textContent = String(steps[k].year);
      year.setAttribute("aria-hidden", "true");
    });
  }

  control.onAdd = function () {
    var div = L.DomUtil.create("div", "mapgen-timeline leaflet-bar");
    button = L.DomUtil.create("button", "mapgen-play", div);
    button.type = "button";
    var track = L.DomUtil.create("div", "mapgen-track", div);
    var label = L.DomUtil.create("label", "mapgen-timeline-label mapgen-visually-hidden", track);
    label.textContent = "Years in which names changed";
    label.htmlFor = "mapgen-year";
    marks = L.DomUtil.create("div", "mapgen-marks", track);
    marks.setAttribute("aria-hidden", "true");
    range = L.DomUtil.create("input", "mapgen-year", track);
    range.type = "range";
    range.id = "mapgen-year";
    range.min = "0";
    range.max = String(end);
    range.step = "1";
    var side = L.DomUtil.create("div", "mapgen-year-box", div);
    typed = L.DomUtil.create("input", "mapgen-year-value", side);
    typed.type = "number";
    typed.id = "mapgen-year-typed";
    typed.min = String(first);
    typed.max = String(last);
    typed.step = "1";
    typed.inputMode = "numeric";
    typed.setAttribute("aria-label", "Year (type any year from " + first + " to " + last + ")");
    count = L.DomUtil.create("output", "mapgen-year-count", side);
    count.htmlFor = "mapgen-year";
    count.setAttribute("aria-live", "polite");
    stop();
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    /* A drag lands on the nearest year with a change. */
    L.DomEvent.on(range, "input", function () {
      stop();
      var v = parseInt(range.value, 10), k = 0;
      positions.forEach(function (p, j) { if (Math.abs(p - v) < Math.abs(positions[k] - v)) k = j; });
      set(stops[k]);
    });
    L.DomEvent.on(range, "keydown", function (e) {
      var k = stops.indexOf(state.year), here = stopIndex(state.year);
      var moves = {
        ArrowRight: here + 1,
        ArrowUp: here + 1,
        ArrowLeft: k < 0 ? here : here - 1,
        ArrowDown: k < 0 ? here : here - 1,
        PageUp: here + 5, PageDown: here - 5, Home: 0, End: stops.length - 1
      };
      if (!(e.key in moves)) return;
      L.DomEvent.preventDefault(e);
      stop();
      set(stops[Math.max(0, Math.min(stops.length - 1, moves[e.key]))]);
    });
    L.DomEvent.on(typed, "change", function () {
      var year = Number(typed.value);
      if (typed.value === "" || !Number.isInteger(year) || year < first || year > last) {
        typed.setAttribute("aria-invalid", "true");
        return;
      }
      stop();
      set(year);
    });
    L.DomEvent.on(typed, "keydown", function (e) { if (e.key === "Enter") typed.blur(); });
    L.DomEvent.on(button, "click", play);
    return div;
  };
  control.addTo(map);
  drawMarks();
  map.on("resize", drawMarks);
  return { set: set, show: show, stop: stop, stops: stops };
};
