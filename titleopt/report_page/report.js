// Script of the titleopt HTML report, inlined into the page by titleopt/report_html.py.
// It renders listings with textContent only: no title ever reaches innerHTML.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("titleopt-config").textContent);
  var rows = JSON.parse(document.getElementById("titleopt-data").textContent);
  var K = cfg.K;
  var accepted = new Uint8Array(rows.length);
  for (var i = 0; i < rows.length; i++) {
    accepted[i] = rows[i].st === "e" ? 0 : (cfg.kind === "analyze" || cfg.kind === "lint" ||
      rows[i].st === "c") ? 1 : 0;
  }
  var state = {filter: "all", code: "", q: "", page: 0};
  var shown = [];
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function hasCode(r, code) {
    var f = r.f || [];
    for (var j = 0; j < f.length; j++) if (f[j][0] === code) return true;
    return false;
  }
  function hasErrorFinding(r) {
    var f = r.f || [];
    for (var j = 0; j < f.length; j++) if (f[j][1] === "error") return true;
    return false;
  }
  function matches(r) {
    if (state.filter === "errors" && !(r.st === "e" || hasErrorFinding(r))) return false;
    if (state.filter === "changed" && r.st !== "c") return false;
    if (state.filter === "unchanged" && r.st !== "u") return false;
    if (state.code && !hasCode(r, state.code)) return false;
    if (state.q) {
      var hay = ((r.o || "") + "\n" + (r.t || "") + "\n" + (r.id || "") + "\n" + (r.n || "")).toLowerCase();
      if (hay.indexOf(state.q) < 0) return false;
    }
    return true;
  }
  function refilter() {
    shown = [];
    for (var i = 0; i < rows.length; i++) if (matches(rows[i])) shown.push(i);
    var pages = Math.max(1, Math.ceil(shown.length / cfg.pageSize));
    if (state.page >= pages) state.page = pages - 1;
    render();
  }
  // Split a title at every span boundary; each piece gets the classes of the spans covering it.
  // Offsets are code points (Python's), hence Array.from.
  function titleNode(text, layers) {
    var chars = Array.from(text || "");
    var cuts = {0: 1};
    cuts[chars.length] = 1;
    layers.forEach(function (l) {
      (l.spans || []).forEach(function (s) {
        if (s[0] >= 0 && s[1] > s[0]) { cuts[Math.min(s[0], chars.length)] = 1; cuts[Math.min(s[1], chars.length)] = 1; }
      });
    });
    var pts = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var out = el("span", "t");
    for (var p = 0; p + 1 < pts.length; p++) {
      var a = pts[p], b = pts[p + 1];
      if (b <= a) continue;
      var cls = [], tips = [];
      layers.forEach(function (l) {
        (l.spans || []).some(function (s) { return s[0] <= a && b <= s[1]; }) && (cls.push(l.cls), tips.push(l.tip));
      });
      var piece = chars.slice(a, b).join("");
      if (!cls.length) { out.appendChild(document.createTextNode(piece)); continue; }
      var tag = cls.indexOf("kw") >= 0 ? "mark" : cls.indexOf("add") >= 0 ? "ins" : cls.indexOf("rm") >= 0 ? "del" : "span";
      var n = el(tag, cls.join(" "), piece);
      n.title = tips.join("; ");
      out.appendChild(n);
    }
    return out;
  }
  function findingSpans(r) {
    return (r.f || []).filter(function (f) { return f[3] >= 0 && f[4] > f[3]; }).map(function (f) { return [f[3], f[4]]; });
  }
  function fmt(x) { return x === null || x === undefined ? "-" : Number(x).toFixed(1); }
  function lengthBar(len, lim, unit) {
    var w = el("span", "lenbar");
    var bar = el("span", "bar" + (len > lim ? " over" : ""));
    var fill = el("i");
    fill.style.width = Math.min(100, 100 * len / Math.max(1, lim)) + "%";
    bar.appendChild(fill);
    bar.title = len + " / " + lim + " " + (unit || "");
    w.appendChild(bar);
    w.appendChild(el("span", len > lim ? "down" : "", " " + len + "/" + lim + " " + (unit || "") + (len > lim ? " (over the limit)" : "")));
    return w;
  }
  function listing(i) {
    var r = rows[i];
    var box = el("article", "listing st-" + r.st);
    box.setAttribute("data-row", r.n === undefined ? i + 1 : r.n);
    var head = el("div", "row-head");
    var cb = el("input");
    cb.type = "checkbox"; cb.checked = !!accepted[i]; cb.disabled = r.st === "e"; cb.className = "accept";
    cb.addEventListener("change", function () { accepted[i] = cb.checked ? 1 : 0; updateCount(); });
    var lab = el("label");
    lab.appendChild(cb); lab.appendChild(document.createTextNode(" accept"));
    head.appendChild(lab);
    head.appendChild(el("span", "", "row " + (r.n === undefined ? i + 1 : r.n)));
    if (r.id) head.appendChild(el("span", "", "id " + r.id));
    head.appendChild(el("span", "", r.st === "c" ? cfg.changed : r.st === "e" ? "error" : "unchanged"));
    if (r.sa !== undefined && r.sa !== null) {
      var sc = el("span", "score");
      if (r.sb !== undefined && r.sb !== null) {
        sc.textContent = "score " + fmt(r.sb) + " → " + fmt(r.sa);
        sc.className += r.sa > r.sb ? " up" : r.sa < r.sb ? " down" : "";
      } else sc.textContent = "score " + fmt(r.sa);
      head.appendChild(sc);
    }
    if (r.la !== undefined && r.lim) head.appendChild(lengthBar(r.la, r.lim, r.u));
    box.appendChild(head);
    var hasNew = r.t !== undefined && r.t !== null;
    var fs = findingSpans(r);
    var oldLayers = [{cls: "kw", spans: r.ho, tip: "covered keyword root"},
                     {cls: "rm", spans: r.ao, tip: "removed"},
                     {cls: "prot", spans: r.po, tip: "protected"}];
    if (!hasNew) oldLayers.push({cls: "bad", spans: fs, tip: "finding"});
    var l1 = el("div", "title-line old");
    l1.appendChild(el("span", "label", hasNew ? "old" : "title"));
    l1.appendChild(titleNode(r.o, oldLayers));
    box.appendChild(l1);
    if (hasNew) {
      var l2 = el("div", "title-line new");
      l2.appendChild(el("span", "label", "new"));
      l2.appendChild(titleNode(r.t, [{cls: "kw", spans: r.hn, tip: "covered keyword root"},
                                     {cls: "add", spans: r.an, tip: "added"},
                                     {cls: "prot", spans: r.pn, tip: "protected"},
                                     {cls: "bad", spans: fs, tip: "finding"}]));
      box.appendChild(l2);
    }
    if (r.e) box.appendChild(el("div", "err-msg", r.e));
    if (r.r && r.r.length) {
      var ul = el("ul", "r");
      r.r.forEach(function (x) {
        var li = el("li");
        li.appendChild(el("b", x[0] === "added" ? "up" : x[0] === "removed" ? "down" : "", (x[0] === "added" ? "+ " : x[0] === "removed" ? "− " : "= ") + x[1]));
        li.appendChild(document.createTextNode(" " + x[2]));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (r.f && r.f.length) {
      var fl = el("ul", "f");
      r.f.forEach(function (f) {
        var li = el("li");
        var a = el("a", "code", f[0]);
        a.href = "#rule-" + encodeURIComponent(f[0]);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "sev sev-" + f[1], f[1]));
        li.appendChild(document.createTextNode(" " + f[2]));
        fl.appendChild(li);
      });
      box.appendChild(fl);
    }
    var chips = el("div", "chips");
    if (r.pw && r.pw.length) {
      chips.appendChild(el("span", "prot", "protected: " + r.pw.join(" · ")));
    }
    (r.kc || []).slice(0, 8).forEach(function (k) { chips.appendChild(el("span", "", "✓ " + K[k])); });
    (r.km || []).forEach(function (k) { chips.appendChild(el("span", "miss", "missing: " + K[k])); });
    (r.x || []).forEach(function (x) { chips.appendChild(el("span", "", "note: " + x)); });
    (r.cand || []).forEach(function (c, j) { chips.appendChild(el("span", "", "candidate " + (j + 2) + ": " + c[0] + " (" + fmt(c[1]) + ")")); });
    if (chips.childNodes.length) box.appendChild(chips);
    return box;
  }
  function updateCount() {
    var n = 0;
    for (var i = 0; i < accepted.length; i++) n += accepted[i];
    $("accepted-count").textContent = n + " accepted";
  }
  function render() {
    var list = $("listings");
    list.textContent = "";
    var start = state.page * cfg.pageSize;
    var frag = document.createDocumentFragment();
    shown.slice(start, start + cfg.pageSize).forEach(function (i) { frag.appendChild(listing(i)); });
    list.appendChild(frag);
    var pages = Math.max(1, Math.ceil(shown.length / cfg.pageSize));
    $("page-info").textContent = "page " + (state.page + 1) + " of " + pages + " · " + shown.length + " of " + rows.length + " listings";
    $("prev").disabled = state.page <= 0;
    $("next").disabled = state.page >= pages - 1;
    updateCount();
  }
  function csvCell(v) {
    var s = v === undefined || v === null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // spreadsheet formula injection
    return '"' + s.replace(/"/g, '""') + '"';
  }
  function downloadCsv() {
    var head = ["row"];
    if (cfg.ids) head.push("id");
    head.push("original_title", "accepted_title");
    var lines = [head.map(csvCell).join(",")];
    for (var i = 0; i < rows.length; i++) {
      if (!accepted[i]) continue;
      var r = rows[i], line = [r.n === undefined ? i + 1 : r.n];
      if (cfg.ids) line.push(r.id || "");
      line.push(r.o, r.t !== undefined && r.t !== null ? r.t : r.o);
      lines.push(line.map(csvCell).join(","));
    }
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "accepted_titles.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  var codeSel = $("code");
  cfg.codes.forEach(function (c) { var o = el("option", "", c); o.value = c; codeSel.appendChild(o); });
  $("filter").addEventListener("change", function (e) { state.filter = e.target.value; state.page = 0; refilter(); });
  codeSel.addEventListener("change", function (e) { state.code = e.target.value; state.page = 0; refilter(); });
  var timer = null;
  $("search").addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value.trim().toLowerCase(); state.page = 0; refilter(); }, 120);
  });
  $("prev").addEventListener("click", function () { state.page--; render(); window.scrollTo(0, $("listings").offsetTop - 60); });
  $("next").addEventListener("click", function () { state.page++; render(); window.scrollTo(0, $("listings").offsetTop - 60); });
  $("csv").addEventListener("click", downloadCsv);
  function setShown(v) {
    shown.forEach(function (i) { if (rows[i].st !== "e") accepted[i] = v; });
    render();
  }
  $("accept-shown").addEventListener("click", function () { setShown(1); });
  $("reject-shown").addEventListener("click", function () { setShown(0); });
  // A finding's code links to its rule's documentation further down: open it on the way.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href^='#rule-']") : null;
    if (!a) return;
    var d = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (d) d.open = true;
  });
  refilter();
  document.body.setAttribute("data-ready", "1");
})();
