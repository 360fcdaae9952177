/* Decision log: filter by text, status, framework and tag, and sort by any column.
   Reads the table the page already has, so the page works without this script. */
(function () {
  "use strict";

  var COLUMNS = { status: 2, framework: 3, tags: 6 };

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function tagsOf(row) {
    return cellText(row, COLUMNS.tags).split(",").map(function (t) { return t.trim(); })
      .filter(Boolean);
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

  function distinct(rows, pick) {
    var seen = {};
    rows.forEach(function (row) { pick(row).forEach(function (v) { if (v) seen[v] = true; }); });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b); });
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
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row) {
      row.dataset.search = row.textContent.toLowerCase();
    });

    var text = document.createElement("input");
    text.type = "search";
    text.name = "q";
    text.placeholder = "Filter decisions…";
    text.className = "tradeoffs-filter-text";
    text.setAttribute("aria-label", "Filter decisions by text");
    var status = select("status", "Status", distinct(rows, function (r) { return [cellText(r, COLUMNS.status)]; }));
    var framework = select("framework", "Framework", distinct(rows, function (r) { return [cellText(r, COLUMNS.framework)]; }));
    var tag = select("tag", "Tag", distinct(rows, tagsOf));
    var count = document.createElement("span");
    count.className = "tradeoffs-count";
    count.setAttribute("aria-live", "polite");
    [text, status.wrap, framework.wrap, tag.wrap, count].forEach(function (el) { marker.appendChild(el); });

    function apply() {
      var q = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!q || row.dataset.search.indexOf(q) !== -1) &&
          (!status.input.value || cellText(row, COLUMNS.status) === status.input.value) &&
          (!framework.input.value || cellText(row, COLUMNS.framework) === framework.input.value) &&
          (!tag.input.value || tagsOf(row).indexOf(tag.input.value) !== -1);
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + " of " + rows.length + " decisions";
    }
    text.addEventListener("input", apply);
    [status, framework, tag].forEach(function (s) { s.input.addEventListener("change", apply); });
    apply();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      // a button inside the header keeps the table's semantics (a th with role=button has none)
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tradeoffs-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.classList.add("tradeoffs-sortable");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = index === 0;
        rows.sort(function (a, b) {
          var x = cellText(a, index), y = cellText(b, index);
          var r = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      button.addEventListener("click", sort);
    });
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
