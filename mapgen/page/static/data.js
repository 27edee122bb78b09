/* mapgen: the data the page carries. A small map's is plain JSON; a large map's is packed
   (text written once, records hold its index; ids and coordinates in columns of their own:
   mapgen/page/payload.py) and compressed (gzip, then base64), and is inflated here with the
   browser's own DecompressionStream. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.data = (function () {
  function bytesOf(base64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(base64);
    var binary = atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /* Puts each text back where its index stands, so the rest of the front end sees plain records. */
  function unpack(data) {
    var strings = data.strings, refs = {};
    data.refs.forEach(function (key) { refs[key] = true; });
    function walk(value) {
      if (Array.isArray(value)) {
        for (var i = 0; i < value.length; i++) if (typeof value[i] === "object" && value[i] !== null) walk(value[i]);
        return;
      }
      for (var key in value) {
        var item = value[key];
        if (typeof item === "number") { if (refs[key]) value[key] = strings[item]; }
        else if (typeof item === "object" && item !== null) walk(item);
      }
    }
    walk(data.places);
    /* Ids and coordinates travel as columns (they compress better so). */
    var ids = data.ids, coordinates = data.coordinates;
    data.places.forEach(function (place, i) {
      place.id = ids[i];
      place.lat = coordinates[2 * i];
      place.lon = coordinates[2 * i + 1];
    });
    delete data.strings;
    delete data.refs;
    delete data.ids;
    delete data.coordinates;
    return data;
  }

  /* Calls done(data): at once for plain JSON, once inflated for compressed data. */
  function read(doc, done) {
    var block = doc.getElementById("mapgen-data");
    if (block.getAttribute("data-encoding") !== "gzip+base64") {
      done(JSON.parse(block.textContent));
      return;
    }
    var stream = new Blob([bytesOf(block.textContent.trim())]).stream().pipeThrough(new DecompressionStream("gzip"));
    new Response(stream).text().then(function (text) { done(unpack(JSON.parse(text))); });
  }

  return { read: read };
})();
