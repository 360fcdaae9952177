/* Search for decision sites (mkdocs-tradeoffs).
 *
 * 1. A decision id typed the way people write it -- ADR-7, adr 7, ADR-0007, [[ADR-7]],
 *    [[ADR-7|text]] -- is rewritten to the way pages write it (ADR-0007) before the query
 *    reaches the search engine. Engines split "ADR-0007" at the hyphen into "adr" and "0007":
 *    "7" does not match "0007", while "adr" matches every decision.
 * 2. With the plugin's `search: pagefind` option, the header gets a search button that opens
 *    Pagefind's own search UI, served by the site (pagefind/), loaded on first use.
 *
 * The plugin writes the site's settings over the object after the config marker below.
 */
(function () {
  "use strict";
  var CONFIG = /*tradeoffs:config*/{"prefix": "ADR", "engine": "material"};
  var script = document.currentScript;

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  var prefix = escape(CONFIG.prefix);
  var ID = new RegExp(
    "\\[\\[\\s*" + prefix + "[-\\s_]*(\\d+)\\s*(?:[#|][^\\]]*)?\\]\\]" +
      "|\\b" + prefix + "[-\\s_]*(\\d+)\\b",
    "gi"
  );

  function normaliseIds(query) {
    return String(query).replace(ID, function (_, linked, plain) {
      var number = String(parseInt(linked || plain, 10));
      while (number.length < 4) number = "0" + number;
      return CONFIG.prefix + "-" + number;
    });
  }
  window.tradeoffsSearch = { normaliseIds: normaliseIds };

  if (CONFIG.engine === "material") {
    // Material for MkDocs 9 sends each query to its search worker as {type: 2, data: text}
    // (SearchMessageType.QUERY) and has no hook of its own to rewrite it; Zensical's search
    // sends {type: 2, data: {input: text, filter, page}}.
    if (typeof Worker === "undefined") return;
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === 2 && typeof message.data === "string") {
        args[0] = Object.assign({}, message, { data: normaliseIds(message.data) });
      } else if (message && message.type === 2 && message.data && typeof message.data.input === "string") {
        var data = Object.assign({}, message.data, { input: normaliseIds(message.data.input) });
        args[0] = Object.assign({}, message, { data: data });
      }
      return post.apply(this, args);
    };
    return;
  }

  if (CONFIG.engine !== "pagefind" || !script) return;
  var bundle = new URL("../../pagefind/", script.src).href;
  var base = new URL("../../", script.src).pathname; // the site's root, which Pagefind's URLs are under
  var dialog = null;
  var loading = null;
  var DEBOUNCE_MS = 150;

  function load() {
    if (loading) return loading;
    loading = Promise.all([loadScript(bundle + "pagefind-ui.js"), parts()]).then(function (done) {
      // The engine is set up before the UI is made: the UI imports the same module and finds
      // every part of the index merged (a large site's index is cut into parts, see pagefind.py).
      return import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: base }).then(function () {
          return Promise.all(done[1].map(function (part) {
            return pagefind.mergeIndex(new URL(part, bundle).href, { baseUrl: base });
          }));
        }).then(function () { return pagefind; });
      }).catch(function () { return null; }).then(function (pagefind) {
        var ui = makeUi();
        if (!pagefind) return null;
        // Warm Pagefind up (its WebAssembly, worker, index metadata and filters: ~150 ms at
        // 10,000 decisions) while the reader types, rather than after the first word.
        // Preloading the prefix also fetches the chunk ids are in.
        return pagefind.init().then(function () {
          // the UI lists the filters (status, framework, chosen, tag) beside the first results
          return Promise.all([pagefind.preload(CONFIG.prefix.toLowerCase()), pagefind.filters()]);
        }).then(function () { recount(ui); }).catch(function () {});
      });
    });
    return loading;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = src;
      js.onload = resolve;
      js.onerror = reject;
      document.head.appendChild(js);
    });
  }

  // The other parts of the index, when the site's is cut into parts (none: a missing file).
  function parts() {
    return fetch(bundle + "tradeoffs-parts.json").then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (list) {
      return Array.isArray(list) ? list.filter(function (p) { return typeof p === "string"; }) : [];
    }).catch(function () { return []; });
  }

  // A search counts only the filters loaded when it runs, and the UI keeps the groups its
  // first answer counted: a search sent while some filter chunks were on their way (a busy
  // machine, a slow network) left those groups (status, framework...) out of the panel until
  // the reader searched again. So once every filter is loaded, a search already sent (the
  // last key more than the debounce ago) is asked again with the reader's own selection, and
  // the UI answers it with every group counted. A search still waiting for its debounce is
  // left alone: it runs with every filter loaded, and restarting its wait would delay it.
  var lastInput = null;

  function recount(ui) {
    var input = dialog.querySelector("input.pagefind-ui__search-input");
    if (!input || !input.value.trim() || lastInput === null) return;
    if (performance.now() - lastInput < DEBOUNCE_MS) return;
    var selected = {};
    dialog.querySelectorAll("input.pagefind-ui__filter-checkbox:checked").forEach(function (box) {
      (selected[box.name] = selected[box.name] || []).push(box.value);
    });
    ui.triggerFilters(selected);
  }

  function makeUi() {
    /* global PagefindUI */
    var ui = new PagefindUI({
      element: "#tradeoffs-pagefind",
      bundlePath: bundle,
      baseUrl: base,
      showSubResults: true,
      showEmptyFilters: false, // hundreds of zero-count checkboxes cost ~100 ms a search at 10,000
      showImages: false,
      autofocus: true,
      // One search when the typing pauses: a search per key queued behind each other at 10,000
      // decisions (the right results 5 to 14 s after the last key). The UI preloads the index
      // chunks of each prefix meanwhile, and shows only the answer to its latest search.
      debounceTimeoutMs: DEBOUNCE_MS,
      processTerm: normaliseIds,
    });
    labelInput();
    dialog.addEventListener("input", function (event) {
      if (event.target.matches("input.pagefind-ui__search-input")) lastInput = performance.now();
    }, true);
    return ui;
  }

  // Pagefind's box has a placeholder and a title, which are not a label (axe: `label`).
  function labelInput() {
    var input = document.querySelector("#tradeoffs-pagefind input.pagefind-ui__search-input");
    if (!input || input.labels && input.labels.length) return;
    input.id = "tradeoffs-pagefind-input";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "tradeoffs-visually-hidden";
    label.textContent = "Search the site";
    input.parentNode.insertBefore(label, input);
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    load().then(function () {
      var input = dialog.querySelector("input.pagefind-ui__search-input");
      if (input) input.focus();
    });
  }

  function mount() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("tradeoffs-pagefind")) return;
    dialog = document.createElement("dialog");
    dialog.className = "tradeoffs-pagefind-dialog";
    dialog.setAttribute("aria-label", "Search");
    dialog.innerHTML =
      '<form method="dialog" class="tradeoffs-pagefind-close"><button type="submit">Close</button></form>' +
      '<div id="tradeoffs-pagefind"></div>';
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });
    document.body.appendChild(dialog);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon tradeoffs-pagefind-button";
    button.setAttribute("aria-label", "Search");
    button.title = "Search (/)";
    button.innerHTML =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
    button.addEventListener("click", open);
    var after = header.querySelector(".md-header__source") || null;
    header.insertBefore(button, after);

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        open();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
