// Live coverage in the reader's browser, without a framework: the breaking-news banner, the Most read beacon
// and a live blog's "N new updates" button. Pages are complete without it.
(function () {
  "use strict";

  var POLL_SECONDS = 30;

  // The banner is its own small cached answer (/breaking.json), so setting or clearing an alert purges one
  // object instead of every page of the site. Its text goes in as text, never as markup.
  function showBreakingNews() {
    var place = document.querySelector("[data-breaking]");
    if (!place || !window.fetch) return;
    fetch(place.getAttribute("data-breaking"), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : { alert: null }; })
      .then(function (data) {
        if (!data.alert) return;
        var wrap = document.createElement("p");
        wrap.className = "wrap";
        var label = document.createElement("strong");
        label.textContent = "Breaking";
        wrap.appendChild(label);
        wrap.appendChild(document.createTextNode(" "));
        var text = document.createElement(data.alert.url ? "a" : "span");
        if (data.alert.url) text.href = data.alert.url;
        text.textContent = data.alert.text;
        wrap.appendChild(text);
        place.setAttribute("role", "region");
        place.setAttribute("aria-label", "Breaking news");
        place.appendChild(wrap);
        place.hidden = false;
      })
      .catch(function () {});
  }

  // One read per page view, sent once the page is actually seen (not while it is prerendered or in a
  // background tab that is never opened). No cookie, nothing about the reader.
  function countRead() {
    var beacon = document.querySelector("[data-read-beacon]");
    if (!beacon || !navigator.sendBeacon) return;
    var sent = false;
    function send() {
      if (sent || document.visibilityState !== "visible" || document.prerendering) return;
      sent = true;
      navigator.sendBeacon(beacon.getAttribute("data-read-beacon"));
    }
    document.addEventListener("visibilitychange", send);
    document.addEventListener("prerenderingchange", send);
    send();
  }

  // A live blog asks every 30 s whether anything changed, with the ETag it last got (cache: "no-cache" makes the
  // browser revalidate, so an unchanged blog costs a 304). New updates are offered behind a button, announced
  // politely: the text the reader is on never moves by itself.
  function followLiveBlog() {
    var blog = document.querySelector("[data-poll]");
    if (!blog || !window.fetch || !window.DOMParser) return;
    var latest = parseInt(blog.getAttribute("data-latest"), 10) || 0;
    var firstPage = blog.getAttribute("data-page") === "1";
    var box = blog.querySelector("[data-new-updates]");
    var button = box.querySelector("button");
    var status = blog.querySelector("[data-live-status]");
    var waiting = 0;
    var timer = null;

    function poll() {
      if (document.visibilityState !== "visible") return;
      fetch(blog.getAttribute("data-poll"), { cache: "no-cache", credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          var fresh = data.updates.filter(function (id) { return id > latest; }).length;
          if (fresh !== waiting && fresh > 0) {
            waiting = fresh;
            var words = (fresh >= data.updates.length && fresh > 1 ? fresh + "+" : fresh) +
              (fresh === 1 ? " new update" : " new updates");
            button.textContent = "Show " + words;
            status.textContent = words;
            box.hidden = false;
          }
          if (data.state !== "live") window.clearInterval(timer);
        })
        .catch(function () {});
    }

    function showNew() {
      if (!firstPage) {
        window.location.assign(window.location.pathname + "#live");
        return;
      }
      button.disabled = true;
      fetch(window.location.pathname, { cache: "no-cache", credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var list = page.querySelector("[data-updates]");
          var blogNow = page.querySelector("[data-poll]");
          if (!list || !blogNow) return;
          swap(blog, "[data-updates]", list, ".live-blog__new");
          swap(blog, "[data-key-events]", page.querySelector("[data-key-events]"), "h2");
          var first = blog.querySelector("[data-updates] article");
          var shown = waiting;
          latest = parseInt(blogNow.getAttribute("data-latest"), 10) || latest;
          waiting = 0;
          box.hidden = true;
          status.textContent = shown + (shown === 1 ? " new update shown" : " new updates shown");
          if (first) first.focus();
        })
        .catch(function () {})
        .then(function () { button.disabled = false; });
    }

    button.addEventListener("click", showNew);
    document.addEventListener("visibilitychange", poll);
    timer = window.setInterval(poll, POLL_SECONDS * 1000);
  }

  // Puts ``fresh`` where the blog's ``selector`` element is (or after ``anchor`` when it had none yet).
  function swap(blog, selector, fresh, anchor) {
    if (!fresh) return;
    var old = blog.querySelector(selector);
    fresh = document.importNode(fresh, true);
    if (old) {
      old.parentNode.replaceChild(fresh, old);
    } else {
      var after = blog.querySelector(anchor);
      after.parentNode.insertBefore(fresh, after.nextSibling);
    }
  }

  showBreakingNews();
  countRead();
  followLiveBlog();
})();
