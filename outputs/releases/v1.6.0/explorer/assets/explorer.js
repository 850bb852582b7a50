/* The release explorer: search, table browsing and quote highlighting, offline (file://).
   Data files are scripts calling EJ.put(key, value): browsers refuse fetch() on file:// URLs. */
"use strict";
var EJ = (function () {
  var store = {}, waiting = {};
  function put(key, value) { store[key] = value; (waiting[key] || []).forEach(function (f) { f(value); }); }
  // Load data/<key>.js once; resolves with its value (null when the file is missing).
  function load(path, key) {
    if (key in store) return Promise.resolve(store[key]);
    return new Promise(function (resolve) {
      (waiting[key] = waiting[key] || []).push(resolve);
      var s = document.createElement("script");
      s.src = path;
      s.onerror = function () { put(key, null); };
      document.head.appendChild(s);
    });
  }
  function normalise(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  return { put: put, load: load, normalise: normalise, el: el, store: store };
})();

/* Search (explorer/index.html): only the shards of the query words' first two letters load. */
function ejSearch(config) {
  var form = document.getElementById("search-form"), box = document.getElementById("q");
  var out = document.getElementById("results");
  var query = new URLSearchParams(location.search).get("q") || "";
  box.value = query;
  var words = EJ.normalise(query).match(/[0-9a-z]+/g) || [];
  if (!words.length) return;
  var longest = words.reduce(function (a, b) { return b.length > a.length ? b : a; });
  if (longest.length < config.shard_chars) { out.textContent = "Type at least " + config.shard_chars + " letters."; return; }
  var key = longest.slice(0, config.shard_chars);
  Promise.all(config.entities.map(function (t) {
    if (t.shards.indexOf(key) < 0) return Promise.resolve([t, []]);
    return EJ.load("search/" + t.table + "/" + key + ".js", "search/" + t.table + "/" + key)
      .then(function (entries) { return [t, entries || []]; });
  })).then(function (found) {
    out.textContent = "";
    var total = 0;
    found.forEach(function (pair) {
      var t = pair[0], hits = pair[1].filter(function (e) {
        return words.every(function (w) { return e[2].indexOf(w) >= 0; });
      });
      total += hits.length;
      if (!hits.length) return;
      var list = el_list(hits.slice(0, 100).map(function (e) {
        return EJ.el("li", {}, [EJ.el("a", { href: t.table + "/" + e[0] + ".html", "class": "hit" }, [e[1]])]);
      }));
      out.append(EJ.el("h3", {}, [t.table + " (" + hits.length + ")"]), list);
    });
    if (!total) out.textContent = "Nothing found for “" + query + "”.";
  });
  function el_list(items) { return EJ.el("ul", {}, items); }
}

/* Table browser (explorer/table-<name>.html): filters from the form and the URL
   (?q=text&column=value), scanned chunk by chunk until a page of rows is shown. */
function ejTable(config) {
  var params = new URLSearchParams(location.search), cols = config.columns;
  var text = EJ.normalise(params.get("q") || ""), equal = [];
  document.getElementById("filter-text").value = params.get("q") || "";
  cols.forEach(function (c, i) {
    var v = params.get(c.name);
    if (v) equal.push([i, v]);
    var select = document.querySelector('select[data-column="' + c.name + '"]');
    if (select && v) select.value = v;
  });
  var body = document.querySelector("#rows tbody"), status = document.getElementById("status");
  var more = document.getElementById("more"), chunk = 0, pos = 0, shown = 0, scanned = 0, PAGE = 100;
  function keep(row) {
    for (var k = 0; k < equal.length; k++) if (String(row[equal[k][0]]) !== equal[k][1]) return false;
    return !text || EJ.normalise(row.map(function (v) { return v == null ? "" : String(v); }).join(" ")).indexOf(text) >= 0;
  }
  function cell(c, row) {
    var v = row[c.index];
    if (v == null) return EJ.el("span", { "class": "muted" }, ["—"]);
    if (Array.isArray(v)) return v.join(", ");
    if (c.target) return EJ.el("a", { href: c.target + "/" + v + ".html" }, [String(v)]);
    if (c.key && config.entity) return EJ.el("a", { href: config.table + "/" + v + ".html" }, [String(v)]);
    if (c.name === "quote" && config.grounded) {
      var at = config.grounding;
      return EJ.el("a", { "class": "quote", href: "../texts/" + row[at[0]] + ".html#q-" + row[at[1]] + "-" + row[at[2]] }, ["“" + v + "”"]);
    }
    return String(v);
  }
  // Show the next PAGE matching rows, loading chunks only as far as needed.
  function next() {
    more.hidden = true;
    var goal = shown + PAGE;
    (function step() {
      if (chunk >= config.chunks) { status.textContent = shown + " of " + config.rows + " rows match."; return; }
      var key = config.table + "/" + chunk;
      EJ.load("data/" + key + ".js", key).then(function (rows) {
        rows = rows || [];
        while (pos < rows.length && shown < goal) {
          var row = rows[pos++];
          scanned += 1;
          if (!keep(row)) continue;
          shown += 1;
          body.append(EJ.el("tr", {}, cols.map(function (c) { return EJ.el("td", {}, [cell(c, row)]); })));
        }
        if (pos >= rows.length) { chunk += 1; pos = 0; }
        if (shown < goal) return step();
        status.textContent = shown + " rows shown, " + scanned + " of " + config.rows + " scanned.";
        more.hidden = false;
      });
    })();
  }
  more.addEventListener("click", next);
  next();
}

/* A source text (texts/<id>.html): shown from its JSON copy, so the code point offsets of every
   fact are exact; #q-<start>-<end> marks that quote and scrolls to it. */
function ejText() {
  var text = JSON.parse(document.getElementById("source-text").textContent);
  var pre = document.getElementById("text"), m = location.hash.match(/^#q-(\d+)-(\d+)$/);
  if (!m) { pre.textContent = text; return; }
  var chars = Array.from(text), start = +m[1], end = +m[2];  // Array.from splits by code point
  var mark = EJ.el("mark", { id: "quote" }, [chars.slice(start, end).join("")]);
  pre.textContent = "";
  pre.append(chars.slice(0, start).join(""), mark, chars.slice(end).join(""));
  var note = document.getElementById("quote-note");
  note.hidden = false;
  note.textContent = "Highlighted: characters " + start + "–" + end + " of the text.";
  mark.scrollIntoView({ block: "center" });
}

if (typeof EJ_CONFIG !== "undefined" && EJ_CONFIG.page === "home") ejSearch(EJ_CONFIG);
else if (typeof EJ_CONFIG !== "undefined" && EJ_CONFIG.page === "table") ejTable(EJ_CONFIG);
else if (document.getElementById("source-text")) {
  ejText();
  window.addEventListener("hashchange", function () { location.reload(); });
}
