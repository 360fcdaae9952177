// The catalogue's log: filter its rows by repository, status and words. The choice is kept in
// the address (?repository=payments&status=accepted&q=cache), so a link opens the log filtered
// and the browser's back button returns to the last filter. Pages without the form: nothing.
(function () {
  "use strict";

  function setUp(form) {
    var table = document.querySelector("table[data-tradeoffs-catalogue-log]");
    if (!table || form.dataset.ready) return;
    form.dataset.ready = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var text = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var count = form.querySelector(".tradeoffs-catalogue-count");
    var fields = ["repository", "status", "q"];

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (name) {
        var value = params.get(name) || "";
        var control = form.elements[name];
        if (control.tagName === "SELECT" && value &&
            !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) {
          value = "";
        }
        control.value = value;
      });
    }

    function apply(push) {
      var repo = form.elements.repository.value;
      var status = form.elements.status.value;
      var words = form.elements.q.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = (!repo || row.dataset.source === repo) && (!status || row.dataset.status === status) &&
          words.every(function (w) { return text[i].indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " decisions";
      if (push) {
        var params = new URLSearchParams();
        fields.forEach(function (name) {
          var value = form.elements[name].value.trim();
          if (value) params.set(name, value);
        });
        var query = params.toString();
        var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
        window.history.replaceState(null, "", address);
      }
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    fromAddress();
    apply(false);
  }

  function start() {
    var form = document.querySelector("form.tradeoffs-catalogue-filters");
    if (form) setUp(form);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
