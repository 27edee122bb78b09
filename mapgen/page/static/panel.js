/* mapgen: the legend, which is also the filter (whose name was removed, kind, events),
   and the list of renamings as an accessible table for people who would rather read. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.panel = function (map, data, state, markers, onChoose) {
  var el = mapgen.popup.el;
  var hiddenPeople = {}, hiddenKinds = {};
  var peopleBoxes = {}, kindBoxes = {};
  var fillTable = null;

  function apply() {
    markers.filter(function (p) {
      return !hiddenPeople[p.person || ""] && !hiddenKinds[p.kind || "other"];
    });
  }

  function checkbox(parent, text, count, swatch, onToggle) {
    var row = el("label", "mapgen-legend-row");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { onToggle(box.checked); });
    row.appendChild(box);
    if (swatch) row.appendChild(swatch);
    row.appendChild(el("span", "mapgen-legend-text", text));
    if (count !== undefined) row.appendChild(el("span", "mapgen-count", String(count)));
    parent.appendChild(row);
    return box;
  }

  function dot(colour, extra) {
    var s = el("span", "mapgen-swatch" + (extra ? " " + extra : ""));
    s.setAttribute("aria-hidden", "true");
    if (colour) s.style.background = colour;
    return s;
  }

  function table() {
    var dialog = el("dialog", "mapgen-table-dialog");
    dialog.setAttribute("aria-labelledby", "mapgen-table-title");
    var head = el("div", "mapgen-table-head");
    var h = el("h2", null, "All renamings");
    h.id = "mapgen-table-title";
    head.appendChild(h);
    var close = el("button", "mapgen-close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(close);
    dialog.appendChild(head);
    var wrap = el("div", "mapgen-table-scroll");
    var t = el("table", "mapgen-table");
    t.appendChild(el("caption", null, data.title + ": every place on the map, with its source"));
    var thead = el("thead"), tr = el("tr");
    ["Year", "Former name", "New name", "Country today", "Name honoured", "Source", ""].forEach(function (c) {
      var th = el("th", null, c);
      th.scope = "col";
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = el("tbody");
    /* The rows are made when the list is first opened: 10,000 of them would hold up the map. */
    fillTable = function () {
      fillTable = null;
      var rows = data.places.slice().sort(function (a, b) { return a.year - b.year || (a.id < b.id ? -1 : 1); });
      rows.forEach(function (p) {
        var row = el("tr");
        row.appendChild(el("td", null, mapgen.popup.yearText(p)));
        var former = el("th", null, p.event ? p.title : p.old);
        former.scope = "row";
        if (p.event) former.colSpan = 2;
        row.appendChild(former);
        if (!p.event) row.appendChild(el("td", null, p.new));
        row.appendChild(el("td", null, p.now || ""));
        row.appendChild(el("td", null, p.person || ""));
        var titles = [];
        (p.cites || []).forEach(function (c) {
          var t = (data.sources[c.source] || {}).title || c.source;
          if (titles.indexOf(t) < 0) titles.push(t);
        });
        row.appendChild(el("td", null, titles.join("; ")));
        var cell = el("td"), show = el("button", "mapgen-show", "Show on map");
        show.type = "button";
        show.setAttribute("aria-label", "Show " + (p.event ? p.title : p.new) + " on the map");
        show.addEventListener("click", function () { dialog.close(); onChoose(p.id); });
        cell.appendChild(show);
        row.appendChild(cell);
        tbody.appendChild(row);
      });
    };
    t.appendChild(tbody);
    wrap.appendChild(t);
    dialog.appendChild(wrap);
    return dialog;
  }

  var control = L.control({ position: "topright" });
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "mapgen-panel");
    var details = el("details");
    /* On a slide or a small screen the legend starts as a compact key (its colours), so it
       covers no place; it opens on a click. */
    var small = window.matchMedia && window.matchMedia("(max-width: 700px), (max-height: 560px)").matches;
    details.open = data.preset !== "slide" && !small;
    var summary = el("summary", null);
    summary.appendChild(el("span", "mapgen-summary-text", "Legend and filters"));
    var compact = el("span", "mapgen-compact-key");
    compact.setAttribute("aria-hidden", "true");
    data.people.forEach(function (p) { compact.appendChild(dot(p.colour)); });
    if (data.others) compact.appendChild(dot(data.others.colour));
    if (data.unattributed) compact.appendChild(dot(data.otherColour));
    summary.appendChild(compact);
    details.appendChild(summary);
    var body = el("div", "mapgen-panel-body");

    var dialog = table();
    document.body.appendChild(dialog);
    var list = el("button", "mapgen-list-button", "List of all renamings");
    list.type = "button";
    list.setAttribute("aria-haspopup", "dialog");
    list.addEventListener("click", function () {
      mapgen.data.all(data, function () {
        if (fillTable) fillTable();
        dialog.showModal();
      });
    });
    body.appendChild(list); /* first: the table is for people who would rather read */
    body.appendChild(el("h3", null, "Whose name was removed"));
    data.people.forEach(function (p) {
      peopleBoxes[p.name] = checkbox(body, p.name, p.count, dot(p.colour), function (on) {
        hiddenPeople[p.name] = !on;
        apply();
      });
    });
    if (data.others) {
      /* One row for the people beyond the palette, named, switched on and off together. */
      var others = data.others, n = others.names.length;
      var othersBox = checkbox(body, "Others (" + n + (n === 1 ? " person)" : " people)"), others.count, dot(others.colour), function (on) {
        others.names.forEach(function (name) { hiddenPeople[name] = !on; });
        apply();
      });
      var row = othersBox.parentNode;
      row.classList.add("mapgen-legend-others");
      row.querySelector(".mapgen-legend-text").appendChild(el("span", "mapgen-others-names", others.names.join(", ")));
      others.names.forEach(function (name) { peopleBoxes[name] = othersBox; });
    }
    if (data.unattributed) {
      peopleBoxes[""] = checkbox(body, "Not recorded", data.unattributed, dot(data.otherColour), function (on) {
        hiddenPeople[""] = !on;
        apply();
      });
    }
    /* Filters by kind matter on screen; a slide shows only what the colours mean. */
    var secondary = el("div", "mapgen-panel-secondary");
    if (data.kinds.length > 1) {
      secondary.appendChild(el("h3", null, "Kind of place"));
      data.kinds.forEach(function (k) {
        kindBoxes[k.name] = checkbox(secondary, k.name, k.count, null, function (on) {
          hiddenKinds[k.name] = !on;
          apply();
        });
      });
    }
    body.appendChild(secondary);
    var nEvents = data.places.filter(function (p) { return p.event; }).length;
    if (nEvents) {
      body.appendChild(el("h3", null, "Other moments"));
      var eventsBox = checkbox(body, "Events", nEvents, dot(null, "mapgen-swatch-event"), function (on) {
        if (on) markers.events.addTo(map); else map.removeLayer(markers.events);
      });
      /* Opening an event from search or the list shows the layer again: keep the box in step. */
      map.on("layeradd layerremove", function (e) {
        if (e.layer === markers.events) eventsBox.checked = e.type === "layeradd";
      });
    }
    body.appendChild(el("h3", "mapgen-key-heading", "Symbols"));
    var key = el("ul", "mapgen-key");
    /* Only the symbols this map draws: a street-scale map has no capital to draw larger. */
    var capitals = data.kinds.some(function (k) { return k.name === "capital"; });
    [["mapgen-swatch-ring", "Renamed in the year on the slider"],
     capitals ? ["mapgen-swatch-big", "Larger circle: a capital"] : null,
     data.labels === "placed"
       ? ["mapgen-swatch-spoke", "Thin line: places on one spot, drawn side by side, or a label set aside"]
       : ["mapgen-swatch-cluster", "Grey disc with a number: places close together (click to spread them); ringed if one was renamed that year"]].forEach(function (k) {
      if (!k) return;
      var li = el("li");
      li.appendChild(dot(null, k[0]));
      li.appendChild(el("span", null, k[1]));
      key.appendChild(li);
    });
    body.appendChild(key);


    var about = el("p", "mapgen-about mapgen-panel-secondary");
    about.appendChild(el("span", null, "Made with mapgen. Includes " + data.credits.map(function (c) {
      return c.name + " " + c.version + " (" + c.license + ")";
    }).join(", ") + "."));
    body.appendChild(about);

    details.appendChild(body);
    div.appendChild(details);
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo(map);
  /* A still image cannot scroll the legend: it is shown whole, and where it would reach
     the credits at the foot, the key of symbols (the least of it) is left out rather than
     cut mid-sentence. */
  if (document.documentElement.classList.contains("mapgen-export")) {
    var box = control.getContainer(), frame = map.getContainer().getBoundingClientRect();
    if (box.getBoundingClientRect().bottom > frame.bottom - 40) {
      Array.prototype.forEach.call(box.querySelectorAll(".mapgen-key, .mapgen-key-heading"), function (e) { e.hidden = true; });
    }
  }
  /* A place chosen in search or the list is shown even if a filter had hidden it: its boxes
     are ticked again. */
  function reveal(place) {
    if (place.event) return;
    var person = place.person || "", kind = place.kind || "other";
    if (!hiddenPeople[person] && !hiddenKinds[kind]) return;
    /* One of the "Others": their row stands for all of them, so all come back. */
    var group = data.others && data.others.names.indexOf(person) >= 0 ? data.others.names : [person];
    group.forEach(function (name) { hiddenPeople[name] = false; });
    hiddenKinds[kind] = false;
    if (peopleBoxes[person]) peopleBoxes[person].checked = true;
    if (kindBoxes[kind]) kindBoxes[kind].checked = true;
    apply();
  }

  return { control: control, reveal: reveal };
};
