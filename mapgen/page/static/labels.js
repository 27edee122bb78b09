/* mapgen: labels that tell the year. Every place renamed in the slider's year gets a label
   "Old → New"; capitals, then the rest, get the name they bore that year where room is left.
   A greedy placer: labels are taken in order of priority, and each takes the first of its
   candidate positions (8 around the point, then farther out with a leader line) that stays
   inside the map and clear of the panels, the other labels, their leader lines and the
   markers. Places that share a point are fanned out first, so each is its own marker.
   Collisions are looked up in a grid of cells, so a layout is about O(n log n) (the sort);
   above the cluster limit (payload `labels: "hover"`) places are clustered and labelled
   only on hover, and this module does nothing. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.labels = function (map, data, state, markers, onChoose) {
  var placed = data.labels === "placed";
  var container = map.getContainer();
  var pane = map.createPane("mapgen-labels");
  var svgNS = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("class", "mapgen-leaders");
  svg.setAttribute("aria-hidden", "true");
  pane.appendChild(svg);
  var elements = {}; /* place id -> its label element, made once */
  var shown = []; /* what the last layout placed: {it, box, lines, leader} */
  var measureCanvas = document.createElement("canvas").getContext("2d");
  var metrics = null, widths = {};
  var GAP = 3, CELL = 96;

  /* A grid of CELL-pixel cells: each box is listed in every cell it touches. */
  function Grid() { this.cells = {}; }
  Grid.prototype.keys = function (b, each) {
    for (var x = Math.floor(b.x0 / CELL); x <= Math.floor(b.x1 / CELL); x++) {
      for (var y = Math.floor(b.y0 / CELL); y <= Math.floor(b.y1 / CELL); y++) each(x * 65536 + y); /* a number: no string per look-up */
    }
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) { (cells[k] = cells[k] || []).push(b); });
  };
  Grid.prototype.hits = function (b, test) {
    var cells = this.cells, found = false;
    this.keys(b, function (k) {
      if (found || !cells[k]) return;
      for (var i = 0; i < cells[k].length; i++) if (test(cells[k][i])) { found = true; return; }
    });
    return found;
  };
  Grid.prototype.count = function (b, test) {
    var cells = this.cells, seen = [];
    this.keys(b, function (k) {
      (cells[k] || []).forEach(function (o) { if (seen.indexOf(o) < 0 && test(o)) seen.push(o); });
    });
    return seen.length;
  };

  function box(x, y, w, h) { return { x0: x, y0: y, x1: x + w, y1: y + h }; }
  function overlaps(a, b, pad) {
    return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
  }
  /* Does the segment p-q cross box b? (Liang-Barsky clipping.) */
  function crosses(p, q, b) {
    var t0 = 0, t1 = 1, dx = q.x - p.x, dy = q.y - p.y;
    var edges = [[-dx, p.x - b.x0], [dx, b.x1 - p.x], [-dy, p.y - b.y0], [dy, b.y1 - p.y]];
    for (var i = 0; i < 4; i++) {
      var e = edges[i][0], f = edges[i][1];
      if (e === 0) { if (f < 0) return false; continue; }
      var t = f / e;
      if (e < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    }
    return true;
  }

  /* A long title on two lines, broken at the space nearest its middle. */
  function halves(title) {
    var mid = title.length / 2, at = -1;
    for (var i = 0; i < title.length; i++) if (title[i] === " " && (at < 0 || Math.abs(i - mid) < Math.abs(at - mid))) at = i;
    return at > 0 && title.length > 24 ? [title.slice(0, at), title.slice(at + 1)] : null;
  }

  /* What a place's label says in `year`, one line or two, and how much it matters. */
  function content(marker, year) {
    var place = marker.place;
    /* At a tour stop about some places (state.focus), they are the story: only they read
       "Old → New" and go first; the year's other renamings keep their plain names. */
    var changed = state.focus ? state.focus[place.id] === true : marker.changeYears.indexOf(year) >= 0;
    if (place.event) return changed ? { lines: [place.title], split: halves(place.title), rank: 1, changed: true } : null;
    var now = mapgen.names.nameIn(place, year);
    if (changed) {
      var before = mapgen.names.nameIn(place, year - 1);
      if (before !== now) return { lines: [before + " → " + now], split: [before + " →", now], rank: 0, changed: true };
      return { lines: [now], rank: 0, changed: true };
    }
    return { lines: [now], rank: place.kind === "capital" ? 2 : 3, changed: false };
  }

  /* Text size from the label's own CSS, measured on a canvas (no layout pass per label). */
  function measure(lines) {
    if (!metrics) {
      var probe = L.DomUtil.create("div", "mapgen-label", pane);
      probe.textContent = "M";
      var cs = getComputedStyle(probe);
      metrics = {
        font: cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily,
        padX: parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight),
        padY: parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom),
        line: probe.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)
      };
      pane.removeChild(probe);
      measureCanvas.font = metrics.font;
    }
    var w = 0;
    lines.forEach(function (t) {
      if (widths[t] === undefined) widths[t] = measureCanvas.measureText(t).width;
      w = Math.max(w, widths[t]);
    });
    return { w: Math.ceil(w + metrics.padX) + 2, h: Math.ceil(lines.length * metrics.line + metrics.padY) };
  }

  /* The boxes of everything a label must not cover: the title and every map control. */
  function panelBoxes() {
    var frame = container.getBoundingClientRect();
    var found = container.querySelectorAll(".leaflet-control, .mapgen-title");
    var boxes = [];
    for (var i = 0; i < found.length; i++) {
      var r = found[i].getBoundingClientRect();
      if (r.width && r.height) boxes.push(box(r.left - frame.left, r.top - frame.top, r.width, r.height));
    }
    return boxes;
  }

  /* The open popup, if any: its place's id and its box in the map's frame. */
  var popupPlace = null, popupElement = null;
  map.on("popupopen", function (e) {
    popupPlace = mapgen.popup.placeOf(e.popup);
    popupElement = e.popup.getElement();
    layout();
  });
  map.on("popupclose", function () { popupPlace = popupElement = null; layout(); });
  function openPopupBox() {
    if (!popupElement || !popupElement.isConnected) return null;
    var frame = container.getBoundingClientRect(), r = popupElement.getBoundingClientRect();
    return r.width && r.height ? box(r.left - frame.left, r.top - frame.top, r.width, r.height) : null;
  }

  function radiusOf(marker) { return marker.place.event ? 11 : marker.options.radius; }

  /* Places that sit (nearly) on one point, their centres closer than a marker's radius, are
     spread on a small circle around their middle, each joined to its true point by a spoke.
     Markers that only touch stay where they are: each can still be seen and clicked. */
  function fanOut(items) {
    var grid = {}, parent = items.map(function (_, i) { return i; });
    function root(i) { while (parent[i] !== i) i = parent[i] = parent[parent[i]]; return i; }
    var reach = 0;
    items.forEach(function (it) { reach = Math.max(reach, 2 * it.r + 4); });
    items.forEach(function (it, i) {
      var cx = Math.floor(it.p.x / reach), cy = Math.floor(it.p.y / reach);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          (grid[(cx + dx) + ":" + (cy + dy)] || []).forEach(function (j) {
            var o = items[j];
            if (Math.hypot(o.p.x - it.p.x, o.p.y - it.p.y) < Math.max(it.r, o.r)) {
              parent[root(i)] = root(j);
            }
          });
        }
      }
      (grid[cx + ":" + cy] = grid[cx + ":" + cy] || []).push(i);
    });
    var groups = {};
    items.forEach(function (it, i) { (groups[root(i)] = groups[root(i)] || []).push(it); });
    Object.keys(groups).forEach(function (k) {
      var group = groups[k];
      if (group.length < 2) return;
      var c = { x: 0, y: 0 }, big = 0;
      group.forEach(function (it) { c.x += it.p.x / group.length; c.y += it.p.y / group.length; big = Math.max(big, it.r); });
      var step = 2 * big + 6;
      var radius = Math.max(step / 2, step / (2 * Math.sin(Math.PI / group.length)));
      /* Keep their bearing from the middle where they have one; points on one spot stack top to bottom. */
      group.sort(function (a, b) {
        return Math.atan2(a.p.y - c.y, a.p.x - c.x) - Math.atan2(b.p.y - c.y, b.p.x - c.x) || (a.place.id < b.place.id ? -1 : 1);
      });
      var first = group[0], spread = Math.hypot(first.p.x - c.x, first.p.y - c.y) > 0.5;
      var start = spread ? Math.atan2(first.p.y - c.y, first.p.x - c.x) : -Math.PI / 2;
      group.forEach(function (it, i) {
        var a = start + (2 * Math.PI * i) / group.length;
        it.spoke = { x: c.x, y: c.y };
        it.p = { x: c.x + radius * Math.cos(a), y: c.y + radius * Math.sin(a) };
      });
    });
  }

  /* Where a label of size s may go around point p (marker radius r). Ring 0 touches the marker
     (east, north-east, south-east, west, ... as map makers prefer); the other rings lie farther
     out along 16 bearings, joined to the marker by a leader line. */
  var RINGS = [0, 28, 52, 84, 124, 176, 240];
  var PHONE_RINGS = 4; /* leaders of at most 84 px on a phone */
  function candidates(p, r, s, ring) {
    var out = [], d = r + GAP;
    if (!ring) {
      [[1, 0], [1, -1], [1, 1], [-1, 0], [-1, -1], [-1, 1], [0, -1], [0, 1]].forEach(function (v) {
        var x = v[0] > 0 ? p.x + d : v[0] < 0 ? p.x - d - s.w : p.x - s.w / 2;
        var y = v[1] > 0 ? p.y + (v[0] ? d * 0.5 : d) : v[1] < 0 ? p.y - (v[0] ? d * 0.5 : d) - s.h : p.y - s.h / 2;
        out.push({ b: box(x, y, s.w, s.h), leader: null });
      });
      return out;
    }
    for (var k = 0; k < 16; k++) {
      var a = (k * Math.PI) / 8, cx = Math.cos(a), cy = Math.sin(a);
      var ax = p.x + (r + ring) * cx, ay = p.y + (r + ring) * cy;
      var x = cx > 0.38 ? ax : cx < -0.38 ? ax - s.w : ax - s.w / 2;
      var y = cy > 0.38 ? ay : cy < -0.38 ? ay - s.h : ay - s.h / 2;
      out.push({ b: box(x, y, s.w, s.h), leader: { from: { x: p.x + r * cx, y: p.y + r * cy }, to: { x: ax, y: ay } } });
    }
    return out;
  }

  /* A place renamed this year always gets its label: where it hides the fewest other labels. */
  function lastResort(it, lines, view, panels, labelGrid) {
    var best = null, bestCost = Infinity, s = measure(lines);
    RINGS.forEach(function (ring) {
      candidates(it.p, it.r, s, ring).forEach(function (cand) {
        var b = cand.b;
        if (b.x0 < view.x0 || b.y0 < view.y0 || b.x1 > view.x1 || b.y1 > view.y1) return;
        if (panels.some(function (pb) { return overlaps(b, pb, 0); })) return;
        var cost = labelGrid.count(b, function (o) { return overlaps(b, o, 0); });
        if (cost < bestCost) { bestCost = cost; best = { cand: cand, lines: lines, last: true }; }
      });
    });
    return best;
  }

  /* Do segments p-q and r-s cross (at a point inside both)? */
  function cut(p, q, r, s) {
    function side(a, b, c) { return Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)); }
    return side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0;
  }

  /* The box around a line, carrying the line's ends (so the grid can hold lines too). */
  function segmentBox(line) {
    return {
      x0: Math.min(line.from.x, line.to.x), y0: Math.min(line.from.y, line.to.y),
      x1: Math.max(line.from.x, line.to.x), y1: Math.max(line.from.y, line.to.y), from: line.from, to: line.to
    };
  }

  /* A leader line should cross no label and no other marker. */
  function leaderClear(leader, labelGrid, markerGrid, it) {
    var lb = segmentBox(leader);
    if (labelGrid.hits(lb, function (o) { return crosses(leader.from, leader.to, o); })) return false;
    return !markerGrid.hits(lb, function (o) { return o.item !== it && crosses(leader.from, leader.to, o); });
  }

  /* Place the labels of `todo` in that order; say what it cost and which of the year's
     labels had to break a soft rule. */
  function placeAll(todo, ctx) {
    var size = ctx.size, view = ctx.view, panels = ctx.panels, markerGrid = ctx.markerGrid;
    var labelGrid = new Grid(), leaderGrid = new Grid(), leaders = [], shown = [], total = 0, strained = [];
    /* Every line drawn (the spokes of fanned-out places, the leaders placed so far): a leader
       that crosses one leaves a reader unsure which label is whose. */
    var lineGrid = new Grid();
    ctx.spokes.forEach(function (l) { lineGrid.add(segmentBox(l)); });
    function crossesLine(leader) {
      return lineGrid.hits(segmentBox(leader), function (l) { return cut(leader.from, leader.to, l.from, l.to); });
    }
    todo.forEach(function (it) {
      var shapes = [it.text.lines].concat(it.text.split ? [it.text.split] : []);
      var sizes = shapes.map(measure);
      /* A very long "Old → New" reads better on two lines. */
      if (sizes.length > 1 && sizes[0].w > 0.28 * size.x) { shapes.reverse(); sizes.reverse(); }
      /* Only the year's renamings and events reach out with leader lines; the rest stay beside
         their marker or give way. */
      var rings = it.text.rank === 0 ? ctx.rings : it.text.rank === 1 ? ctx.rings.slice(0, 4) : [0];
      var best = null, bestCost = Infinity;
      for (var ring = 0; ring < rings.length && (!best || best.fallback); ring++) {
        for (var s = 0; s < shapes.length && (!best || best.fallback); s++) {
          var list = candidates(it.p, it.r, sizes[s], rings[ring]);
          for (var c = 0; c < list.length; c++) {
            var cand = list[c], b = cand.b;
            if (b.x0 < view.x0 || b.y0 < view.y0 || b.x1 > view.x1 || b.y1 > view.y1) continue;
            if (panels.some(function (pb) { return overlaps(b, pb, 4); })) continue;
            if (labelGrid.hits(b, function (o) { return overlaps(b, o, 2); })) continue;
            if (cand.leader && panels.some(function (pb) { return crosses(cand.leader.from, cand.leader.to, pb); })) continue;
            var crossing = cand.leader && crossesLine(cand.leader);
            if (crossing && ctx.small) continue; /* on a phone, never: the place stays a plain point */
            /* Soft rules: no leader line through a label or across another line, no label on another marker. */
            var cost = crossing ? 20 : 0;
            if (leaderGrid.hits(b, function (l) { return crosses(l.from, l.to, b); })) cost += 10;
            if (cand.leader && !leaderClear(cand.leader, labelGrid, markerGrid, it)) cost += 10;
            var onMarker = function (o) { return o.item !== it && overlaps(b, o, 1); };
            if (markerGrid.hits(b, onMarker)) {
              if (it.text.rank !== 0) continue; /* other labels never cover a marker */
              cost += markerGrid.count(b, onMarker);
            }
            if (cost === 0) { best = { cand: cand, lines: shapes[s] }; break; }
            /* The year's renamings are labelled even where every place breaks a soft rule. */
            if (it.text.rank === 0 && cost < bestCost) { bestCost = cost; best = { cand: cand, lines: shapes[s], fallback: true }; }
          }
        }
      }
      /* On a phone a label that finds no clear place gives way: its point, a tap away, stays. */
      if (!best && it.text.rank === 0 && !ctx.small) best = lastResort(it, shapes[shapes.length - 1], view, panels, labelGrid);
      if (!best) { if (it.text.rank <= 1) { total += 100; strained.push(it); } return; }
      if (best.fallback || best.last) { total += best.last ? 100 : bestCost; strained.push(it); }
      var chosen = best.cand.b;
      chosen.item = it;
      labelGrid.add(chosen);
      if (best.cand.leader) {
        leaders.push(best.cand.leader);
        leaderGrid.add(segmentBox(best.cand.leader));
        lineGrid.add(segmentBox(best.cand.leader));
        /* Shorter leaders read better: they weigh in when tries are compared. */
        total += Math.hypot(best.cand.leader.to.x - best.cand.leader.from.x, best.cand.leader.to.y - best.cand.leader.from.y) / 50;
      }
      shown.push({ it: it, box: chosen, lines: best.lines, leader: best.cand.leader });
    });
    return { shown: shown, leaders: leaders, cost: total, strained: strained };
  }

  function layout() {
    if (!placed || !map._loaded) return;
    var year = state.year, size = map.getSize();
    /* A phone has no room for long leaders: a label stays near its point or gives way. */
    var small = size.x < 500;
    var rings = small ? RINGS.slice(0, PHONE_RINGS) : RINGS;
    var view = box(4, 4, size.x - 8, size.y - 8);
    var panels = panelBoxes();
    /* An open popup is a panel too: labels keep clear of it, and its own place's label gives
       way (the popup names the place; half a label peeking from under it reads as broken). */
    var popup = openPopupBox();
    if (popup) panels.push(popup);
    var items = [];
    markers.all.forEach(function (m) {
      m.labelText = mapgen.names.nameIn(m.place, year);
      var group = m.place.event ? markers.events : markers.cluster;
      if (!map.hasLayer(group) || !group.hasLayer(m)) return;
      var p = map.latLngToContainerPoint(m.trueLatLng);
      if (p.x < -200 || p.y < -200 || p.x > size.x + 200 || p.y > size.y + 200) {
        if (!m.getLatLng().equals(m.trueLatLng)) m.setLatLng(m.trueLatLng);
        return;
      }
      items.push({ marker: m, place: m.place, p: p, r: radiusOf(m), spoke: null });
    });
    fanOut(items);
    var markerGrid = new Grid(), lines = [];
    items.forEach(function (it) {
      var at = map.containerPointToLatLng(it.p);
      if (it.spoke) it.marker.setLatLng(at); else if (!it.marker.getLatLng().equals(it.marker.trueLatLng)) it.marker.setLatLng(it.marker.trueLatLng);
      it.box = box(it.p.x - it.r, it.p.y - it.r, 2 * it.r, 2 * it.r);
      it.box.item = it;
      markerGrid.add(it.box);
      if (it.spoke) lines.push({ from: it.spoke, to: it.p, spoke: true });
    });

    var todo = items.map(function (it) { it.text = content(it.marker, year); return it; })
      .filter(function (it) { return it.text && !(popup && it.place.id === popupPlace); });
    /* Most important first; within a rank, the most crowded first, while room is left (on a
       phone, where crowded labels give way, the least crowded first: most places named). */
    var crowd = new Grid();
    todo.forEach(function (it) { crowd.add(box(it.p.x - 60, it.p.y - 30, 120, 60)); });
    todo.forEach(function (it) {
      var here = box(it.p.x, it.p.y, 0, 0);
      it.crowd = crowd.count(here, function (o) { return overlaps(here, o, 0); });
    });
    todo.sort(function (a, b) {
      return a.text.rank - b.text.rank || (small ? a.crowd - b.crowd : b.crowd - a.crowd) || (a.place.id < b.place.id ? -1 : 1);
    });
    /* Greedy placement depends on the order: a year's label that had to break a soft rule
       is placed earlier on the next try (a few tries; the best one is kept). */
    var result = null;
    var tries = todo.length > 150 ? 1 : 4; /* many labels: one pass keeps a layout quick */
    for (var attempt = 0; attempt < tries; attempt++) {
      var tried = placeAll(todo, { size: size, view: view, panels: panels, markerGrid: markerGrid, spokes: lines, small: small, rings: rings });
      if (!result || tried.cost < result.cost) result = tried;
      if (!tried.strained.length) break;
      todo = tried.strained.concat(todo.filter(function (it) { return tried.strained.indexOf(it) < 0; }));
    }
    shown = result.shown;
    var leaders = result.leaders;
    draw(lines.concat(leaders));
  }

  function elementFor(place) {
    var el = elements[place.id];
    if (!el) {
      el = elements[place.id] = L.DomUtil.create("div", "mapgen-label", pane);
      el.setAttribute("data-place", place.id);
      /* A label is the easiest thing to point at: clicking it opens the place (a drag that
         ends on it still only moves the map). */
      L.DomEvent.on(el, "click", function (e) {
        L.DomEvent.stopPropagation(e);
        if (!(map.dragging && map.dragging.moved())) onChoose(place.id);
      });
    }
    return el;
  }

  /* Put the labels and lines in the pane (which moves with the map while it is dragged). */
  function draw(lines) {
    var used = {};
    var origin = map.containerPointToLayerPoint([0, 0]);
    shown.forEach(function (s) {
      var el = elementFor(s.it.place);
      used[s.it.place.id] = true;
      /* Touch the DOM only where something changed: a layout runs at every move. */
      var key = s.lines.join("\n");
      if (el.mapgenText !== key) {
        el.mapgenText = key;
        el.textContent = "";
        s.lines.forEach(function (line, i) {
          if (i) el.appendChild(document.createTextNode(" ")); /* the text reads "Old → New" on two lines too */
          L.DomUtil.create("span", "mapgen-label-line", el).textContent = line;
        });
      }
      var className = "mapgen-label" + (s.it.text.changed ? " mapgen-label-highlight" : "") +
        (s.it.place.event ? " mapgen-label-event" : "");
      if (el.className !== className) el.className = className;
      var width = (s.box.x1 - s.box.x0) + "px", height = (s.box.y1 - s.box.y0) + "px";
      if (el.style.width !== width) el.style.width = width;
      if (el.style.height !== height) el.style.height = height;
      L.DomUtil.setPosition(el, origin.add([s.box.x0, s.box.y0]));
      if (el.hidden) el.hidden = false;
    });
    Object.keys(elements).forEach(function (id) { if (!used[id] && !elements[id].hidden) elements[id].hidden = true; });
    var size = map.getSize();
    L.DomUtil.setPosition(svg, origin);
    svg.setAttribute("width", size.x);
    svg.setAttribute("height", size.y);
    svg.textContent = "";
    lines.forEach(function (l) {
      var line = document.createElementNS(svgNS, "line");
      line.setAttribute("x1", l.from.x.toFixed(1));
      line.setAttribute("y1", l.from.y.toFixed(1));
      line.setAttribute("x2", l.to.x.toFixed(1));
      line.setAttribute("y2", l.to.y.toFixed(1));
      line.setAttribute("class", l.spoke ? "mapgen-spoke" : "mapgen-leader");
      svg.appendChild(line);
    });
  }

  /* Labels hide while Leaflet animates a zoom, and are laid out again for the new view. */
  map.on("zoomstart", function () { L.DomUtil.addClass(pane, "mapgen-labels-moving"); });
  map.on("zoomend moveend resize", function () { L.DomUtil.removeClass(pane, "mapgen-labels-moving"); layout(); });
  /* Opening or closing the legend changes what labels must keep clear of. */
  container.addEventListener("toggle", layout, true);
  map.on("mapgen:panels", layout); /* a panel came or went (the offline notice) */
  document.addEventListener("fullscreenchange", layout);

  return {
    layout: layout,
    /* What tests check: each label's box on the page, its text, whether a leader joins it. */
    rects: function () {
      return shown.map(function (s) {
        var r = elementFor(s.it.place).getBoundingClientRect();
        return {
          id: s.it.place.id, text: elementFor(s.it.place).textContent, highlighted: s.it.text.changed,
          x: r.left, y: r.top, width: r.width, height: r.height, leader: !!s.leader
        };
      });
    }
  };
};
