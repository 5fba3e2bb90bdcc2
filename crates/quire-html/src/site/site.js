// The book's site: the contents toggle on narrow screens and the search box. The pages
// are complete without them: the toggle is a link to the contents (`:target` shows
// them), and the search box stays hidden.
(function () {
  var nav = document.getElementById("quire-nav");
  var toggle = document.querySelector("a.nav-open");
  if (!nav) return;
  var wide = window.matchMedia("(min-width: 80em)");
  function setOpen(open) {
    nav.classList.toggle("open", open);
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (toggle) {
    toggle.addEventListener("click", function (e) {
      e.preventDefault();
      var open = !nav.classList.contains("open");
      setOpen(open);
      if (open) {
        var first = nav.querySelector("input, a");
        if (first) first.focus();
      }
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && nav.classList.contains("open") && !wide.matches) {
      setOpen(false);
      if (toggle) toggle.focus();
    }
  });
  // The current page's entry in view inside the sidebar, if it is below its fold.
  var here = nav.querySelector("ol [aria-current=page]");
  if (here && wide.matches && here.offsetTop + here.offsetHeight > nav.clientHeight) {
    nav.scrollTop = here.offsetTop - nav.clientHeight / 3;
  }

  // Search: the index (search.js) is loaded on first use, with a script element so
  // that it works from file:// too.
  var box = nav.querySelector(".search");
  var input = document.getElementById("quire-q");
  var hits = document.getElementById("quire-hits");
  if (!box || !input || !hits) return;
  box.hidden = false;
  var index = null, keys = null, wordRe = /[\p{Alphabetic}\p{N}_]/u, cjkRe = null;
  var requested = false;
  function load() {
    if (requested) return;
    requested = true;
    var s = document.createElement("script");
    s.src = "search.js";
    s.onload = function () {
      index = window.quireSearch;
      keys = Object.keys(index.terms).sort();
      cjkRe = new RegExp("[" + index.cjk + "]", "u");
      run();
    };
    document.head.appendChild(s);
  }
  // The same cut as the index's (see the crate's site/search.rs): words, and CJK runs
  // as single characters (a run of one) or bigrams.
  function parse(q) {
    var lower = q.toLowerCase(), words = [], cjk = [], word = "", run = [];
    function endWord() { if (word) words.push(word); word = ""; }
    function endRun() {
      if (run.length === 1) cjk.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) cjk.push(run[i] + run[i + 1]);
      run = [];
    }
    for (var ch of lower + " ") {
      var isWord = wordRe.test(ch), isCjk = isWord && cjkRe.test(ch);
      if (!isWord || isCjk) endWord();
      if (!isCjk) endRun();
      if (isCjk) run.push(ch); else if (isWord) word += ch;
    }
    return { words: words, cjk: cjk };
  }
  function postings(term) {
    var deltas = index.terms[term], out = [], n = 0;
    if (!deltas) return out;
    for (var i = 0; i < deltas.length; i++) { n += deltas[i]; out.push(n); }
    return out;
  }
  function prefixed(prefix) {
    var lo = 0, hi = keys.length, seen = new Set();
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < prefix) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < keys.length && keys[i].startsWith(prefix); i++) {
      postings(keys[i]).forEach(function (n) { seen.add(n); });
    }
    return Array.from(seen);
  }
  function search(q) {
    var t = parse(q), lists = [];
    var typing = !/\s$/.test(q);
    t.words.forEach(function (w, i) {
      lists.push(typing && i === t.words.length - 1 ? prefixed(w) : postings(w));
    });
    t.cjk.forEach(function (g) { lists.push(postings(g)); });
    if (!lists.length) return null;
    lists.sort(function (a, b) { return a.length - b.length; });
    var sets = lists.slice(1).map(function (l) { return new Set(l); });
    var found = lists[0].filter(function (n) {
      return sets.every(function (s) { return s.has(n); });
    });
    found.sort(function (a, b) { return (index.units[b][3] - index.units[a][3]) || a - b; });
    return { found: found, terms: t.words.concat(t.cjk) };
  }
  function highlight(el, text, terms) {
    var lower = text.toLowerCase(), at = 0;
    var spans = [];
    terms.forEach(function (term) {
      var i = lower.indexOf(term);
      if (i >= 0) spans.push([i, i + term.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    spans.forEach(function (s) {
      if (s[0] < at) return;
      el.appendChild(document.createTextNode(text.slice(at, s[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(s[0], s[1]);
      el.appendChild(m);
      at = s[1];
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }
  var LIMIT = 40;
  function run() {
    var q = input.value;
    hits.textContent = "";
    if (!index || !q.trim()) return;
    var r = search(q);
    if (!r) return;
    var count = document.createElement("p");
    count.textContent = r.found.length === 0 ? "No results" :
      r.found.length === 1 ? "1 result" : r.found.length + " results";
    hits.appendChild(count);
    var list = document.createElement("ol");
    r.found.slice(0, LIMIT).forEach(function (n) {
      var u = index.units[n], page = index.pages[u[0]];
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = page[0] + "#" + encodeURIComponent(u[1]);
      var where = document.createElement("span");
      where.className = "hit-page";
      where.textContent = page[1];
      var text = document.createElement("span");
      text.className = "hit-text";
      highlight(text, u[2], r.terms);
      a.appendChild(where);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
    hits.appendChild(list);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load(); run(); });
  input.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var first = hits.querySelector("a");
    if (first) { e.preventDefault(); window.location.href = first.href; }
  });
})();
