// protokoll serve: live reload and the diagnostics overlay. Added to pages by the preview
// server only, never to a built site. Every string from the site's files is untrusted: the
// overlay is built with textContent, never innerHTML.
(function () {
  "use strict";
  var KEY = "protokoll-serve-scroll:" + location.pathname;
  var saved = null;
  try {
    saved = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
  } catch (e) { /* storage may be off */ }
  if (saved) {
    var xy = saved.split(",");
    var restore = function () { window.scrollTo(Number(xy[0]) || 0, Number(xy[1]) || 0); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  var dismissed = null;
  var last = null;
  var box = null;

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (style) e.setAttribute("style", style);
    return e;
  }

  function hide() {
    if (box && box.parentNode) box.parentNode.removeChild(box);
    box = null;
  }

  function show(raw) {
    var doc;
    try { doc = JSON.parse(raw); } catch (e) { return; }
    last = raw;
    var diags = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
    var errors = Array.isArray(doc.errors) ? doc.errors : [];
    hide();
    if ((diags.length === 0 && errors.length === 0) || dismissed === raw) return;
    box = el("section", null,
      "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;" +
      "margin:0;padding:.75rem 1rem;background:#1e1e1e;color:#f0f0f0;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;" +
      "border-top:4px solid #d33;box-shadow:0 -2px 8px rgba(0,0,0,.4)");
    box.id = "protokoll-serve-overlay";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "protokoll: problems in the site");
    var head = el("div", null, "display:flex;justify-content:space-between;align-items:center;gap:1rem");
    var n = diags.length + errors.length;
    head.appendChild(el("strong", "protokoll serve: " + n + (n === 1 ? " problem" : " problems")));
    var close = el("button", "Dismiss", "font:inherit;padding:.1rem .6rem;cursor:pointer");
    close.type = "button";
    close.addEventListener("click", function () { dismissed = last; hide(); });
    head.appendChild(close);
    box.appendChild(head);
    var list = el("ul", null, "list-style:none;margin:.5rem 0 0;padding:0");
    errors.slice(0, 20).forEach(function (message) {
      list.appendChild(el("li", "error: " + message, "margin:.4rem 0;color:#ff8a80;white-space:pre-wrap"));
    });
    diags.slice(0, 50).forEach(function (d) {
      var item = el("li", null, "margin:.5rem 0");
      var where = String(d.file || "") + (d.line ? ":" + d.line + ":" + d.column : "");
      item.appendChild(el("div", where, "color:#9cdcfe"));
      var colour = d.severity === "error" ? "#ff8a80" : "#ffd54f";
      item.appendChild(el("div", d.severity + "[" + d.rule + "]: " + d.message, "color:" + colour + ";white-space:pre-wrap"));
      if (d.label) item.appendChild(el("div", "  " + d.label, "color:#bbb;white-space:pre-wrap"));
      if (d.help) item.appendChild(el("div", "  = help: " + d.help, "color:#bbb;white-space:pre-wrap"));
      list.appendChild(item);
    });
    if (diags.length > 50) list.appendChild(el("li", "… and " + (diags.length - 50) + " more (see the terminal)"));
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__protokoll/events");
  source.addEventListener("reload", function () {
    try { sessionStorage.setItem(KEY, Math.round(window.scrollX) + "," + Math.round(window.scrollY)); } catch (e) { /* ignore */ }
    source.close();
    location.reload();
  });
  source.addEventListener("diagnostics", function (e) {
    // Connected: a mark for tests (tests/browser/serve.mjs).
    document.documentElement.dataset.protokollServe = "live";
    if (document.body) show(e.data); else document.addEventListener("DOMContentLoaded", function () { show(e.data); });
  });
})();
