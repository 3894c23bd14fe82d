// "Insert a picture" on the article form: searches the picture library (a page of matches at a time)
// and places the chosen picture, with its caption and credit, in the body editor at the cursor.
// The editor keeps the library id on <img data-file>; the server stores it as <figure data-image-id>.
"use strict";
{
  const editors = new Map();

  document.addEventListener("prose-editor:ready", (event) => {
    editors.set(event.detail.textarea.id, event.detail.editor);
  });

  const figureHtml = (picture) => {
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = picture.src;
    img.alt = picture.alt;
    img.setAttribute("data-file", String(picture.id));
    figure.append(img);
    if (picture.caption || picture.credit) {
      const caption = document.createElement("figcaption");
      caption.append(picture.caption);
      if (picture.credit) {
        const credit = document.createElement("span");
        credit.className = "credit";
        credit.textContent = `(${picture.credit})`;
        caption.append(picture.caption ? " " : "", credit);
      }
      figure.append(caption);
    }
    return figure.outerHTML;
  };

  const showResults = (list, results, insert) => {
    list.replaceChildren();
    if (!results.length) {
      const empty = document.createElement("li");
      empty.textContent = "No pictures match.";
      list.append(empty);
    }
    for (const picture of results) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "picture-library-choice";
      const thumb = document.createElement("img");
      thumb.src = picture.thumb;
      thumb.alt = "";
      const label = document.createElement("span");
      label.textContent = `${picture.alt || picture.caption || "No alt text yet"}${picture.credit ? ` — ${picture.credit}` : ""}`;
      button.append(thumb, label);
      if (picture.warning) {
        // "Too small for the story page's lead and body pictures (hero: needs …)": before it is placed, not after.
        const warning = document.createElement("span");
        warning.className = "picture-library-warning";
        warning.textContent = picture.warning;
        button.append(warning);
      }
      button.addEventListener("click", () => insert(picture));
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
  };

  const setUp = (panel) => {
    const input = panel.querySelector("input[type=search]");
    const list = panel.querySelector(".picture-library-results");
    let timer = null;
    let controller = null;
    const search = async () => {
      controller?.abort();
      controller = new AbortController();
      const url = `${panel.dataset.url}?q=${encodeURIComponent(input.value.trim())}`;
      try {
        const response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
        const data = await response.json();
        showResults(list, data.results, (picture) => {
          const editor = editors.get(panel.dataset.target);
          if (!editor) return;
          editor.chain().focus().insertContent(figureHtml(picture)).run();
        });
      } catch (error) {
        if (error.name !== "AbortError") list.textContent = "The picture library could not be searched.";
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("focus", () => list.childElementCount || search(), { once: true });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // never submit the article form from here
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".picture-library").forEach(setUp);
  });
}
