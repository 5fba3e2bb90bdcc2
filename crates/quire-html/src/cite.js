// Copy-link controls: one under each paragraph's number, one in each note. Pressing one
// copies the link to that place and shows the line to cite it by: the authors, the
// title, this edition, the paragraph (and note) and the address (the page's public one
// when it has one, else where it was opened). Only a script can copy, so the controls
// are added here; without it the paragraph numbers are still permalinks.
(function () {
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = (canonical ? canonical.href : location.href).split("#")[0];
  var title = document.querySelector('meta[property="og:title"]');
  title = title ? title.content : document.title;
  var authors = [].map.call(document.querySelectorAll('meta[name="author"]'), function (m) { return m.content; });
  var line = null;

  function button(label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "cp";
    b.setAttribute("aria-label", label);
    return b;
  }
  document.querySelectorAll(".text .pn").forEach(function (pn) {
    var b = button("Copy the link to paragraph " + pn.dataset.n);
    b.dataset.target = pn.parentElement.id;
    pn.after(b);
  });
  document.querySelectorAll(".sn[role=note]").forEach(function (n) {
    var num = n.querySelector(".sn-n");
    if (!num) return;
    var kind = n.classList.contains("fn") ? "footnote " : "note ";
    var b = button("Copy the link to " + kind + num.dataset.n);
    b.dataset.target = n.id;
    num.after(b);
  });

  function cite(target) {
    var el = document.getElementById(target);
    var note = el.classList.contains("sn") ? el : null;
    var p = (note || el).closest("p");
    var pn = p && p.querySelector(":scope > .pn");
    var where = [];
    if (pn) where.push("\u00b6\u00a0" + pn.dataset.n);
    if (note) {
      var num = note.querySelector(".sn-n");
      where.push((note.classList.contains("fn") ? "footnote " : "note ") + num.dataset.n);
    }
    var who = authors.length ? authors.join(", ") + ", " : "";
    return who + "\u201c" + title + ",\u201d web edition, " + where.join(", ") + ", " + base + "#" + target;
  }

  function show(after, inside, text, copied) {
    if (!line) {
      line = document.createElement("span");
      line.className = "cite-line";
      line.setAttribute("role", "status");
    }
    line.textContent = "";
    var lead = document.createElement("strong");
    lead.textContent = copied ? "Link copied. Cite as: " : "Cite as: ";
    line.append(lead, text);
    if (inside) inside.append(line); else after.after(line);
    // The text below moved: the margin notes are placed again.
    window.dispatchEvent(new Event("resize"));
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.cp");
    if (!b) return;
    var target = b.dataset.target, text = cite(target), url = base + "#" + target;
    var el = document.getElementById(target);
    var note = el.classList.contains("sn") ? el : null;
    var done = function (ok) { show(el, note, text, ok); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  });
})();
