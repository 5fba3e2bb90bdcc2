// Notes, once the page has laid out; the page is complete without this script.
//
// Narrow screens: a note's marker (a button the page already says is collapsed and
// what it controls) opens and closes the note below its line; Escape closes it;
// find-in-page opens a note it finds words in (`beforematch`).
//
// Wide screens: the stylesheet floats each note into the margin, where a long note
// pushes the next ones down until they drift far from their lines. Here every note is
// placed beside the line of its marker instead: top to bottom, a note goes at its line,
// or just below the note before it when they would overlap (never further), and a
// note taller than the room before the next note's line is cut to that room, showing
// all of itself when pointed at, focused or clicked. Placing runs again when the width
// or the fonts change. Clicking a marker lights the note and its passage, without
// scrolling; pointing at or focusing either previews the whole note.
(function () {
  var root = document.documentElement;
  var wide = window.matchMedia("(min-width: 64em)");
  // A note is cut so that the next one starts at most TARGET below its line, or SLACK
  // where notes crowd (two on one line); notes keep GAP between them.
  var TARGET = 10, SLACK = 26, GAP = 4;
  var notes = [].slice.call(document.querySelectorAll(".text .sn, .chapter-head .sn"));
  var marker = {};
  notes.forEach(function (n) {
    var b = document.querySelector('.sn-ref[aria-controls="' + n.id + '"]');
    if (b) marker[n.id] = b;
  });
  notes = notes.filter(function (n) { return marker[n.id]; });
  var pinned = {};

  function setOpen(note, open) {
    if (open) note.removeAttribute("hidden"); else note.setAttribute("hidden", "until-found");
    marker[note.id].setAttribute("aria-expanded", open ? "true" : "false");
  }

  // The passage: the highlights from the note's first one up to its marker.
  function passage(note) {
    var first = document.getElementById(note.id + "-text"), end = marker[note.id], out = [];
    if (!first) return out;
    var marks = document.querySelectorAll("mark.hl");
    for (var i = 0; i < marks.length; i++) {
      var m = marks[i];
      var after = m === first || (first.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (after && (end.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_PRECEDING)) out.push(m);
    }
    return out;
  }
  function light(note, on) {
    note.classList.toggle("lit", on);
    marker[note.id].classList.toggle("lit", on);
    passage(note).forEach(function (m) { m.classList.toggle("lit", on); });
  }
  function peek(note, on) {
    note.classList.toggle("peek", on || !!pinned[note.id]);
  }

  function place() {
    notes.forEach(function (n) {
      n.style.top = n.style.left = n.style.maxHeight = "";
      n.classList.remove("clamped");
    });
    root.classList.toggle("placed", wide.matches);
    if (!wide.matches) return;
    // Read everything first, then write: one layout.
    var items = notes.map(function (n) {
      var ref = marker[n.id].getBoundingClientRect();
      var box = n.offsetParent ? n.offsetParent.getBoundingClientRect() : { top: 0, left: 0 };
      var article = n.closest("article") || document.body;
      var a = article.getBoundingClientRect(), pad = parseFloat(getComputedStyle(article).paddingRight) || 0;
      var line = n.parentElement ? getComputedStyle(n.parentElement) : null, own = getComputedStyle(n);
      // Line up the note's first baseline with its line's (found from the marker's,
      // which is raised 0.55 of its font size).
      var mark = getComputedStyle(marker[n.id]), size = parseFloat(mark.fontSize);
      var baseline = ref.bottom - parseFloat(mark.paddingBottom) - 0.25 * size + 0.55 * size;
      var want = line ? baseline - (parseFloat(own.lineHeight) + 0.7 * parseFloat(own.fontSize)) / 2 : ref.top;
      return {
        note: n, want: want + scrollY, height: n.offsetHeight,
        line: parseFloat(own.lineHeight) || 20,
        top: box.top + scrollY, left: box.left, x: a.right - pad - n.offsetWidth
      };
    });
    // The latest each note may start: near its line, and early enough that the notes
    // after it can still start near theirs, one line each at least.
    for (var i = items.length - 1; i >= 0; i--) {
      var it = items[i], after = items[i + 1];
      it.latest = it.want + SLACK;
      if (after && !pinned[it.note.id]) it.latest = Math.min(it.latest, after.latest - GAP - it.line);
    }
    var bottom = -Infinity;
    items.forEach(function (it, i) {
      var y = Math.max(it.want, bottom + GAP), h = it.height, next = items[i + 1];
      var goal = next && Math.min(next.latest, next.want + TARGET);
      if (next && !pinned[it.note.id] && y + h + GAP > goal) {
        // Cut at a whole line, one at least.
        h = Math.max(Math.floor((goal - GAP - y) / it.line), 1) * it.line;
        if (h < it.height) it.cut = h; else h = it.height;
      }
      it.y = y;
      bottom = y + h;
    });
    items.forEach(function (it) {
      it.note.style.top = Math.round(it.y - it.top) + "px";
      it.note.style.left = Math.round(it.x - it.left) + "px";
      if (it.cut) {
        it.note.style.maxHeight = it.cut + "px";
        it.note.classList.add("clamped");
      }
    });
  }

  function sync() {
    notes.forEach(function (n) {
      if (wide.matches) {
        // In the margin every note is shown.
        n.removeAttribute("hidden");
        marker[n.id].setAttribute("aria-expanded", "true");
      } else {
        n.classList.remove("peek", "lit");
        setOpen(n, false);
      }
    });
    place();
  }

  var queued = false;
  function later() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; place(); });
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.sn-ref");
    var note = b && document.getElementById(b.getAttribute("aria-controls"));
    if (note && marker[note.id] === b) {
      if (wide.matches) {
        notes.forEach(function (n) { if (n !== note && n.classList.contains("lit")) { light(n, false); pinned[n.id] = false; peek(n, false); } });
        var on = !note.classList.contains("lit");
        light(note, on);
        pinned[note.id] = on;
        peek(note, on);
        later();
      } else {
        setOpen(note, note.hasAttribute("hidden"));
      }
      return;
    }
    var clamped = e.target.closest && e.target.closest(".sn.clamped");
    if (clamped && wide.matches && !(e.target.closest("a, button"))) {
      pinned[clamped.id] = true;
      peek(clamped, true);
      later();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    notes.forEach(function (n) {
      var was = wide.matches ? n.classList.contains("lit") || pinned[n.id] : !n.hasAttribute("hidden");
      if (!was) return;
      if (wide.matches) { light(n, false); pinned[n.id] = false; peek(n, false); } else setOpen(n, false);
      if (n.contains(document.activeElement)) marker[n.id].focus();
    });
    if (wide.matches) later();
  });
  notes.forEach(function (n) {
    n.addEventListener("beforematch", function () { marker[n.id].setAttribute("aria-expanded", "true"); });
  });
  function hover(e, on) {
    if (!wide.matches || !e.target.closest) return;
    var b = e.target.closest("button.sn-ref"), n = e.target.closest(".sn");
    var note = n && marker[n.id] ? n : b && document.getElementById(b.getAttribute("aria-controls"));
    if (!note || !marker[note.id]) return;
    var rel = e.relatedTarget;
    if (!on && rel && (note.contains(rel) || marker[note.id].contains(rel))) return;
    peek(note, on);
    passage(note).forEach(function (m) { m.classList.toggle("lit", on || note.classList.contains("lit")); });
  }
  document.addEventListener("mouseover", function (e) { hover(e, true); });
  document.addEventListener("mouseout", function (e) { hover(e, false); });
  document.addEventListener("focusin", function (e) { hover(e, true); });
  document.addEventListener("focusout", function (e) { hover(e, false); });

  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
  window.addEventListener("resize", later);
  window.addEventListener("load", later);
  if (document.fonts) {
    document.fonts.ready.then(later);
    if (document.fonts.addEventListener) document.fonts.addEventListener("loadingdone", later);
  }
})();
