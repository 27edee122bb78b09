/* mapgen: where the title goes and what the opening view leaves room for. The title sits
   between the left and right control columns (or below them when the map is narrow), and
   the view fits the places inside what the title and the year slider leave free. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.layout = function (map, title) {
  var container = map.getContainer();
  var MIN_ROOM = 120; /* the least room, in pixels each way, a view may be fitted into */

  function column(corner) {
    var el = container.querySelector(".leaflet-control-container .leaflet-" + corner);
    return el ? el.getBoundingClientRect() : null;
  }

  /* Place the title; return the free band's top edge, in map pixels. */
  function placeTitle() {
    if (!title) return 10;
    var box = container.getBoundingClientRect();
    var left = column("top.leaflet-left"), right = column("top.leaflet-right");
    var leftEdge = left && left.width ? left.right - box.left + 10 : 10;
    var rightEdge = right && right.width ? box.right - right.left + 10 : 10;
    var room = box.width - leftEdge - rightEdge;
    title.style.left = (room >= 260 ? leftEdge : 10) + "px";
    title.style.right = (room >= 260 ? rightEdge : 10) + "px";
    var below = 10;
    if (room < 260) {
      /* Too narrow beside the controls: below them instead. */
      below = Math.max(left ? left.bottom : 0, right ? right.bottom : 0) - box.top + 6;
    }
    title.style.top = below + "px";
    return title.getBoundingClientRect().bottom - box.top + 10;
  }

  /* The rooms the panels leave: each top column (zoom buttons, search and legend) is kept
     clear either beside the room or above it, so there are four. Each is its padding from
     the map's edges {l, t, r, b} (`side` at least at the sides) and its size. */
  function rooms(side) {
    var box = container.getBoundingClientRect();
    var top = placeTitle();
    var low = 30;
    ["bottom.leaflet-left", "bottom.leaflet-right"].forEach(function (corner) {
      var c = column(corner);
      if (c && c.height) low = Math.max(low, box.bottom - c.top + 12);
    });
    var left = column("top.leaflet-left"), right = column("top.leaflet-right");
    var out = [];
    [false, true].forEach(function (leftBeside) {
      [false, true].forEach(function (rightBeside) {
        var t = top, l = side, r = side;
        if (left && left.height) {
          if (leftBeside) l = Math.max(l, left.right - box.left + 12); else t = Math.max(t, left.bottom - box.top + 10);
        }
        if (right && right.height) {
          if (rightBeside) r = Math.max(r, box.right - right.left + 12); else t = Math.max(t, right.bottom - box.top + 10);
        }
        out.push({ l: Math.round(l), t: Math.round(t), r: Math.round(r), b: Math.round(low), width: box.width - l - r, height: box.height - t - low });
      });
    });
    return out;
  }

  /* The padding that keeps `bounds` clear of the title, the slider, the control columns and
     the edges: of the four rooms, the one that lets the view zoom in furthest. */
  function padding(bounds) {
    var box = container.getBoundingClientRect();
    var side = Math.max(40, Math.round(box.width * 0.05)); /* room for labels at the edges */
    var best = null;
    rooms(side).forEach(function (room) {
      /* A room too small (a tall open legend above the places) is no choice: Leaflet would
         zoom in without limit for it. */
      var fits = room.width >= MIN_ROOM && room.height >= MIN_ROOM;
      var zoom = fits ? map.getBoundsZoom(bounds, false, L.point(room.l + room.r, room.t + room.b)) : -Infinity;
      var area = Math.max(0, room.width) * Math.max(0, room.height);
      if (!best || zoom > best.zoom || (zoom === best.zoom && area > best.area)) best = { zoom: zoom, area: area, room: room };
    });
    return { paddingTopLeft: [best.room.l, best.room.t], paddingBottomRight: [best.room.r, best.room.b] };
  }

  /* Where a popup `width` pixels wide may open, clear of every panel: the tallest room at
     least that wide (else the widest). */
  function popupRoom(width) {
    var best = null;
    rooms(10).forEach(function (room) {
      var wide = room.width >= width;
      if (!best || (wide && !best.wide) || (wide === best.wide && (wide ? room.height > best.room.height : room.width > best.room.width))) {
        best = { wide: wide, room: room };
      }
    });
    return best.room;
  }

  /* Fit the places at once (no animation, so the page is settled when it says it is ready).
     `others` (every place's [lat, lon]) are then kept from under the panels where a small pan,
     one that keeps `bounds` in the room, can do it. */
  function fit(bounds, others) {
    bounds = framed = L.latLngBounds(bounds);
    var options = padding(bounds);
    options.maxZoom = maxZoom(others);
    options.animate = false;
    map.fitBounds(bounds, options);
    if (others && others.length) clearPanels(bounds, options, others);
  }

  /* How far in a fit may zoom: a year with one place still shows its region (zoom 6 for
     places spread over countries), and a dataset of one city's streets may come as close as
     the zoom that shows the whole city, and two steps more. */
  function maxZoom(others) {
    if (!others || others.length < 2) return 6;
    var all = map.getBoundsZoom(L.latLngBounds(others), false, L.point(80, 80));
    return Math.max(6, Math.min(16, Math.floor(all) + 2));
  }

  /* The panels' boxes in the map's own pixels. */
  function panelBoxes() {
    var box = container.getBoundingClientRect();
    var found = container.querySelectorAll(".leaflet-control, .mapgen-title");
    return Array.prototype.map.call(found, function (el) {
      var r = el.getBoundingClientRect();
      return { x0: r.left - box.left, y0: r.top - box.top, x1: r.right - box.left, y1: r.bottom - box.top };
    }).filter(function (r) { return r.x1 > r.x0 && r.y1 > r.y0; });
  }

  function clearPanels(bounds, options, others) {
    var size = map.getSize(), panels = panelBoxes(), reach = 10; /* a marker's radius, and a little */
    var a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
    var tl = options.paddingTopLeft, br = options.paddingBottomRight;
    /* panBy(d) moves every point by -d: these are the moves that keep `bounds` in the room. */
    var lo = [Math.max(-150, b.x - (size.x - br[0])), Math.max(-150, b.y - (size.y - br[1]))];
    var hi = [Math.min(150, a.x - tl[0]), Math.min(150, a.y - tl[1])];
    var points = others.map(function (ll) { return map.latLngToContainerPoint(ll); });
    function covered(dx, dy) {
      return points.filter(function (p) {
        var x = p.x - dx, y = p.y - dy;
        if (x < 0 || y < 0 || x > size.x || y > size.y) return false;
        return panels.some(function (r) { return x + reach > r.x0 && x - reach < r.x1 && y + reach > r.y0 && y - reach < r.y1; });
      }).length;
    }
    var best = { n: covered(0, 0), dx: 0, dy: 0 };
    if (!best.n || lo[0] > hi[0] || lo[1] > hi[1]) return;
    for (var i = 0; i <= 8; i++) {
      for (var j = 0; j <= 8; j++) {
        var dx = Math.round(lo[0] + (hi[0] - lo[0]) * i / 8), dy = Math.round(lo[1] + (hi[1] - lo[1]) * j / 8);
        var n = covered(dx, dy);
        if (n < best.n || (n === best.n && Math.abs(dx) + Math.abs(dy) < Math.abs(best.dx) + Math.abs(best.dy))) {
          best = { n: n, dx: dx, dy: dy };
        }
      }
    }
    if (best.dx || best.dy) map.panBy([best.dx, best.dy], { animate: false });
  }

  /* After a year change: if some of `bounds` lie outside the room the panels leave, pan just
     enough to show them, or zoom out when they do not fit (never in), so the view stays put
     whenever it can. Says whether the view moved. */
  function keepInView(bounds) {
    bounds = framed = L.latLngBounds(bounds);
    var options = padding(bounds), size = map.getSize();
    var a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
    var tl = options.paddingTopLeft, br = options.paddingBottomRight;
    var room = { x0: tl[0], y0: tl[1], x1: size.x - br[0], y1: size.y - br[1] };
    if (a.x >= room.x0 && a.y >= room.y0 && b.x <= room.x1 && b.y <= room.y1) return false;
    if (b.x - a.x <= room.x1 - room.x0 && b.y - a.y <= room.y1 - room.y0) {
      var dx = a.x < room.x0 ? a.x - room.x0 : b.x > room.x1 ? b.x - room.x1 : 0;
      var dy = a.y < room.y0 ? a.y - room.y0 : b.y > room.y1 ? b.y - room.y1 : 0;
      map.panBy([dx, dy], { animate: false });
      return true;
    }
    options.maxZoom = map.getZoom();
    options.animate = false;
    map.fitBounds(bounds, options);
    return true;
  }

  /* A panel that comes later (the offline notice) moves the title and may cover places:
     the last places framed are brought back into the room. */
  var framed = null;
  map.on("mapgen:panels", function () {
    placeTitle();
    if (framed) keepInView(framed);
  });
  map.on("resize", placeTitle);
  document.addEventListener("fullscreenchange", placeTitle);
  return { fit: fit, keepInView: keepInView, placeTitle: placeTitle, popupRoom: popupRoom };
};
