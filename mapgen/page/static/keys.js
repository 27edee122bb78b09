/* mapgen: the presenter's keys. PageDown, → and Space step the tour forward; PageUp and ←
   back; Home shows the overview, End the last stop; Escape leaves the tour. In a deck (an iframe), PageDown and
   PageUp (and → / ← on the slide preset) move the deck, except that during a tour they step
   through the stops first and move the deck on after the last one (or before the overview).
   On a page of its own, PageDown starts the tour, so a clicker works on the bare map too.
   One listener on the document, in the capture phase, so the keys arrive wherever the focus
   is inside the page: the map, a popup, a button. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.keys = function (doc, data, tour, deck) {
  var slide = data.preset === "slide";

  /* Where a key is typing, not steering: text fields, lists, editable text. */
  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) return true;
    return tag === "INPUT" && target.type !== "range" && target.type !== "checkbox" && target.type !== "radio";
  }

  /* What a key asks for here, or null: "next", "prev", "home", "end", "leave". */
  function intent(e) {
    var target = e.target;
    var range = target && target.tagName === "INPUT" && target.type === "range";
    var control = target && target.closest && target.closest("button, a[href], summary, input, [role=button]");
    var touring = tour.active();
    switch (e.key) {
      case "PageDown": return "next";
      case "PageUp": return "prev";
      case "ArrowRight": return !range && !e.shiftKey && (touring || (deck.framed && slide)) ? "next" : null;
      case "ArrowLeft": return !range && !e.shiftKey && (touring || (deck.framed && slide)) ? "prev" : null;
      case " ": return touring && !control ? (e.shiftKey ? "prev" : "next") : null;
      case "Home": return touring && !range ? "home" : null;
      case "End": return touring && !range ? "end" : null;
      case "Escape": return touring ? "leave" : null;
      default: return null;
    }
  }

  function onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing || typing(e.target)) return;
    var want = intent(e);
    if (!want) return;
    if (tour.active()) {
      if (want === "next" && !tour.next() && deck.framed) deck.next();
      else if (want === "prev" && !tour.prev() && deck.framed) deck.prev();
      else if (want === "home") tour.home();
      else if (want === "end") tour.last();
      else if (want === "leave") tour.leave();
    } else if (deck.framed) {
      if (want === "next") deck.next();
      else deck.prev();
    } else if (want === "next" && e.key === "PageDown" && tour.length) {
      tour.go(1); /* a page of its own: a presenter's clicker starts the tour */
    } else {
      return; /* the other keys keep their usual meaning */
    }
    e.preventDefault();
    e.stopPropagation();
  }

  doc.addEventListener("keydown", onKey, true);
};
