// Pictures straight from the story form: drop, paste or choose files onto the lead picture and into the body
// editor, and replace an imported story's "Picture missing" placeholders where they stand. Each file is posted to
// the picture library (ImageAdmin.drop_view: checked, de-duplicated, its IPTC/XMP caption, credit and byline read)
// and comes back as JSON; the form's fields are filled from it (never over what the editor already typed).
"use strict";
{
  const MISSING = "Picture missing:";
  const editors = new Map();
  document.addEventListener("prose-editor:ready", (event) => {
    editors.set(event.detail.textarea.id, event.detail.editor);
    if (event.detail.textarea.id === "id_body") setUpBody(event.detail.editor);
  });

  const csrf = () => document.querySelector("#article_form [name=csrfmiddlewaretoken]")?.value || "";
  const uploadUrl = () => document.querySelector("[data-upload-url]")?.dataset.uploadUrl;
  const imageFiles = (list) => [...(list || [])].filter((file) => file.type.startsWith("image/"));

  const upload = async (file, status) => {
    if (status) status.textContent = `Uploading ${file.name}…`;
    const data = new FormData();
    data.append("file", file, file.name || "pasted-picture.png");
    data.append("csrfmiddlewaretoken", csrf());
    const response = await fetch(uploadUrl(), {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrf() },
    });
    let answer = {};
    try { answer = await response.json(); } catch { answer = { error: `The upload failed (${response.status}).` }; }
    if (!response.ok) throw new Error(answer.error || `The upload failed (${response.status}).`);
    if (status) {
      status.textContent = answer.duplicate
        ? `${file.name} is already in the library: the existing picture is used.`
        : `${file.name} added to the library.`;
    }
    return answer;
  };

  const say = (status, error) => { if (status) { status.textContent = error.message; status.classList.add("picture-drop__status--error"); } };

  const figureHtml = (picture, { caption, credit, alt } = {}) => {
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = picture.src;
    img.alt = picture.alt || alt || picture.alt_suggestion || "";
    img.setAttribute("data-file", String(picture.id));
    figure.append(img);
    const words = caption ?? picture.caption;
    const who = credit ?? picture.credit;
    if (words || who) {
      const figcaption = document.createElement("figcaption");
      figcaption.append(words || "");
      if (who) {
        const span = document.createElement("span");
        span.className = "credit";
        span.textContent = `(${who})`;
        figcaption.append(words ? " " : "", span);
      }
      figure.append(figcaption);
    }
    return figure.outerHTML;
  };

  // --- the lead picture ---

  const fillIfEmpty = (id, value) => {
    const field = document.getElementById(id);
    if (field && value && !field.value.trim()) {
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      return true;
    }
    return false;
  };

  const setLead = (picture) => {
    const select = document.getElementById("id_lead_image");
    if (!select) return;
    const label = picture.alt || picture.caption || picture.name || `Picture ${picture.id}`;
    if (![...select.options].some((option) => option.value === String(picture.id))) {
      select.append(new Option(label, String(picture.id), false, false));
    }
    select.value = String(picture.id);
    if (window.django?.jQuery) window.django.jQuery(select).trigger("change");
    else select.dispatchEvent(new Event("change", { bubbles: true }));
    fillIfEmpty("id_lead_image_caption", picture.caption);
    let suggested = false;
    if (picture.alt) fillIfEmpty("id_lead_image_alt", picture.alt);
    else suggested = fillIfEmpty("id_lead_image_alt", picture.alt_suggestion);
    const chosen = document.querySelector(".lead-picture__chosen");
    if (chosen) {
      chosen.replaceChildren();
      const thumb = document.createElement("img");
      thumb.src = picture.thumb;
      thumb.alt = picture.alt || "";
      thumb.className = "admin-thumb";
      const about = document.createElement("span");
      about.className = "lead-picture__credit";
      const parts = [picture.credit ? `Credit: ${picture.credit}` : "No credit"];
      if (picture.byline) parts.push(`by ${picture.byline}`);
      if (picture.taken_text) parts.push(`taken ${picture.taken_text}`);
      about.textContent = parts.join(" · ");
      chosen.append(thumb, about);
      if (suggested) {
        const note = document.createElement("span");
        note.className = "lead-picture__suggested";
        note.textContent = "Alt text suggested from the picture's own headline or caption: check it says what the picture shows.";
        chosen.append(note);
      }
      if (picture.warning) {
        const warning = document.createElement("span");
        warning.className = "picture-too-small";
        warning.textContent = picture.warning;
        chosen.append(warning);
      }
    }
  };

  const setUpLead = (zone) => {
    const status = zone.querySelector(".picture-drop__status");
    const take = async (files) => {
      const [file] = imageFiles(files);
      if (!file) return;
      zone.classList.add("picture-drop--busy");
      try { setLead(await upload(file, status)); } catch (error) { say(status, error); }
      zone.classList.remove("picture-drop--busy");
    };
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("picture-drop--over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("picture-drop--over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("picture-drop--over");
      take(event.dataTransfer.files);
    });
    zone.addEventListener("paste", (event) => {
      if (imageFiles(event.clipboardData?.files).length) { event.preventDefault(); take(event.clipboardData.files); }
    });
    zone.querySelector("input[type=file]")?.addEventListener("change", (event) => take(event.target.files));
  };

  // --- the body: drop, paste, upload at the cursor, and placeholders ---

  const placeholders = (editor) => {
    const found = [];
    editor.state.doc.descendants((node, pos) => {
      if (node.type.name === "paragraph" && node.textContent.trim().startsWith(MISSING)) {
        const text = node.textContent.trim().slice(MISSING.length).trim();
        const match = text.match(/^(.*?)\s*\(([^()]*)\)\s*$/s);
        found.push({
          from: pos, to: pos + node.nodeSize, text,
          caption: match ? match[1].trim() : text, credit: match ? match[2].trim() : "",
        });
      }
      return node.type.name !== "paragraph";
    });
    return found;
  };

  const placeholderAt = (editor, pos) => placeholders(editor).find((note) => pos >= note.from && pos <= note.to);

  const insertPictures = async (editor, files, { at = null, status = null } = {}) => {
    for (const file of imageFiles(files)) {
      try {
        const picture = await upload(file, status);
        const note = at === null ? null : placeholderAt(editor, at);
        if (note) {
          // The copy's own caption and credit, written for this story, over the file's.
          const html = figureHtml(picture, {
            caption: note.caption || picture.caption, credit: note.credit || picture.credit, alt: note.caption,
          });
          editor.chain().focus().insertContentAt({ from: note.from, to: note.to }, html).run();
        } else if (at !== null) {
          editor.chain().focus().insertContentAt(at, figureHtml(picture)).run();
        } else {
          editor.chain().focus().insertContent(figureHtml(picture)).run();
        }
        at = null;
      } catch (error) {
        say(status, error);
      }
    }
  };

  const showPlaceholders = (editor, panel, status) => {
    const notes = placeholders(editor);
    panel.hidden = notes.length === 0;
    panel.replaceChildren();
    if (!notes.length) return;
    const heading = document.createElement("p");
    heading.className = "picture-placeholders__title";
    heading.textContent = `${notes.length} picture${notes.length > 1 ? "s" : ""} missing from the imported copy: replace each where it stands.`;
    const list = document.createElement("ul");
    list.className = "picture-placeholders__list";
    notes.forEach((note, index) => {
      const item = document.createElement("li");
      item.className = "picture-placeholder";
      const words = document.createElement("span");
      words.textContent = note.text;
      const label = document.createElement("label");
      label.className = "picture-placeholder__replace";
      label.textContent = "Replace with a picture…";
      const input = document.createElement("input");
      input.hasChangeListener = true; // not one of unfold's file widgets (its app.js would look for their parts)
      input.type = "file";
      input.accept = "image/jpeg,image/png,image/webp,image/gif";
      input.hidden = true;
      input.setAttribute("aria-label", `Replace missing picture ${index + 1}: ${note.text}`);
      input.addEventListener("change", () => insertPictures(editor, input.files, { at: placeholders(editor)[index]?.from ?? null, status }));
      label.append(input);
      item.addEventListener("dragover", (event) => event.preventDefault());
      item.addEventListener("drop", (event) => {
        event.preventDefault();
        insertPictures(editor, event.dataTransfer.files, { at: placeholders(editor)[index]?.from ?? null, status });
      });
      item.append(words, " ", label);
      list.append(item);
    });
    panel.append(heading, list);
  };

  // Where a drop lands: under the last paragraph (the editor's empty lower part) is the end of the story.
  const dropPosition = (editor, event) => {
    const last = editor.view.dom.lastElementChild?.getBoundingClientRect();
    if (!last || event.clientY > last.bottom) return editor.state.doc.content.size;
    const spot = editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
    return spot ? spot.pos : editor.state.selection.from;
  };

  const setUpBody = (editor) => {
    const panel = document.querySelector(".picture-library[data-target=id_body]");
    const status = panel?.querySelector(".picture-drop__status");
    const notes = panel?.querySelector(".picture-placeholders");
    const dom = editor.view.dom;
    dom.addEventListener("drop", (event) => {
      if (!imageFiles(event.dataTransfer?.files).length) return;
      event.preventDefault();
      event.stopPropagation();
      insertPictures(editor, event.dataTransfer.files, { at: dropPosition(editor, event), status });
    }, true);
    dom.addEventListener("paste", (event) => {
      if (!imageFiles(event.clipboardData?.files).length) return;
      event.preventDefault();
      event.stopPropagation();
      insertPictures(editor, event.clipboardData.files, { at: editor.state.selection.from, status });
    }, true);
    panel?.querySelector("[data-body-upload]")?.addEventListener("change", (event) => {
      insertPictures(editor, event.target.files, { at: editor.state.selection.from, status });
    });
    if (notes) {
      let timer = null;
      showPlaceholders(editor, notes, status);
      editor.on("update", () => { clearTimeout(timer); timer = setTimeout(() => showPlaceholders(editor, notes, status), 300); });
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    // Not unfold's file widgets: its app.js (on load) would look for their parts and fail.
    document.querySelectorAll(".picture-drop input[type=file], .picture-library input[type=file]").forEach((input) => {
      input.hasChangeListener = true;
    });
    document.querySelectorAll(".picture-drop[data-drop-target=lead]").forEach(setUpLead);
  });
}
