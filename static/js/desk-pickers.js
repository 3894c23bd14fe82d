// Pickers that identify (desk/pickers.py): each result of a story picker shows its thumbnail and a line with its
// section, status and date under the headline. The answers carry them (`thumb`, `meta`); select2 draws only the
// text, so each drawn result is completed here, whichever script set the picker up.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const $ = window.django?.jQuery;
  if (!$?.fn?.select2?.amd) return; // no picker on this page
  const utils = $.fn.select2.amd.require("select2/utils"); // select2 keeps each result's data in its own store
  const complete = (option) => {
    if (option.dataset.described) return;
    const data = utils.GetData(option, "data");
    if (!data || !(data.meta || data.thumb)) return;
    option.dataset.described = "1";
    const row = document.createElement("span");
    row.className = "story-choice";
    const thumb = document.createElement(data.thumb ? "img" : "span");
    thumb.className = data.thumb ? "story-choice__thumb" : "story-choice__thumb story-choice__thumb--none";
    if (data.thumb) { thumb.src = data.thumb; thumb.alt = ""; }
    const text = document.createElement("span");
    text.className = "story-choice__text";
    const headline = document.createElement("span");
    headline.className = "story-choice__headline";
    headline.textContent = data.headline || data.text;
    const meta = document.createElement("span");
    meta.className = "story-choice__meta";
    meta.textContent = data.meta || "";
    text.append(headline, meta);
    row.append(thumb, text);
    option.replaceChildren(row);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches?.(".select2-results__option")) complete(node);
        node.querySelectorAll?.(".select2-results__option").forEach(complete);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
});
