/* mapgen: living inside a slide deck. A map in an iframe of a reveal.js deck cannot let the
   deck see the presenter's keys once the focus is in the map, so it hands them on through
   reveal.js's postMessage API: the JSON text {"method": "next", "args": []} (or "prev")
   posted to the parent window, which reveal.js runs as Reveal.next() (or prev()). */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.deck = function (win) {
  var framed;
  try { framed = win.parent !== win; } catch (e) { framed = true; }

  function post(method) {
    win.parent.postMessage(JSON.stringify({ method: method, args: [] }), "*");
    /* The deck moves on, and this slide with it: the keys that follow belong to the deck. */
    var active = win.document.activeElement;
    if (active && active.blur) active.blur();
    try { win.parent.focus(); } catch (e) { /* a browser that refuses leaves the focus here: keys still pass on */ }
  }

  return {
    framed: framed,
    next: function () { post("next"); },
    prev: function () { post("prev"); }
  };
};
