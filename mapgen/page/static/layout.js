/* mapgen: where the title goes and what the opening view leaves room for. The title sits
   between the left and right control columns (or below them when the map is narrow), and
   the view fits the places inside what the title and the year slider leave free. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.layout = function (map, title) {
  var container = map.getContainer();

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

  /* The padding that keeps `bounds` clear of the title, the slider, the control columns and
     the edges. Each top column (zoom buttons, search and legend) is kept clear either beside
     the places or above them, whichever lets the view zoom in further. */
  function padding(bounds) {
    var box = container.getBoundingClientRect();
    var top = placeTitle();
    var side = Math.max(40, Math.round(box.width * 0.05)); /* room for labels at the edges */
    var low = 30;
    ["bottom.leaflet-left", "bottom.leaflet-right"].forEach(function (corner) {
      var c = column(corner);
      if (c && c.height) low = Math.max(low, box.bottom - c.top + 12);
    });
    var left = column("top.leaflet-left"), right = column("top.leaflet-right");
    var best = null;
    [false, true].forEach(function (leftBeside) {
      [false, true].forEach(function (rightBeside) {
        var t = top, l = side, r = side;
        if (left && left.height) {
          if (leftBeside) l = Math.max(l, left.right - box.left + 12); else t = Math.max(t, left.bottom - box.top + 10);
        }
        if (right && right.height) {
          if (rightBeside) r = Math.max(r, box.right - right.left + 12); else t = Math.max(t, right.bottom - box.top + 10);
        }
        var zoom = map.getBoundsZoom(bounds, false, L.point(l + r, t + low));
        if (!best || zoom > best.zoom) best = { zoom: zoom, tl: [l, t], br: [r, low] };
      });
    });
    return { paddingTopLeft: [Math.round(best.tl[0]), Math.round(best.tl[1])], paddingBottomRight: [Math.round(best.br[0]), Math.round(best.br[1])] };
  }

  /* Fit the places at once (no animation, so the page is settled when it says it is ready). */
  function fit(bounds) {
    bounds = L.latLngBounds(bounds);
    var options = padding(bounds);
    options.maxZoom = 7;
    options.animate = false;
    map.fitBounds(bounds, options);
  }

  /* After a year change: if some of `bounds` lie outside the room the panels leave, move
     (zooming out if need be, never in) so they all show. */
  function keepInView(bounds) {
    bounds = L.latLngBounds(bounds);
    var options = padding(bounds), size = map.getSize();
    var a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
    var tl = options.paddingTopLeft, br = options.paddingBottomRight;
    if (a.x >= tl[0] && a.y >= tl[1] && b.x <= size.x - br[0] && b.y <= size.y - br[1]) return;
    options.maxZoom = map.getZoom();
    options.animate = false;
    map.fitBounds(bounds, options);
  }

  map.on("resize", placeTitle);
  document.addEventListener("fullscreenchange", placeTitle);
  return { fit: fit, keepInView: keepInView, placeTitle: placeTitle };
};
