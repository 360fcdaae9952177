/* Decision log: filter by text, status, framework and tag, sort by any column, a page of rows
   at a time.

   The page carries every decision as data (the filter controls' `data-tradeoffs-log` attribute)
   and its table only the first page of rows, so a reader without this script still sees
   decisions. The script filters and sorts that data, not table rows, and puts only the page of
   rows asked for in the table: whatever the number of decisions, a change lays out at most one
   page. Each column's order is computed once, the first time it is asked for. The state lives
   in the query string (?text=&status=&framework=&tag=&sort=&order=&page=; not `q`, which
   Material's search takes as its own query), so a filtered view is a link, and Back, Forward
   and reload bring it back. Text from the data reaches the page only as text (`textContent`),
   never as HTML. */
(function () {
  "use strict";

  var FILTERS = ["status", "framework", "tag"];
  var DEBOUNCE_MS = 150;

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

  // (a Set, not an object's keys: a tag may be called "__proto__")
  function unique(values) {
    var seen = new Set();
    values.forEach(function (v) { if (v) seen.add(v); });
    return Array.from(seen);
  }

  function distinct(values) {
    return unique(values).sort(function (a, b) { return a.localeCompare(b); });
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

  function pad(number) {
    var s = String(number);
    while (s.length < 4) s = "0" + s;
    return s;
  }

  function isoDate(n) {
    if (!n) return "";
    var s = String(n);
    return s.slice(0, 4) + "-" + s.slice(4, 6) + "-" + s.slice(6, 8);
  }

  /* The decisions of the page's data as records (see `OverviewPages.log_data`). */
  function decisions(data) {
    return data.rows.map(function (r, position) {
      var id = data.ids ? data.ids[position] : data.prefix + "-" + pad(r[0]);
      return {
        position: position,
        number: r[0],
        id: id,
        href: data.hrefs ? data.hrefs[position] : id + data.suffix,
        title: r[1],
        status: r[2],
        framework: r[3],
        chosen: r[4],
        date: isoDate(r[5]),
        tags: r[6],
        fields: r[7] || [],
        search: null,
        row: null
      };
    });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function setup(marker) {
    if (marker.dataset.ready) return;
    var table = nextTable(marker);
    var raw = marker.getAttribute("data-tradeoffs-log");
    if (!table || !table.tBodies.length || !table.tHead || !raw) return;
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    marker.dataset.ready = "1";
    table.setAttribute("data-tradeoffs-log-table", "");
    var body = table.tBodies[0];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var labels = heads.map(function (th) { return th.textContent.trim(); });
    var right = heads.map(function (th) { return th.style.textAlign === "right"; });
    // the URL names a column by its heading ("#" is the number)
    var keys = labels.map(function (label, i) { return slug(label) || (i === 0 ? "number" : "column-" + (i + 1)); });
    var statuses = data.statuses, frameworks = data.frameworks, chosen = data.chosen, tags = data.tags;
    var entries = decisions(data);
    var pageSize = data.size > 0 ? data.size : 100;
    // the line a reader without the script sees under the first page: the pager replaces it
    var more = (table.closest("article") || document).querySelector(".tradeoffs-log-more");
    if (more) more.hidden = true;

    // what each column shows of a decision, as text (for sorting) ...
    var columnText = [
      function (e) { return e.number; },
      function (e) { return e.id + ": " + e.title; },
      function (e) { return statuses[e.status][0]; },
      function (e) { return frameworks[e.framework][0]; },
      function (e) { return chosen[e.chosen]; },
      function (e) { return e.date; },
      function (e) { return e.tags.map(function (t) { return tags[t][0]; }).join(", "); }
    ];
    // ... and as the cells of its row, like the table the page came with
    function cells(e) {
      var status = statuses[e.status], framework = frameworks[e.framework];
      var badge = document.createElement("span");
      badge.className = "adr-status adr-status--" + status[0];
      badge.textContent = status[0];
      var statusLink = link(status[1], "");
      statusLink.appendChild(badge);
      var tagCell = document.createDocumentFragment();
      e.tags.forEach(function (t, i) {
        if (i) tagCell.appendChild(document.createTextNode(", "));
        tagCell.appendChild(link(tags[t][1], tags[t][0]));
      });
      return [
        document.createTextNode(String(e.number)),
        link(e.href, e.id + ": " + e.title),
        statusLink,
        framework[1] ? link(framework[1], framework[0]) : document.createTextNode(framework[0]),
        document.createTextNode(chosen[e.chosen]),
        document.createTextNode(e.date),
        tagCell
      ];
    }

    var text = document.createElement("input");
    text.type = "search";
    text.name = "text";
    text.placeholder = "Filter decisions…";
    text.className = "tradeoffs-filter-text";
    text.setAttribute("aria-label", "Filter decisions by text");
    var selects = {
      status: select("status", "Status", distinct(statuses.map(function (s) { return s[0]; }))),
      framework: select("framework", "Framework", distinct(frameworks.map(function (f) { return f[0]; }))),
      tag: select("tag", "Tag", distinct(tags.map(function (t) { return t[0]; })))
    };
    // the team's own fields with allowed values (plugin option `fields`), each a filter too
    var fields = data.fields || [];
    var filters = FILTERS.concat(fields.map(function (f) { return f.name; }));
    fields.forEach(function (f) { selects[f.name] = select(f.name, f.title, f.values.slice()); });
    var count = document.createElement("span");
    count.className = "tradeoffs-count";
    count.setAttribute("aria-live", "polite");
    [text].concat(filters.map(function (name) { return selects[name].wrap; }), [count])
      .forEach(function (el) { marker.appendChild(el); });

    // the pager: links (so a page can be opened in a new tab or shared) the script follows itself
    var pager = document.createElement("nav");
    pager.className = "tradeoffs-pager";
    pager.setAttribute("aria-label", "Pages of the decision log");
    var where = document.createElement("span");
    where.className = "tradeoffs-pager-where";
    var steps = {};
    [["first", "« First"], ["previous", "‹ Previous"], ["next", "Next ›"], ["last", "Last »"]]
      .forEach(function (step) {
        var a = document.createElement("a");
        a.className = "tradeoffs-pager-" + step[0];
        a.textContent = step[1];
        steps[step[0]] = a;
      });
    [steps.first, steps.previous, where, steps.next, steps.last].forEach(function (el) { pager.appendChild(el); });
    var tableBox = more || table.closest(".md-typeset__scrollwrap") || table;
    tableBox.parentNode.insertBefore(pager, tableBox.nextSibling);

    var sortIndex = -1, ascending = true, page = 1, pages = 1;
    var sorted = {};  // column -> the decisions in that column's ascending order

    function ordered() {
      if (sortIndex < 0) return entries;
      if (!sorted[sortIndex]) {
        var value = columnText[sortIndex] || function () { return ""; };
        var keyed = entries.map(function (e) { return { e: e, key: value(e) }; });
        if (sortIndex === 0) {
          keyed.sort(function (a, b) { return a.key - b.key || a.e.position - b.e.position; });
        } else {
          // the column's distinct values ranked once with the collator, then compared as numbers
          var collator = new Intl.Collator(), ranks = new Map();
          unique(keyed.map(function (k) { return k.key; })).sort(collator.compare)
            .forEach(function (k, i) { ranks.set(k, i + 1); });
          keyed.forEach(function (k) { k.rank = ranks.get(k.key) || 0; });  // "" ranks first
          keyed.sort(function (a, b) { return a.rank - b.rank || a.e.position - b.e.position; });
        }
        sorted[sortIndex] = keyed.map(function (k) { return k.e; });
      }
      return ascending ? sorted[sortIndex] : sorted[sortIndex].slice().reverse();
    }

    // what the text filter looks in: the row's text, lower case (the shared values lowered once)
    var lower = null;
    function searchText(e) {
      if (e.search === null) {
        if (lower === null) {
          var low = function (s) { return String(s).toLowerCase(); };
          lower = {
            statuses: statuses.map(function (s) { return low(s[0]); }),
            frameworks: frameworks.map(function (f) { return low(f[0]); }),
            chosen: chosen.map(low),
            tags: tags.map(function (t) { return low(t[0]); })
          };
        }
        var tagText = "";
        for (var i = 0; i < e.tags.length; i++) tagText += (i ? ", " : "") + lower.tags[e.tags[i]];
        e.search = e.number + " " + (e.id + ": " + e.title).toLowerCase() + " " +
          lower.statuses[e.status] + " " + lower.frameworks[e.framework] + " " +
          lower.chosen[e.chosen] + " " + e.date + " " + tagText;
      }
      return e.search;
    }

    function matching() {
      var q = idQuery(text.value.trim().toLowerCase());
      var status = selects.status.input.value, framework = selects.framework.input.value;
      var tag = selects.tag.input.value;
      var out = [];
      var all = ordered();
      for (var i = 0; i < all.length; i++) {
        var e = all[i];
        if (status && statuses[e.status][0] !== status) continue;
        if (framework && frameworks[e.framework][0] !== framework) continue;
        if (tag && !e.tags.some(function (t) { return tags[t][0] === tag; })) continue;
        if (!fields.every(function (f, k) {
          var wanted = selects[f.name].input.value;
          return !wanted || (e.fields[k] || []).some(function (v) { return f.values[v] === wanted; });
        })) continue;
        if (q && searchText(e).indexOf(q) === -1) continue;
        out.push(e);
      }
      return out;
    }

    // A decision id typed the way people write it (`ADR-7`, `adr 7`, `ADR_0007`) as the rows
    // hold it (`adr-0007`), so it finds its decision; any other text is left as it is.
    var idPrefix = entries.length ? String(entries[0].id).replace(/-\d+$/, "").toLowerCase() : "";
    var idPattern = idPrefix && /^[a-z]+$/.test(idPrefix)
      ? new RegExp("\\b" + idPrefix + "[-\\s_]*(\\d+)\\b", "g") : null;
    function idQuery(q) {
      if (!idPattern) return q;
      return q.replace(idPattern, function (_, digits) {
        var number = String(parseInt(digits, 10));
        while (number.length < 4) number = "0" + number;
        return idPrefix + "-" + number;
      });
    }

    function render() {
      heads.forEach(function (th, i) {
        if (i === sortIndex) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      var found = matching();
      pages = Math.max(1, Math.ceil(found.length / pageSize));
      if (page > pages) page = pages;
      var start = (page - 1) * pageSize;
      var fragment = document.createDocumentFragment();
      found.slice(start, start + pageSize).forEach(function (e) { fragment.appendChild(row(e)); });
      body.replaceChildren(fragment);  // one insertion, one layout of one page of rows
      count.textContent = found.length + " of " + entries.length + " decisions";
      pager.hidden = pages < 2;
      where.textContent = "Decisions " + (found.length ? start + 1 : 0) + "–" +
        Math.min(start + pageSize, found.length) + " of " + found.length + ", page " + page + " of " + pages;
      [["first", 1], ["previous", page - 1], ["next", page + 1], ["last", pages]].forEach(function (step) {
        var a = steps[step[0]], target = step[1];
        if (target < 1 || target > pages || target === page) {
          a.removeAttribute("href");  // not a link, so not in the tab order
          a.setAttribute("aria-disabled", "true");
          a.dataset.page = "";
        } else {
          a.href = stateUrl(target);
          a.removeAttribute("aria-disabled");
          a.dataset.page = String(target);
        }
      });
    }

    // a decision's row, made the first time it is shown and kept for the next
    function row(e) {
      if (!e.row) {
        e.row = document.createElement("tr");
        cells(e).forEach(function (content, i) {
          if (i >= heads.length) return;
          var cell = document.createElement("td");
          if (right[i]) cell.style.textAlign = "right";
          cell.setAttribute("data-label", labels[i] || "");  // the card layout's captions
          cell.appendChild(content);
          e.row.appendChild(cell);
        });
      }
      return e.row;
    }

    function stateUrl(pageNumber) {
      var params = new URLSearchParams(window.location.search);
      var values = { text: text.value.trim() };
      filters.forEach(function (name) { values[name] = selects[name].input.value; });
      values.sort = sortIndex >= 0 ? keys[sortIndex] : "";
      values.order = sortIndex >= 0 && !ascending ? "desc" : "";
      values.page = pageNumber > 1 ? String(pageNumber) : "";
      Object.keys(values).forEach(function (name) {
        if (values[name]) params.set(name, values[name]); else params.delete(name);
      });
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    }

    function save(push) {
      var url = stateUrl(page);
      var here = window.location.pathname + window.location.search + window.location.hash;
      if (url === here) return;
      // a choice is a step Back can undo; typing only rewrites the current entry
      if (push) window.history.pushState(window.history.state, "", url);
      else window.history.replaceState(window.history.state, "", url);
    }

    // The address follows after the next frame: pushState was 5 to 50 ms here (Chromium on a
    // busy machine), which the reader would otherwise wait for before seeing the rows.
    var pendingSave = null;
    function saveSoon(push) {
      if (pendingSave === null) {
        window.requestAnimationFrame(function () {
          window.setTimeout(function () {
            var push = pendingSave;
            pendingSave = null;
            if (document.body.contains(table)) save(push);
          }, 0);
        });
        pendingSave = push;
      } else {
        pendingSave = pendingSave || push;
      }
    }

    function restore() {
      pendingSave = null;
      var params = new URLSearchParams(window.location.search);
      text.value = params.get("text") || "";
      filters.forEach(function (name) { setValue(selects[name].input, params.get(name) || ""); });
      var wanted = params.get("sort") || "";
      sortIndex = wanted ? keys.indexOf(wanted) : -1;
      ascending = params.get("order") !== "desc";
      page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
      render();
    }

    var timer = null;
    text.addEventListener("input", function () {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      function typed() { timer = null; page = 1; render(); saveSoon(false); }
      // an emptied box (its clear button, or every word deleted) is not half a word: at once
      if (text.value.trim()) timer = window.setTimeout(typed, DEBOUNCE_MS); else typed();
    });
    filters.forEach(function (name) {
      selects[name].input.addEventListener("change", function () { page = 1; render(); saveSoon(true); });
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
        page = 1;
        render();
        saveSoon(true);
      });
    });
    pager.addEventListener("click", function (event) {
      var a = event.target.closest ? event.target.closest("a") : null;
      if (!a || !a.dataset.page) return;
      // a new tab or window opens the link as it is
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      page = parseInt(a.dataset.page, 10);
      render();
      saveSoon(true);
      if (table.getBoundingClientRect().top < 0) table.scrollIntoView();
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
