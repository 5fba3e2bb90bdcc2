// Conveniences only; the page is complete without them. On narrow screens a note's
// number opens and closes the note in place (without jumping), Escape closes it, and
// pointing at a margin note lights its passage.
(function () {
  var wide = window.matchMedia("(min-width: 64em)");
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.sn-ref");
    if (!a || wide.matches) return;
    var note = document.getElementById(a.hash.slice(1));
    if (!note) return;
    e.preventDefault();
    var open = note.classList.toggle("open");
    a.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll(".sn.open").forEach(function (n) {
      n.classList.remove("open");
      var ref = document.querySelector('a.sn-ref[href="#' + n.id + '"]');
      if (ref) { ref.setAttribute("aria-expanded", "false"); ref.focus(); }
    });
  });
  function light(e, on) {
    var note = e.target.closest && e.target.closest(".sn");
    if (!note) return;
    var mark = document.getElementById(note.id + "-text");
    if (mark) mark.classList.toggle("lit", on);
  }
  document.addEventListener("mouseover", function (e) { light(e, true); });
  document.addEventListener("mouseout", function (e) { light(e, false); });
})();
