/* mapgen: the popup for one place, built from DOM nodes with textContent only.
   Nothing from the data is ever parsed as HTML, so a quote such as "</script>" or
   "${alert(1)}" shows as exactly that text. */
"use strict";
window.mapgen = window.mapgen || {};

mapgen.popup = (function () {
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* Only http(s) addresses become links; anything else (javascript:, data:) stays text. */
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }

  function link(text, url) {
    var href = safeUrl(url);
    if (!href) return el("span", null, text);
    var a = el("a", null, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  /* "1961-11-10" -> "10 November 1961"; "1961-11" -> "November 1961". */
  function formatDate(date) {
    var parts = String(date).split("-");
    var month = MONTHS[parseInt(parts[1], 10) - 1];
    if (!month) return String(date);
    return (parts[2] ? parseInt(parts[2], 10) + " " : "") + month + " " + parts[0];
  }

  /* "1956 (sources differ: 1956–1961)" when sources disagree about the year; a note when
     they agree on the year but not on the day. */
  function yearText(place) {
    var text = place.date ? formatDate(place.date) : String(place.year);
    (place.disputes || []).forEach(function (d) {
      if (d.about !== "year" && d.about !== "date") return;
      var years = d.claims.map(function (c) { return String(c.value).slice(0, 4); })
        .filter(function (y) { return /^\d{4}$/.test(y); }).sort();
      if (!years.length) return;
      var first = years[0], last = years[years.length - 1];
      if (first !== last) text += " (sources differ: " + first + "–" + last + ")";
      else if (d.about === "date") text += " (sources differ on the day)";
    });
    return text;
  }

  /* A claimed value as a reader wants it: dates spelled out, everything else as written. */
  function claimText(value) {
    return /^\d{4}-\d{2}(-\d{2})?$/.test(String(value)) ? formatDate(value) : String(value);
  }

  var SOURCE_KINDS = {
    encyclopedia: "encyclopedia",
    wiki: "wiki",
    news: "news",
    official: "official text",
    scholarly: "scholarship",
    reference: "reference work",
    blog: "blog or website"
  };

  function sourceTitle(data, id) {
    var source = data.sources[id];
    return source ? source.title : id;
  }

  /* A work a historian can weigh: its kind is stated and it is neither a wiki nor a blog. */
  function standing(data, cite) {
    var kind = (data.sources[cite.source] || {}).kind;
    return !!SOURCE_KINDS[kind] && kind !== "wiki" && kind !== "blog";
  }

  function citation(data, cite) {
    var source = data.sources[cite.source] || {};
    var wrap = el("div", "mapgen-citation");
    if (cite.quote) {
      var quote = el("blockquote", "mapgen-quote", cite.quote);
      if (safeUrl(cite.url || source.url)) quote.cite = safeUrl(cite.url || source.url);
      wrap.appendChild(quote);
    }
    var line = el("p", "mapgen-cite");
    line.appendChild(document.createTextNode(cite.quote ? "— " : "Source: "));
    var title = el("cite");
    title.appendChild(link(source.title || cite.source, cite.url || source.url));
    line.appendChild(title);
    var by = [source.author, source.publisher].filter(Boolean).join(", ");
    if (by) line.appendChild(document.createTextNode(" (" + by + ")"));
    if (cite.locator) line.appendChild(document.createTextNode(", " + cite.locator));
    /* What sort of work this is, so a reader can weigh it: an encyclopedia is not a blog. */
    if (SOURCE_KINDS[source.kind]) {
      line.appendChild(document.createTextNode(" "));
      var kind = el("span", "mapgen-source-kind mapgen-source-" + source.kind, SOURCE_KINDS[source.kind]);
      kind.title = "Kind of source";
      line.appendChild(kind);
    }
    wrap.appendChild(line);
    return wrap;
  }

  function history(place, year) {
    var steps = place.history || [];
    if (steps.length < 2) return null;
    var list = el("ol", "mapgen-history");
    list.setAttribute("aria-label", "Name history");
    steps.forEach(function (step, i) {
      var next = steps[i + 1];
      var item = el("li");
      var name = el("span", "mapgen-history-name", step.name);
      item.appendChild(name);
      if (step.native && step.native !== step.name) item.appendChild(el("span", "mapgen-native", " (" + step.native + ")"));
      var from = step.from !== undefined ? (step.date ? formatDate(step.date) : String(step.from)) : "";
      var until = next && next.from !== undefined ? String(next.from) : "";
      var span = from && until ? from + " – " + until : from ? "from " + from : until ? "until " + until : "";
      if (span) item.appendChild(el("span", "mapgen-history-years", " " + span));
      if (mapgen.names.nameIn(place, year) === step.name) item.className = "mapgen-current";
      list.appendChild(item);
    });
    return list;
  }

  function facts(place) {
    var dl = el("dl", "mapgen-facts");
    function row(term, value) {
      if (!value) return;
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    if (place.event) {
      row("When", yearText(place));
      row("Where", place.place);
    } else {
      row("Renamed", yearText(place));
      row("Kind", place.kind);
      row("Country", place.then && place.now && place.then !== place.now ? place.then + " → " + place.now : place.now || place.then);
      row("Name honoured", place.person);
    }
    return dl;
  }

  function build(place, data, year) {
    var root = el("article", "mapgen-popup");
    root.setAttribute("data-place", place.id);
    if (place.event) {
      root.appendChild(el("h2", null, place.title));
    } else {
      root.appendChild(el("h2", null, place.old + " → " + place.new));
      if (place.oldNative || place.newNative) {
        root.appendChild(el("p", "mapgen-native", (place.oldNative || place.old) + " → " + (place.newNative || place.new)));
      }
    }
    /* The evidence comes first: the first quotation from a work of standing (not a wiki or a
       blog) where there is one, else the first quotation; then the facts; the other sources
       follow, folded, in the data's order. */
    var cites = place.cites || [];
    var quoted = cites.filter(function (c) { return c.quote; });
    var lead = quoted.filter(function (c) { return standing(data, c); })[0] || quoted[0] || cites[0];
    if (lead) root.appendChild(citation(data, lead));
    /* Said plainly, next to the evidence: no encyclopedia, press, official text or scholarship. */
    if (place.weak) root.appendChild(el("p", "mapgen-weak-sources", "Only wiki and blog sources found for this record."));
    root.appendChild(facts(place));
    var steps = history(place, year);
    if (steps) root.appendChild(steps);
    (place.disputes || []).forEach(function (d) {
      var p = el("p", "mapgen-dispute");
      p.appendChild(el("strong", null, "Sources differ on the " + d.about + ": "));
      p.appendChild(document.createTextNode(d.claims.map(function (c) {
        return claimText(c.value) + " (" + sourceTitle(data, c.source) + ")";
      }).join("; ") + (d.note ? ". " + d.note : "")));
      root.appendChild(p);
    });
    if (place.note) root.appendChild(el("p", "mapgen-note", place.note));
    if ((place.links || []).length) {
      /* Gazetteer entries and articles about the place (from Linked Places "links"). */
      var links = el("p", "mapgen-links");
      links.appendChild(document.createTextNode("See also: "));
      place.links.forEach(function (url, i) {
        if (i) links.appendChild(document.createTextNode(", "));
        links.appendChild(link(url.replace(/^https?:\/\/(www\.)?/i, "").split("/")[0], url));
      });
      root.appendChild(links);
    }
    var rest = cites.filter(function (c) { return c !== lead; });
    if (rest.length) {
      var more = el("details", "mapgen-more-sources");
      more.appendChild(el("summary", null, "Further evidence (" + rest.length + (rest.length === 1 ? " citation)" : " citations)")));
      rest.forEach(function (c) { more.appendChild(citation(data, c)); });
      root.appendChild(more);
    }
    return root;
  }

  /* The id of the place a Leaflet popup shows, or null (a cluster's list, say). */
  function placeOf(popup) {
    var content = popup.getContent();
    return content && content.getAttribute ? content.getAttribute("data-place") : null;
  }

  return { build: build, citation: citation, placeOf: placeOf, safeUrl: safeUrl, formatDate: formatDate, yearText: yearText, el: el };
})();
