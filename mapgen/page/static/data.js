/* mapgen: the data the page carries. A small map's is plain JSON, every record whole. A large
   map's is packed (mapgen/page/payload.py) and compressed (gzip, then base64), inflated here
   with the browser's own DecompressionStream, in two blocks: `mapgen-data` holds what the map
   needs to start (each place's id, coordinates, year, names, kind and person, as columns);
   `mapgen-records` holds the rest of every record (quotes, history, notes), inflated only
   when a popup, search or the list of renamings first needs it, so start-up never waits on
   the texts. Up to the label limit (payload `labels: "placed"`) both are read before the map
   starts, so labels see whole records as on a plain map. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.data = (function () {
  var PACKED = "gzip+base64";

  function bytesOf(base64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(base64);
    var binary = atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function inflate(block, done) {
    var stream = new Blob([bytesOf(block.textContent.trim())]).stream().pipeThrough(new DecompressionStream("gzip"));
    new Response(stream).json().then(done);
  }

  /* The places as the front end sees them, from the columns: a few fields each, no record yet. */
  function placesOf(data) {
    var c = data.columns, strings = data.strings, places = new Array(c.id.length), once = {};
    function text(k) { return k >= 0 ? strings[k] : undefined; }
    for (var i = 0; i < places.length; i++) {
      var place = { id: c.id[i], lat: c.lat[i], lon: c.lon[i], year: c.year[i], index: i };
      if (c.event[i]) place.event = true;
      if (c.old[i] >= 0) place.old = text(c.old[i]);
      if (c.new[i] >= 0) place.new = text(c.new[i]);
      if (c.title[i] >= 0) place.title = text(c.title[i]);
      if (c.kind[i] >= 0) place.kind = text(c.kind[i]);
      if (c.person[i] >= 0) place.person = text(c.person[i]);
      /* Most places change name once: they share one list per year. */
      place.changeYears = c.changes[i].length ? [place.year].concat(c.changes[i])
        : once[place.year] || (once[place.year] = [place.year]);
      places[i] = place;
    }
    return places;
  }

  /* The records block, and what reads it: whole(place, done) completes one place's record,
     all(done) every place's (search and the list need every name and source). */
  function recordsOf(doc, data) {
    var strings = data.strings, refs = null, rest = null, waiting = null, merged = [];
    function unpack(value) {
      if (Array.isArray(value)) return value.map(unpack);
      var out = {};
      for (var key in value) {
        var item = value[key];
        out[key] = typeof item === "number" && refs[key] ? strings[item]
          : typeof item === "object" && item !== null ? unpack(item) : item;
      }
      return out;
    }
    function merge(place) {
      if (merged[place.index]) return;
      merged[place.index] = true;
      var record = unpack(rest[place.index]);
      for (var key in record) place[key] = record[key];
    }
    function load(done) {
      if (rest) { done(); return; }
      if (waiting) { waiting.push(done); return; }
      waiting = [done];
      inflate(doc.getElementById("mapgen-records"), function (block) {
        strings = strings.concat(block.strings);
        refs = {};
        block.refs.forEach(function (key) { refs[key] = true; });
        rest = block.places;
        waiting.splice(0).forEach(function (f) { f(); });
      });
    }
    return {
      whole: function (place, done) { load(function () { merge(place); done(place); }); },
      all: function (done) { load(function () { data.places.forEach(merge); data.complete = true; done(); }); }
    };
  }

  /* Calls done(data): at once for plain JSON, once inflated for compressed data. */
  function read(doc, done) {
    var block = doc.getElementById("mapgen-data");
    if (block.getAttribute("data-encoding") !== PACKED) {
      var plain = JSON.parse(block.textContent);
      plain.complete = true;
      done(plain);
      return;
    }
    inflate(block, function (data) {
      data.places = placesOf(data);
      data.records = recordsOf(doc, data);
      data.complete = false;
      delete data.columns;
      delete data.strings; /* the records reader keeps the table */
      if (data.labels === "placed") data.records.all(function () { done(data); });
      else done(data);
    });
  }

  /* done(place) with the place's whole record: at once where it is whole already. */
  function whole(data, place, done) {
    if (data.complete) done(place);
    else data.records.whole(place, done);
  }

  /* done() once every record is whole: at once for a plain map. */
  function all(data, done) {
    if (data.complete) done();
    else data.records.all(done);
  }

  return { read: read, whole: whole, all: all };
})();
