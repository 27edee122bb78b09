/* mapgen: the title panel. On a slide it is one line, read from the back of the room (the
   whole title on hover when it is cut short), and the caption folds away behind a small
   button, so the panel takes little of the slide's height. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.titlePanel = function (map, title, data) {
  if (!title || data.preset !== "slide") return;
  var heading = title.querySelector("h1"), caption = title.querySelector(".mapgen-caption");
  if (heading) heading.title = heading.textContent;
  if (!caption) return;
  caption.id = "mapgen-caption";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "mapgen-caption-toggle";
  button.textContent = "i";
  button.setAttribute("aria-label", "About this map");
  button.setAttribute("aria-controls", caption.id);
  button.setAttribute("aria-expanded", "false");
  L.DomEvent.disableClickPropagation(button);
  button.addEventListener("click", function () {
    var open = title.classList.toggle("mapgen-caption-open");
    button.setAttribute("aria-expanded", String(open));
    map.fire("mapgen:panels"); /* the title grew or shrank: labels make room */
  });
  title.insertBefore(button, caption);
};
