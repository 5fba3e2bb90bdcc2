// Live reload for `quire serve`. The server adds this script to the HTML pages it
// serves (never to the files it writes). It listens to the server's build events:
// `hello` on connecting says which build is current, so a page served just before a
// rebuild reloads at once; `reload` follows every good build; `build-error` carries the
// diagnostics of a failed one, shown over the page (which is the last good build) until
// the next good build reloads it. The text is set as text, never parsed as HTML.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-quire-build") : null;
  var events = new EventSource("/_quire/events");

  events.addEventListener("hello", function (e) {
    if (e.data !== build) {
      location.reload();
    }
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("build-error", function (e) {
    show(e.data);
  });

  function show(text) {
    var box = document.getElementById("quire-build-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "quire-build-error";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed";
      s.left = s.right = s.top = "0";
      s.zIndex = "2147483647";
      s.maxHeight = "70vh";
      s.overflow = "auto";
      s.margin = "0";
      s.padding = "1em 1.5em";
      s.background = "#fff4f2";
      s.color = "#1a1a1a";
      s.borderBottom = "3px solid #b3261e";
      s.boxShadow = "0 4px 16px rgba(0,0,0,.25)";
      s.font = "14px/1.4 system-ui, sans-serif";
      var title = document.createElement("p");
      title.style.margin = "0 0 .5em";
      title.style.fontWeight = "bold";
      title.textContent =
        "The build failed. This page is the last good build; it reloads when the source builds again.";
      var pre = document.createElement("pre");
      pre.style.margin = "0";
      pre.style.whiteSpace = "pre-wrap";
      pre.style.font = "13px/1.4 ui-monospace, monospace";
      var hide = document.createElement("button");
      hide.type = "button";
      hide.textContent = "Hide";
      hide.style.marginTop = ".75em";
      hide.addEventListener("click", function () {
        box.remove();
      });
      box.appendChild(title);
      box.appendChild(pre);
      box.appendChild(hide);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
})();
