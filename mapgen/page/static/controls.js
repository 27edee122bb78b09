/* mapgen: small map controls: a fullscreen button, and a notice when tiles fail to load. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.controls = function (map) {
  /* Four corner brackets, drawn as SVG so no icon font is needed. */
  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    svg.appendChild(path);
    return svg;
  }

  var container = map.getContainer();
  if (document.fullscreenEnabled) {
    var full = L.control({ position: "topleft" });
    full.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar mapgen-fullscreen");
      var button = L.DomUtil.create("a", "", bar);
      button.href = "#";
      button.setAttribute("role", "button");
      button.title = "Full screen";
      button.setAttribute("aria-label", "Full screen");
      button.appendChild(icon());
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.preventDefault(e);
        if (document.fullscreenElement) document.exitFullscreen();
        else container.requestFullscreen();
      });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    };
    full.addTo(map);
    document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
  }

  /* The tiles' state, for `mapgen export` (which captures once they are in, or known to
     fail): html[data-mapgen-tiles] is "none" (no tile layer), "waiting" (no tile has answered
     yet), "loading", "loaded" or "failed" (one could not load: offline, and it stays so). */
  var root = document.documentElement;
  var notice = null;
  function tiles(state) { if (root.getAttribute("data-mapgen-tiles") !== "failed") root.setAttribute("data-mapgen-tiles", state); }
  tiles("none");
  map.eachLayer(function (layer) {
    if (!(layer instanceof L.TileLayer)) return;
    var answered = false;
    tiles("waiting");
    layer.on("loading", function () { if (answered) tiles("loading"); });
    layer.on("tileload", function () { answered = true; });
    layer.on("load", function () { if (answered) tiles("loaded"); });
    layer.on("tileerror", function () {
      tiles("failed");
      if (notice) return;
      /* At the foot of a wide map; on a narrow one the slider fills the foot, so the notice
         goes under the zoom buttons. */
      notice = L.control({ position: map.getSize().x < 700 ? "topleft" : "bottomright" });
      notice.onAdd = function () {
        var div = L.DomUtil.create("div", "mapgen-offline");
        div.setAttribute("role", "status");
        div.textContent = "Map tiles could not load (offline?): showing the built-in country outlines.";
        return div;
      };
      notice.addTo(map);
      /* A new panel: the title, the view and the labels make room for it. */
      map.fire("mapgen:panels");
    });
  });
};
