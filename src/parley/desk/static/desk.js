// Parley desk: local times, keyboard shortcuts and live updates (server-sent events).
(function () {
  "use strict";

  var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

  function ago(ms) {
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return "just now";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    if (s < 86400) return Math.floor(s / 3600) + " h ago";
    return Math.floor(s / 86400) + " d ago";
  }

  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var ms = Date.parse(el.getAttribute("datetime"));
      if (isNaN(ms)) return;
      var full = fmt.format(new Date(ms));
      el.title = full;
      el.textContent = el.hasAttribute("data-relative") ? ago(ms) : full;
    });
  }

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row] > a"));
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    var next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + step));
    list[next].focus();
  }

  function submitForm(key) {
    var form = document.querySelector('form[data-key-form="' + key + '"]');
    if (form) form.requestSubmit();
  }

  function focusId(id) {
    var el = document.getElementById(id);
    if (el) { el.focus(); el.scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    var handled = true;
    switch (ev.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "r": focusId("reply-text"); break;
      case "n": focusId("note-text"); break;
      case "c": submitForm("c"); break;
      case "a": submitForm("a"); break;
      default: handled = false;
    }
    if (handled) ev.preventDefault();
  });

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-focus]") : null;
    if (btn) focusId(btn.getAttribute("data-focus"));
  });

  var refreshing = false, again = false;

  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-region]").forEach(function (el) {
          var fresh = el.id ? doc.getElementById(el.id) : null;
          if (fresh) { el.replaceWith(fresh); localTimes(fresh); }
        });
        ["views", "conv-head", "conv-actions"].forEach(function (id) {
          var old = document.getElementById(id), fresh = doc.getElementById(id);
          // the actions are replaced only when they change (a close or reopen made
          // elsewhere), so a choice the agent is making in them is kept otherwise
          if (id === "conv-actions" && old && fresh && old.outerHTML === fresh.outerHTML) return;
          if (old && fresh) { old.replaceWith(fresh); localTimes(fresh); }
        });
      })
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  function live() {
    var page = document.body.getAttribute("data-page");
    if ((page !== "inbox" && page !== "conversation") || !window.EventSource) return;
    var mine = document.body.getAttribute("data-conversation");
    var source = new EventSource("/events");
    var timer = null;
    source.addEventListener("activity", function (ev) {
      var data = {};
      try { data = JSON.parse(ev.data); } catch (e) { return; }
      if (page === "conversation" && String(data.conversationId) !== mine) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 100);
    });
    document.body.setAttribute("data-live", "connecting");
    source.addEventListener("open", function () { document.body.setAttribute("data-live", "open"); });
  }

  localTimes(document);
  setInterval(function () { localTimes(document); }, 60000);
  live();
  document.documentElement.setAttribute("data-ready", "");
})();
