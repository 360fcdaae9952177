/* "Try it" on a framework page: answer the framework's questions and see what it recommends.
   The framework comes as JSON in the block's data-tradeoffs-tryit attribute (view.framework_data); this file evaluates it the way
   tradeoffs.evaluate does (three-valued conditions, criteria, vetoes, weighing or the gated walk
   with the options its steps keep, provisional recommendations: a required fact unanswered, or an
   unanswered fact whose answer alone would change the recommendation, what we accept, the cost of getting it wrong, open questions).
   tests/test_tryit.py runs generated answers through both and compares them. */
(function () {
  "use strict";

  var OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in"];

  function isNumber(v) { return typeof v === "number" && isFinite(v); }

  function known(v) { return v !== undefined && v !== null; }

  /* Maps keyed by names an author chose (facts, option ids): without a prototype, so an option
     or fact named `constructor` or `toString` is looked up, not found on Object. */
  function map() { return Object.create(null); }

  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined; }

  /* conditions.evaluate: true, false, or null when unknown */
  function test(cond, facts) {
    if (cond === "always") return true;
    var results, i;
    if (cond.all) {
      results = cond.all.map(function (c) { return test(c, facts); });
      if (results.indexOf(false) >= 0) return false;
      return results.indexOf(null) >= 0 ? null : true;
    }
    if (cond.any) {
      results = cond.any.map(function (c) { return test(c, facts); });
      if (results.indexOf(true) >= 0) return true;
      return results.indexOf(null) >= 0 ? null : false;
    }
    if (cond.not !== undefined) {
      var inner = test(cond.not, facts);
      return inner === null ? null : !inner;
    }
    var value = own(facts, cond.fact);
    if (!known(value)) return null;
    var op = null;
    for (i = 0; i < OPS.length; i++) { if (Object.prototype.hasOwnProperty.call(cond, OPS[i])) { op = OPS[i]; break; } }
    var expected = cond[op];
    if (op === "eq") return value === expected;
    if (op === "ne") return value !== expected;
    if (op === "in") return expected.indexOf(value) >= 0;
    if (typeof value !== "number") return null;
    if (op === "gt") return value > expected;
    if (op === "gte") return value >= expected;
    if (op === "lt") return value < expected;
    return value <= expected;
  }

  /* frameworks.value_fits, as a yes/no */
  function fits(fact, value) {
    if (fact.type === "boolean") return value === true || value === false;
    if (fact.type === "enum") return typeof value === "string" && fact.values.indexOf(value) >= 0;
    if (fact.type === "string") return typeof value === "string";
    if (!isNumber(value)) return false;
    if (fact.type === "integer" && Math.floor(value) !== value) return false;
    if (fact.min !== null && fact.min !== undefined && value < fact.min) return false;
    if (fact.max !== null && fact.max !== undefined && value > fact.max) return false;
    return true;
  }

  function signed(n) { return (n >= 0 ? "+" : "") + n; }

  function unique(items) {
    var seen = map(), out = [];
    items.forEach(function (t) { if (!seen[t]) { seen[t] = true; out.push(t); } });
    return out;
  }

  /* The recommendation and its reasoning for valid facts (evaluate._recommend before the
     provisional rule): scores, vetoes, then the weighing or the gated walk. */
  function decide(fw, facts) {
    var title = function (id) {
      for (var i = 0; i < fw.options.length; i++) { if (fw.options[i].id === id) return fw.options[i].title; }
      return id;
    };
    var scores = map(), opposing = map(), vetoOrder = [], vetoed = map();
    fw.options.forEach(function (o) { scores[o.id] = 0; opposing[o.id] = []; });
    fw.criteria.forEach(function (c) {
      if (test(c.when, facts) !== true) return;
      if (c.effect === "veto") {
        if (!vetoed[c.option]) { vetoed[c.option] = []; vetoOrder.push(c.option); }
        vetoed[c.option].push(c);
      } else if (c.effect === "for") {
        scores[c.option] += c.weight;
      } else {
        opposing[c.option].push(c);
        scores[c.option] -= c.weight;
      }
    });
    var reasoning = [];
    var recommended = fw.mode === "gated" ? walk(fw, facts, vetoed, title, reasoning)
      : weigh(fw, scores, vetoed, vetoOrder, title, reasoning);
    return { recommended: recommended, reasoning: reasoning, scores: scores, opposing: opposing,
             vetoOrder: vetoOrder };
  }

  function same(a, b) {
    if (a === null || b === null) return a === b;
    return a.length === b.length && a.every(function (x, i) { return x === b[i]; });
  }

  /* evaluate.provisional_text */
  function provisionalText(questions) {
    var quoted = questions.map(function (q) { return "\u201c" + q + "\u201d"; });
    var listed = quoted.length === 1 ? quoted[0]
      : quoted.slice(0, -1).join(", ") + " and " + quoted[quoted.length - 1];
    return "Provisional: the recommendation waits for the answer" + (quoted.length > 1 ? "s" : "") +
      " to " + listed;
  }

  /* sensitivity.decisive_unknowns: the unanswered facts whose answer alone changes the
     recommendation, trying one value from each piece of their range (fw.probes) */
  function decisiveUnknowns(fw, facts, base) {
    var counts = [];
    fw.facts.forEach(function (f, index) {
      var probes = own(fw.probes, f.name);
      if (known(facts[f.name]) || !probes) return;
      var flips = 0;
      probes.forEach(function (v) {
        var changed = map();
        Object.keys(facts).forEach(function (k) { changed[k] = facts[k]; });
        changed[f.name] = v;
        if (!same(decide(fw, changed).recommended, base)) flips += 1;
      });
      if (flips) counts.push({ name: f.name, flips: flips, index: index });
    });
    counts.sort(function (a, b) { return b.flips - a.flips || a.index - b.index; });
    return counts.map(function (c) { return c.name; });
  }

  function evaluate(fw, answers) {
    var facts = map();
    var byName = map();
    fw.facts.forEach(function (f) {
      byName[f.name] = f;
      var v = own(answers, f.name);
      if (known(v) && fits(f, v)) facts[f.name] = v;
    });
    var decided = decide(fw, facts);
    var recommended = decided.recommended, reasoning = decided.reasoning, provisional = false;
    // the unanswered facts whose answer alone changes the recommendation: they make it
    // provisional, and `explainOrder` asks them first
    var decisive = decisiveUnknowns(fw, facts, recommended);
    if (recommended && recommended.length) {
      var waits = [];
      fw.requires.forEach(function (r) {
        if (recommended.indexOf(r.option) < 0) return;
        r.facts.forEach(function (f) { if (!known(facts[f]) && waits.indexOf(f) < 0) waits.push(f); });
      });
      decisive.forEach(function (f) { if (waits.indexOf(f) < 0) waits.push(f); });
      if (waits.length) {
        provisional = true;
        reasoning.push(provisionalText(waits.map(function (f) { return byName[f].prompt; })));
      }
    }
    var opposing = decided.opposing;
    var chosen = recommended || [];
    var accepted = [], failure = [];
    chosen.forEach(function (id) {
      fw.options.forEach(function (o) {
        if (o.id === id) { accepted = accepted.concat(o.accepts); failure = failure.concat(o.failure_cost); }
      });
    });
    chosen.forEach(function (id) { opposing[id].forEach(function (c) { accepted.push(c.text); }); });
    var questions = [];
    fw.open_questions.forEach(function (q) {
      if (!(q.when === null || q.when === undefined || test(q.when, facts) === true)) return;
      // a question about running one option is asked only when that option is the one chosen
      var about = q.options || [];
      if (about.length && chosen.length && !about.some(function (id) { return chosen.indexOf(id) >= 0; })) return;
      questions.push(q.text);
    });
    fw.facts.forEach(function (f) { if (!known(facts[f.name])) questions.push(f.prompt); });
    return {
      recommended: recommended, provisional: provisional, scores: decided.scores, vetoed: decided.vetoOrder,
      reasoning: reasoning, accepted_costs: unique(accepted), failure_costs: unique(failure),
      open_questions: questions, answered: facts, decisive: decisive
    };
  }

  function weigh(fw, scores, vetoed, vetoOrder, title, reasoning) {
    var ids = fw.options.map(function (o) { return o.id; });
    var candidates = ids.filter(function (id) { return !vetoed[id]; });
    vetoOrder.forEach(function (id) { reasoning.push(title(id) + " is ruled out: " + vetoed[id][0].text); });
    if (!candidates.length) {
      reasoning.push("Every option is ruled out by the facts: no recommendation.");
      return null;
    }
    if (fw.combinable) {
      var chosen = candidates.filter(function (id) { return scores[id] > 0; });
      if (chosen.length) {
        var parts = chosen.map(function (id) { return title(id) + " (" + signed(scores[id]) + ")"; }).join(", ");
        var lead = chosen.length > 1 ? "The facts favour combining" : "Of the options, the facts favour only";
        reasoning.push(lead + ": " + parts + ".");
      } else {
        reasoning.push("No option has a positive score yet: no recommendation; answer the open facts.");
      }
      return chosen;
    }
    var best = Math.max.apply(null, candidates.map(function (id) { return scores[id]; }));
    var top = candidates.filter(function (id) { return scores[id] === best; });
    var ranked = candidates.slice().sort(function (a, b) { return scores[b] - scores[a]; });
    var ranking = ranked.map(function (id) { return title(id) + " " + signed(scores[id]); }).join(", ");
    if (top.length > 1) {
      reasoning.push("No recommendation: " + top.map(title).join(" and ") + " are tied at " + signed(best) +
                     " (" + ranking + "). Answer more facts, or decide on grounds the framework does not weigh.");
      return null;
    }
    reasoning.push("The facts favour " + title(top[0]) + " (scores: " + ranking + ").");
    return [top[0]];
  }

  /* evaluate._walk_steps: the first step that passes, with what earlier steps kept (keep) */
  function walk(fw, facts, vetoed, title, reasoning) {
    var kept = [];
    var titles = function (ids) { return ids.map(title).join(" + "); };
    for (var i = 0; i < fw.steps.length; i++) {
      var step = fw.steps[i];
      var label = "Step " + (i + 1) + " (" + title(step.option) + ")";
      if (vetoed[step.option]) {
        reasoning.push(label + ": skipped, ruled out: " + vetoed[step.option][0].text);
        continue;
      }
      if (step.enter_if !== null && step.enter_if !== undefined && test(step.enter_if, facts) === false) {
        reasoning.push(label + ": does not apply; it is for when " + step.enter_text + ".");
        continue;
      }
      var passed = test(step.pass_if, facts);
      if (passed === true) {
        if (kept.indexOf(step.option) < 0) kept.push(step.option);
        if (step.keep) {
          reasoning.push(label + ": passes (" + step.test + "). Keep " + title(step.option) + " and go on.");
          continue;
        }
        reasoning.push(label + ": passes (" + step.test + "). Stop here: " + titles(kept) + ".");
        return kept;
      }
      if (passed === null) {
        var stop = kept.length ? kept : [step.option];
        reasoning.push(label + ": cannot tell yet (" + step.test + "); the walk stops here on " + titles(stop) + ".");
        return stop;
      }
      reasoning.push(label + ": does not pass (" + step.test + ").");
    }
    if (kept.length) {
      reasoning.push("No later step passes: " + titles(kept) + ".");
      return kept;
    }
    if (fw.fallback !== null && fw.fallback !== undefined && !vetoed[fw.fallback]) {
      reasoning.push("No step passes: fall back to " + title(fw.fallback) + ".");
      return [fw.fallback];
    }
    reasoning.push("No step passes and the fallback is ruled out: no recommendation.");
    return null;
  }

  /* The decision file for these answers, to paste into decisions/ (JSON strings are YAML). */
  function decisionYaml(fw, answers, result, today) {
    var lines = ["title: " + JSON.stringify("Decide: " + fw.title), "status: proposed",
                 "date: " + today, "framework: " + fw.id, "facts:"];
    var any = false;
    fw.facts.forEach(function (f) {
      var v = own(answers, f.name);
      if (!known(v) || !fits(f, v)) return;
      any = true;
      lines.push("  " + f.name + ": " + JSON.stringify(v));
    });
    if (!any) lines[lines.length - 1] = "facts: {}";
    var rec = result.recommended || [];
    if (rec.length === 1) lines.push("chosen: " + rec[0]);
    else if (rec.length > 1) lines.push("chosen: [" + rec.join(", ") + "]");
    return lines.join("\n") + "\n";
  }

  /* ---- open questions in the order `tradeoffs explain` gives them (sensitivity.py) ---- */

  /* The open questions of `evaluate`'s `result` with the decisive unknowns first, as `explain`
     lists them: the facts it did not use (`answered`) close the list, `decisive` ranks them. */
  function explainOrder(fw, result) {
    var unanswered = fw.facts.filter(function (f) { return !known(result.answered[f.name]); });
    var questions = result.open_questions;
    var firstFact = questions.length - unanswered.length;
    var decisive = result.decisive;
    var first = [], rest = [];
    questions.forEach(function (text, i) {
      var fact = i >= firstFact ? unanswered[i - firstFact].name : null;
      var rank = fact === null ? -1 : decisive.indexOf(fact);
      if (rank >= 0) first.push({ text: text, rank: rank });
      else rest.push(text);
    });
    first.sort(function (a, b) { return a.rank - b.rank; });
    return first.map(function (q) { return q.text; }).concat(rest);
  }

  /* ---- the widget ---- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readAnswers(fw, form) {
    var answers = map();
    fw.facts.forEach(function (f) {
      var input = form.elements.namedItem(f.name);
      if (!input || input.value === "") return;
      if (f.type === "boolean") answers[f.name] = input.value === "true";
      else if (f.type === "number" || f.type === "integer") {
        var n = Number(input.value);
        if (input.value.trim() !== "" && isFinite(n)) answers[f.name] = n;
      } else answers[f.name] = input.value;
    });
    return answers;
  }

  /* What is wrong with an answer that the evaluation leaves out, or "" (a number out of its
     range, not whole, or not a number at all). */
  function invalidAnswer(fact, input) {
    if (fact.type !== "number" && fact.type !== "integer") return "";
    if (input.validity && input.validity.badInput) return "Not a number.";
    if (input.value.trim() === "") return "";
    var n = Number(input.value);
    if (!isFinite(n)) return "Not a number.";
    if (fits(fact, n)) return "";
    var low = fact.min !== null && fact.min !== undefined, high = fact.max !== null && fact.max !== undefined;
    var range = low && high ? " from " + fact.min + " to " + fact.max
      : low ? " of " + fact.min + " or more" : high ? " of " + fact.max + " or less" : "";
    return "Not used: the answer must be a " + (fact.type === "integer" ? "whole number" : "number") + range + ".";
  }

  /* Each answer Try it cannot use is marked, with why, instead of being left out silently. */
  function flagInvalid(fw, form) {
    fw.facts.forEach(function (f) {
      var input = form.elements.namedItem(f.name);
      if (!input || input.tagName !== "INPUT") return;
      var message = invalidAnswer(f, input);
      var id = input.id + "-invalid";
      var note = document.getElementById(id);
      if (!message) {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
        if (note) note.remove();
        return;
      }
      if (!note) {
        note = el("span", { "class": "tradeoffs-tryit-invalid", id: id });
        input.parentNode.appendChild(note);
      }
      note.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
    });
  }

  function fromUrl(fw, form) {
    var params = new URLSearchParams(window.location.search);
    fw.facts.forEach(function (f) {
      var input = form.elements.namedItem(f.name);
      if (input && params.has(f.name)) input.value = params.get(f.name);
    });
  }

  /* The page's address with the answers in its query, so a link carries them. */
  function urlFor(fw, answers) {
    var params = new URLSearchParams(window.location.search);
    fw.facts.forEach(function (f) {
      if (known(own(answers, f.name))) params.set(f.name, String(answers[f.name]));
      else params.delete(f.name);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + "#try-it";
  }

  function list(node, heading, items, cls) {
    node.appendChild(el("h3", {}, heading));
    if (!items.length) { node.appendChild(el("p", {}, "None.")); return; }
    var ul = el("ul", { "class": cls });
    items.forEach(function (t) { ul.appendChild(el("li", {}, t)); });
    node.appendChild(ul);
  }

  function mount(root) {
    if (root.getAttribute("data-tradeoffs-mounted")) return;
    root.setAttribute("data-tradeoffs-mounted", "1");
    var fw = JSON.parse(root.getAttribute("data-tradeoffs-tryit"));
    var form = el("form", { "class": "tradeoffs-tryit-form" });
    // a plain table, so the theme lays the questions out as it does every other table
    var table = el("table", {});
    var head = el("thead", {});
    var headRow = el("tr", {});
    headRow.appendChild(el("th", {}, "Question"));
    headRow.appendChild(el("th", {}, "Answer"));
    head.appendChild(headRow);
    table.appendChild(head);
    var body = el("tbody", {});
    table.appendChild(body);
    form.appendChild(table);
    fw.facts.forEach(function (f) {
      var row = el("tr", { "class": "tradeoffs-tryit-fact" });
      var id = "tradeoffs-tryit-" + f.name;
      var question = el("td", {});
      question.appendChild(el("label", { "for": id }, f.prompt + (f.unit ? " (" + f.unit + ")" : "")));
      row.appendChild(question);
      var input;
      if (f.type === "boolean" || f.type === "enum") {
        input = el("select", { name: f.name });
        input.appendChild(el("option", { value: "" }, "not answered"));
        var values = f.type === "boolean" ? [["true", "yes"], ["false", "no"]]
          : f.values.map(function (v) { return [v, v]; });
        values.forEach(function (pair) { input.appendChild(el("option", { value: pair[0] }, pair[1])); });
      } else if (f.type === "number" || f.type === "integer") {
        input = el("input", { name: f.name, type: "number", step: f.type === "integer" ? "1" : "any",
                             placeholder: "not answered" });
        if (f.min !== null) input.setAttribute("min", String(f.min));
        if (f.max !== null) input.setAttribute("max", String(f.max));
      } else {
        input = el("input", { name: f.name, type: "text", placeholder: "not answered" });
      }
      input.setAttribute("id", id);
      var cell = el("td", {});
      cell.appendChild(input);
      row.appendChild(cell);
      body.appendChild(row);
    });
    var out = el("div", { "class": "tradeoffs-tryit-result", "aria-live": "polite" });
    var actions = el("p", { "class": "tradeoffs-tryit-actions" });
    var link = el("a", { "class": "tradeoffs-tryit-link", href: "#try-it" }, "Link to these answers");
    var button = el("button", { type: "button", "class": "tradeoffs-tryit-yaml md-button" }, "Decision YAML");
    var yaml = el("pre", { "class": "tradeoffs-tryit-yaml-text", hidden: "" });
    actions.appendChild(link);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(button);
    root.textContent = "";
    root.appendChild(form);
    root.appendChild(out);
    root.appendChild(actions);
    root.appendChild(yaml);
    var current = null, answers = map();

    function update(write) {
      answers = readAnswers(fw, form);
      current = evaluate(fw, answers);
      var titles = map();
      fw.options.forEach(function (o) { titles[o.id] = o.title; });
      out.textContent = "";
      var rec = current.recommended === null ? "none" :
        (current.recommended.length ? current.recommended.map(function (id) { return titles[id]; }).join(" + ") : "no option yet");
      var p = el("p", { "class": "tradeoffs-tryit-recommendation" });
      p.appendChild(el("strong", {}, "Recommendation" + (current.provisional ? " (provisional)" : "") + ": "));
      p.appendChild(document.createTextNode(rec));
      out.appendChild(p);
      var why = el("ul", { "class": "tradeoffs-tryit-reasoning" });
      current.reasoning.forEach(function (t) { why.appendChild(el("li", {}, t)); });
      out.appendChild(why);
      list(out, "What we accept", current.accepted_costs, "tradeoffs-tryit-accepts");
      list(out, "Cost of getting it wrong", current.failure_costs, "tradeoffs-tryit-failure");
      list(out, "Open questions", explainOrder(fw, current), "tradeoffs-tryit-questions");
      flagInvalid(fw, form);
      var url = urlFor(fw, answers);
      link.setAttribute("href", url);
      if (write) window.history.replaceState(null, "", url);
      if (!yaml.hidden) yaml.textContent = decisionYaml(fw, answers, current, new Date().toISOString().slice(0, 10));
    }

    form.addEventListener("input", function () { update(true); });
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    button.addEventListener("click", function () {
      yaml.hidden = false;
      yaml.textContent = decisionYaml(fw, answers, current, new Date().toISOString().slice(0, 10));
    });
    fromUrl(fw, form);
    update(false);
  }

  window.TradeoffsTryIt = {
    evaluate: evaluate, fits: fits, decisionYaml: decisionYaml, explainOrder: explainOrder
  };

  function start() {
    var roots = document.querySelectorAll("[data-tradeoffs-tryit]");
    for (var i = 0; i < roots.length; i++) mount(roots[i]);
  }
  // Material's instant navigation swaps pages without a load event; document$ tells us.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
