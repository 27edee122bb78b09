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

  /* The padding that keeps markers clear of the title, the slider and the edges. */
  function padding() {
    var top = placeTitle();
    var bottom = column("bottom.leaflet-left");
    var box = container.getBoundingClientRect();
    var low = bottom && bottom.height ? box.bottom - bottom.top + 12 : 30;
    return { paddingTopLeft: [40, Math.round(top)], paddingBottomRight: [40, Math.round(low)] };
  }

  /* Fit the places at once (no animation, so the page is settled when it says it is ready). */
  function fit(bounds) {
    var options = padding();
    options.maxZoom = 7;
    options.animate = false;
    map.fitBounds(bounds, options);
  }

  map.on("resize", placeTitle);
  document.addEventListener("fullscreenchange", placeTitle);
  return { fit: fit, placeTitle: placeTitle };
};
