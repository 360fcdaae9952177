/* Listings: the decision log, the status, tag and framework pages, open questions and health's
   findings. Filter by text, by facet (status, framework, tag, decider, the team's fields, a
   finding's kind) and by date, sort by any column, a page of rows at a time.

   A listing's page carries its first page of rows as a table and a pager of links to static
   pages of the next rows, so a reader without this script reaches every row. Its marker (the
   filter box, `data-tradeoffs-log`) holds every row as data, or names the file beside the page
   that does (`data-tradeoffs-log-src`, for a large listing). The data says what a row holds
   (`names`), what the table shows (`columns`) and what it filters by (`facets`): another facet
   is one more entry in FACETS and one more name in the data. The script filters and sorts the
   data, not table rows, and puts only the page of rows asked for in the table: whatever the
   number of rows, a change lays out at most one page. Each column's order is computed once, the
   first time it is asked for. The state lives in the query string (?text=&status=&framework=
   &tag=&decider=&from=&to=&sort=&order=&page=; not `q`, which Material's search takes as its
   own query), so a filtered view is a link, and Back, Forward and reload bring it back. Text
   from the data reaches the page only as text (`textContent`), never as HTML. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var FINDING_DECISIONS_SHOWN = 20;  // overview.FINDING_DECISIONS_SHOWN

  function slug(text) {
    return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  // values are [value, text] pairs (a finding's kind is chosen by its title, named by its id)
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
      opt.value = v[0];
      opt.textContent = v[1];
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

  function idOf(data, number) {
    return data.prefix ? data.prefix + "-" + pad(number) : "";
  }

  /* The rows of the page's data as records, one field per name of `data.names` (see
     `OverviewPages.listing_data` and `findings_data`). */
  function records(data) {
    var names = data.names || ["number", "title", "status", "framework", "chosen", "date", "tags"];
    return data.rows.map(function (r, position) {
      var e = { position: position, search: null, row: null, tags: [], deciders: [], fields: [] };
      names.forEach(function (name, i) { e[name] = r[i]; });
      if (e.number !== undefined) {
        e.id = data.ids ? data.ids[position] : idOf(data, e.number);
        e.href = data.hrefs ? data.hrefs[position] : e.id + data.suffix;
      }
      e.day = e.date || 0;
      e.date = isoDate(e.date);
      return e;
    });
  }

  /* A decision a finding names, as [id, href]. */
  function refOf(data, number) {
    if (data.refs) return data.refs[String(number)] || [String(number), ""];
    var id = idOf(data, number);
    return [id, id + data.suffix];
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
    if (!table || !table.tBodies.length || !table.tHead) return;
    var raw = marker.getAttribute("data-tradeoffs-log");
    var src = marker.getAttribute("data-tradeoffs-log-src");
    marker.dataset.ready = "loading";
    if (raw) {
      var data;
      try { data = JSON.parse(raw); } catch (e) { return; }
      start(marker, table, data);
    } else if (src && window.fetch) {
      // a large listing's data is in a file beside the page; until it comes (or should it not,
      // as from a page opened as a file), the page's own rows and pager stay as they are
      window.fetch(src).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data && document.body.contains(table)) start(marker, table, data);
      }).catch(function () {});
    }
  }

  function start(marker, table, data) {
    marker.dataset.ready = "1";
    table.setAttribute("data-tradeoffs-log-table", "");
    var columns = data.columns || ["number", "decision", "status", "framework", "chosen", "date", "tags"];
    table.setAttribute("data-tradeoffs-columns", columns.join(" "));  // the stylesheet's widths
    var body = table.tBodies[0];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var labels = heads.map(function (th) { return th.textContent.trim(); });
    var right = heads.map(function (th) { return th.style.textAlign === "right"; });
    // the URL names a column by its heading ("#" is the number)
    var keys = labels.map(function (label, i) { return slug(label) || (i === 0 ? "number" : "column-" + (i + 1)); });
    var statuses = data.statuses || [], frameworks = data.frameworks || [], chosen = data.chosen || [];
    var tags = data.tags || [], deciders = data.deciders || [], questions = data.questions || [];
    var kinds = data.kinds || [];
    var entries = records(data);
    var noun = data.noun || "decisions";
    var anchor = data.anchor ? "#" + data.anchor : "";  // open questions link to the decision's
    var pageSize = data.size > 0 ? data.size : 100;
    // what the page shows without the script beyond its first rows: the pager replaces it
    var article = table.closest("article") || document;
    var statics = Array.prototype.filter.call(
      article.querySelectorAll(".tradeoffs-log-more, .tradeoffs-pager-static"),
      function (el) { return table.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING; }
    ).slice(0, 1);

    // Each column a listing can show: its text (for sorting and the text filter) and its cell.
    var COLUMNS = {
      number: { text: function (e) { return e.number; },
                cell: function (e) { return document.createTextNode(String(e.number)); } },
      decision: { text: function (e) { return e.id + ": " + e.title; },
                  cell: function (e) { return link(e.href + anchor, e.id + ": " + e.title); } },
      status: {
        text: function (e) { return statuses[e.status][0]; },
        cell: function (e) {
          var status = statuses[e.status];
          var badge = document.createElement("span");
          badge.className = "adr-status adr-status--" + status[0];
          badge.textContent = status[0];
          var a = link(status[1], "");
          a.appendChild(badge);
          return a;
        }
      },
      framework: {
        text: function (e) { return frameworks[e.framework][0]; },
        cell: function (e) {
          var f = frameworks[e.framework];
          return f[1] ? link(f[1], f[0]) : document.createTextNode(f[0]);
        }
      },
      chosen: { text: function (e) { return chosen[e.chosen]; },
                cell: function (e) { return document.createTextNode(chosen[e.chosen]); } },
      date: { text: function (e) { return e.date; },
              cell: function (e) { return document.createTextNode(e.date); } },
      tags: {
        text: function (e) { return e.tags.map(function (t) { return tags[t][0]; }).join(", "); },
        cell: function (e) {
          var cell = document.createDocumentFragment();
          e.tags.forEach(function (t, i) {
            if (i) cell.appendChild(document.createTextNode(", "));
            cell.appendChild(link(tags[t][1], tags[t][0]));
          });
          return cell;
        }
      },
      questions: {
        text: function (e) { return e.questions.map(function (q) { return questions[q]; }).join(" "); },
        cell: function (e) {
          var ul = document.createElement("ul");
          e.questions.forEach(function (q) {
            var li = document.createElement("li");
            li.textContent = questions[q];
            ul.appendChild(li);
          });
          return ul;
        }
      },
      kind: { text: function (e) { return kinds[e.kind][0]; },
              cell: function (e) { return document.createTextNode(kinds[e.kind][0]); } },
      finding: { text: function (e) { return e.message; },
                 cell: function (e) { return document.createTextNode(e.message); } },
      decisions: {
        text: function (e) { return e.decisions.map(function (n) { return refOf(data, n)[0]; }).join(", "); },
        cell: function (e) {
          var cell = document.createDocumentFragment();
          e.decisions.slice(0, FINDING_DECISIONS_SHOWN).forEach(function (n, i) {
            var ref = refOf(data, n);
            if (i) cell.appendChild(document.createTextNode(", "));
            cell.appendChild(ref[1] ? link(ref[1], ref[0]) : document.createTextNode(ref[0]));
          });
          var more = e.decisions.length - FINDING_DECISIONS_SHOWN;
          if (more > 0) cell.appendChild(document.createTextNode(" and " + more.toLocaleString("en") + " more"));
          return cell;
        }
      }
    };
    var none = { text: function () { return ""; }, cell: function () { return document.createTextNode(""); } };
    var shown = heads.map(function (th, i) { return COLUMNS[columns[i]] || none; });

    // Each facet a listing can filter by: its choices ([value, text]) and a row's values. The
    // team's own fields with allowed values (plugin option `fields`) are facets too.
    var FACETS = {
      status: { label: "Status", choices: names(statuses),
                values: function (e) { return [statuses[e.status][0]]; } },
      framework: { label: "Framework", choices: names(frameworks),
                   values: function (e) { return [frameworks[e.framework][0]]; } },
      tag: { label: "Tag", choices: names(tags),
             values: function (e) { return e.tags.map(function (t) { return tags[t][0]; }); } },
      decider: { label: "Decider", choices: distinct(deciders).map(function (d) { return [d, d]; }),
                 values: function (e) { return e.deciders.map(function (d) { return deciders[d]; }); } },
      kind: { label: "Kind", choices: kinds.map(function (k) { return [k[1], k[0]]; }),
              values: function (e) { return [kinds[e.kind][1]]; } }
    };
    function names(table) {
      return distinct(table.map(function (v) { return v[0]; })).map(function (v) { return [v, v]; });
    }
    (data.fields || []).forEach(function (f, k) {
      FACETS[f.name] = {
        label: f.title,
        choices: f.values.map(function (v) { return [v, v]; }),
        values: function (e) { return (e.fields[k] || []).map(function (v) { return f.values[v]; }); }
      };
    });
    // a facet with one choice filters nothing: the page (a status page, say) leaves it out
    var facets = (data.facets || ["status", "framework", "tag"])
      .concat((data.fields || []).map(function (f) { return f.name; }))
      .filter(function (name) { return FACETS[name] && FACETS[name].choices.length > 1; });

    var text = document.createElement("input");
    text.type = "search";
    text.name = "text";
    text.placeholder = "Filter " + noun + "…";
    text.className = "tradeoffs-filter-text";
    text.setAttribute("aria-label", "Filter " + noun + " by text");
    var selects = {};
    facets.forEach(function (name) { selects[name] = select(name, FACETS[name].label, FACETS[name].choices); });
    // dates: from and to, inclusive, when some row has one
    var dated = entries.some(function (e) { return e.day > 0; });
    var dates = {};
    if (dated) {
      [["from", "From"], ["to", "To"]].forEach(function (d) {
        var wrap = document.createElement("label");
        wrap.className = "tradeoffs-filter";
        wrap.appendChild(document.createTextNode(d[1] + " "));
        var input = document.createElement("input");
        input.type = "date";
        input.name = d[0];
        wrap.appendChild(input);
        dates[d[0]] = { wrap: wrap, input: input };
      });
    }
    var count = document.createElement("span");
    count.className = "tradeoffs-count";
    count.setAttribute("aria-live", "polite");
    [text].concat(
      facets.map(function (name) { return selects[name].wrap; }),
      dated ? [dates.from.wrap, dates.to.wrap] : [],
      [count]
    ).forEach(function (el) { marker.appendChild(el); });

    // the pager: links (so a page can be opened in a new tab or shared) the script follows itself
    var pager = document.createElement("nav");
    pager.className = "tradeoffs-pager";
    var staticPager = statics.length && statics[0].classList.contains("tradeoffs-pager-static") ? statics[0] : null;
    pager.setAttribute("aria-label", staticPager ? staticPager.getAttribute("aria-label") : "Pages of the decision log");
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
    var tableBox = table.closest(".md-typeset__scrollwrap") || table;
    tableBox.parentNode.insertBefore(pager, tableBox.nextSibling);
    statics.forEach(function (el) { el.remove(); });  // this pager says it now

    var sortIndex = -1, ascending = true, page = 1, pages = 1;
    var sorted = {};  // column -> the rows in that column's ascending order

    function ordered() {
      if (sortIndex < 0) return entries;
      if (!sorted[sortIndex]) {
        var value = shown[sortIndex].text;
        var keyed = entries.map(function (e) { return { e: e, key: value(e) }; });
        if (columns[sortIndex] === "number") {
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

    // what the text filter looks in: the row's columns as text, lower case, made once
    function searchText(e) {
      if (e.search === null) {
        var parts = [];
        for (var i = 0; i < shown.length; i++) parts.push(String(shown[i].text(e)));
        e.search = parts.join(" ").toLowerCase();
      }
      return e.search;
    }

    function dayOf(input) {
      return input && input.value ? parseInt(input.value.replace(/-/g, ""), 10) || 0 : 0;
    }

    function matching() {
      var q = idQuery(text.value.trim().toLowerCase());
      var wanted = facets.map(function (name) { return [FACETS[name], selects[name].input.value]; })
        .filter(function (w) { return w[1]; });
      var from = dated ? dayOf(dates.from.input) : 0, to = dated ? dayOf(dates.to.input) : 0;
      var out = [];
      var all = ordered();
      for (var i = 0; i < all.length; i++) {
        var e = all[i];
        if (!wanted.every(function (w) { return w[0].values(e).indexOf(w[1]) >= 0; })) continue;
        if (from && !(e.day && e.day >= from)) continue;
        if (to && !(e.day && e.day <= to)) continue;
        if (q && searchText(e).indexOf(q) === -1) continue;
        out.push(e);
      }
      return out;
    }

    // A decision id typed the way people write it (`ADR-7`, `adr 7`, `ADR_0007`) as the rows
    // hold it (`adr-0007`), so it finds its decision; any other text is left as it is.
    var firstId = entries.length && entries[0].id ? entries[0].id
      : data.prefix ? data.prefix + "-0" : "";
    var idPrefix = firstId ? String(firstId).replace(/-\d+$/, "").toLowerCase() : "";
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
      var first = (page - 1) * pageSize;
      var fragment = document.createDocumentFragment();
      found.slice(first, first + pageSize).forEach(function (e) { fragment.appendChild(row(e)); });
      body.replaceChildren(fragment);  // one insertion, one layout of one page of rows
      count.textContent = found.length + " of " + entries.length + " " + noun;
      pager.hidden = pages < 2;
      where.textContent = noun.charAt(0).toUpperCase() + noun.slice(1) + " " + (found.length ? first + 1 : 0) + "–" +
        Math.min(first + pageSize, found.length) + " of " + found.length + ", page " + page + " of " + pages;
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

    // a row, made the first time it is shown and kept for the next
    function row(e) {
      if (!e.row) {
        e.row = document.createElement("tr");
        shown.forEach(function (column, i) {
          var cell = document.createElement("td");
          if (right[i]) cell.style.textAlign = "right";
          cell.setAttribute("data-label", labels[i] || "");  // the card layout's captions
          cell.appendChild(column.cell(e));
          e.row.appendChild(cell);
        });
      }
      return e.row;
    }

    function stateUrl(pageNumber) {
      var params = new URLSearchParams(window.location.search);
      var values = { text: text.value.trim() };
      facets.forEach(function (name) { values[name] = selects[name].input.value; });
      if (dated) {
        values.from = dates.from.input.value;
        values.to = dates.to.input.value;
      }
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
      facets.forEach(function (name) { setValue(selects[name].input, params.get(name) || ""); });
      if (dated) {
        ["from", "to"].forEach(function (name) {
          var value = params.get(name) || "";
          dates[name].input.value = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
        });
      }
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
    facets.forEach(function (name) {
      selects[name].input.addEventListener("change", function () { page = 1; render(); saveSoon(true); });
    });
    Object.keys(dates).forEach(function (name) {
      dates[name].input.addEventListener("change", function () { page = 1; render(); saveSoon(true); });
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
    Array.prototype.forEach.call(document.querySelectorAll("[data-tradeoffs-log], [data-tradeoffs-log-src]"), setup);
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
