/* Decision log: filter by text, status, framework and tag, and sort by any column.
   Reads the table the page already has, so the page works without this script. The state lives
   in the query string (?text=&status=&framework=&tag=&sort=&order=; not
   `q`, which Material's search takes as its own query), so a filtered view is a link,
   and Back, Forward and reload bring it back. Each row's values are read once into an index, so a
   filter only flips `hidden` on the rows whose visibility changes and reads no layout. */
(function () {
  "use strict";

  var COLUMNS = { status: 2, framework: 3, tags: 6 };
  var FILTERS = ["status", "framework", "tag"];
  var DEBOUNCE_MS = 150;

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function splitTags(text) {
    return text.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
  }

  function slug(text) {
    return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function select(name, label, values) {
    var wrap = document.createElement("label");
    wrap.className = "tradeoffs-filter";
    wrap.appendChild(document.createTextNode(label + " "));
    var el = document.createElement("select");
    el.name = name;
    var any = document.createElement("option");
    any.value = "";
    any.textContent = "any";
    el.appendChild(any);
    values.forEach(function (v) {
      var opt = document.createElement("option");
      opt.value = v;
      opt.textContent = v;
      el.appendChild(opt);
    });
    wrap.appendChild(el);
    return { wrap: wrap, input: el };
  }

  function distinct(entries, pick) {
    var seen = {};
    entries.forEach(function (e) { pick(e).forEach(function (v) { if (v) seen[v] = true; }); });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b); });
  }

  function setValue(input, value) {
    // a value the page does not offer (an old link) falls back to "any"
    input.value = value;
    if (input.value !== value) input.value = "";
  }

  function nextTable(marker) {
    var tables = document.querySelectorAll("table");
    for (var i = 0; i < tables.length; i++) {
      if (marker.compareDocumentPosition(tables[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        return tables[i];
      }
    }
    return null;
  }

  function setup(marker) {
    if (marker.dataset.ready) return;
    var table = nextTable(marker);
    if (!table || !table.tBodies.length) return;
    marker.dataset.ready = "1";
    table.setAttribute("data-tradeoffs-log-table", "");
    var body = table.tBodies[0];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var labels = heads.map(function (th) { return th.textContent.trim(); });
    // the URL names a column by its heading ("#" is the number)
    var keys = labels.map(function (label, i) { return slug(label) || (i === 0 ? "number" : "column-" + (i + 1)); });
    // the index: every row's cell texts, read once
    var entries = Array.prototype.map.call(body.rows, function (row, position) {
      var cells = Array.prototype.map.call(row.cells, function (cell, i) {
        cell.setAttribute("data-label", labels[i] || "");  // the card layout's captions
        return cell.textContent.trim();
      });
      return {
        row: row, position: position, cells: cells, shown: !row.hidden,
        search: row.textContent.toLowerCase(),
        number: parseFloat(cells[0]) || 0,
        tags: splitTags(cells[COLUMNS.tags] || "")
      };
    });
    var order = entries.slice();

    var text = document.createElement("input");
    text.type = "search";
    text.name = "text";
    text.placeholder = "Filter decisions…";
    text.className = "tradeoffs-filter-text";
    text.setAttribute("aria-label", "Filter decisions by text");
    var selects = {
      status: select("status", "Status", distinct(entries, function (e) { return [e.cells[COLUMNS.status]]; })),
      framework: select("framework", "Framework", distinct(entries, function (e) { return [e.cells[COLUMNS.framework]]; })),
      tag: select("tag", "Tag", distinct(entries, function (e) { return e.tags; }))
    };
    var count = document.createElement("span");
    count.className = "tradeoffs-count";
    count.setAttribute("aria-live", "polite");
    [text, selects.status.wrap, selects.framework.wrap, selects.tag.wrap, count]
      .forEach(function (el) { marker.appendChild(el); });
    var sortIndex = -1, ascending = true;

    function filter() {
      var q = text.value.trim().toLowerCase();
      var status = selects.status.input.value, framework = selects.framework.input.value;
      var tag = selects.tag.input.value;
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i];
        var ok = (!q || e.search.indexOf(q) !== -1) &&
          (!status || e.cells[COLUMNS.status] === status) &&
          (!framework || e.cells[COLUMNS.framework] === framework) &&
          (!tag || e.tags.indexOf(tag) !== -1);
        if (ok !== e.shown) { e.row.hidden = !ok; e.shown = ok; }
        if (ok) shown++;
      }
      count.textContent = shown + " of " + entries.length + " decisions";
    }

    function sort() {
      heads.forEach(function (th, i) {
        if (i === sortIndex) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      order = entries.slice();
      if (sortIndex >= 0) {
        var numeric = sortIndex === 0, index = sortIndex, collator = new Intl.Collator();
        order.sort(function (a, b) {
          var r = numeric ? a.number - b.number : collator.compare(a.cells[index], b.cells[index]);
          if (!r) r = a.position - b.position;
          return ascending ? r : -r;
        });
      }
      var fragment = document.createDocumentFragment();
      order.forEach(function (e) { fragment.appendChild(e.row); });
      body.appendChild(fragment);  // one insertion, one layout
    }

    function stateUrl() {
      var params = new URLSearchParams(window.location.search);
      var values = { text: text.value.trim() };
      FILTERS.forEach(function (name) { values[name] = selects[name].input.value; });
      values.sort = sortIndex >= 0 ? keys[sortIndex] : "";
      values.order = sortIndex >= 0 && !ascending ? "desc" : "";
      Object.keys(values).forEach(function (name) {
        if (values[name]) params.set(name, values[name]); else params.delete(name);
      });
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    }

    function save(push) {
      var url = stateUrl();
      var here = window.location.pathname + window.location.search + window.location.hash;
      if (url === here) return;
      // a choice is a step Back can undo; typing only rewrites the current entry
      if (push) window.history.pushState(window.history.state, "", url);
      else window.history.replaceState(window.history.state, "", url);
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      text.value = params.get("text") || "";
      FILTERS.forEach(function (name) { setValue(selects[name].input, params.get(name) || ""); });
      var wanted = params.get("sort") || "";
      var index = wanted ? keys.indexOf(wanted) : -1;
      var asc = params.get("order") !== "desc";
      if (index !== sortIndex || asc !== ascending) {
        sortIndex = index;
        ascending = asc;
        sort();
      }
      filter();
    }

    var timer = null;
    text.addEventListener("input", function () {
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(function () { timer = null; filter(); save(false); }, DEBOUNCE_MS);
    });
    FILTERS.forEach(function (name) {
      selects[name].input.addEventListener("change", function () { filter(); save(true); });
    });
    heads.forEach(function (th, index) {
      // a button inside the header keeps the table's semantics (a th with role=button has none)
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tradeoffs-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.classList.add("tradeoffs-sortable");
      button.addEventListener("click", function () {
        ascending = sortIndex === index ? !ascending : true;
        sortIndex = index;
        sort();
        save(true);
      });
    });
    window.addEventListener("popstate", function () {
      if (document.body.contains(table)) restore();
    });
    restore();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tradeoffs-log]"), setup);
  }

  // Material's instant navigation swaps pages without a load event; document$ tells us.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
