// The story form's side of locks and autosave (articles.admin.editing), and its confirmations.
//
// - Heartbeat: every few seconds the open form renews its editor's lock; the answer says who holds the story, so a
//   form whose story was taken over says so (and keeps the words: they are autosaved at once), and a form waiting
//   behind another editor's lock is told when it is free. "Take over" takes it.
// - Autosave: a few seconds after the typing stops, and when the tab is hidden or closed, the form's fields are
//   posted as this editor's draft (never the story); "Discard it" throws a kept draft away.
// - Dialogs: Withdraw and Delete open a dialog naming the story; Publish asks first when the story has no lead
//   picture or still holds "Picture missing" placeholders.
"use strict";
{
  const form = () => document.getElementById("article_form");
  const csrf = () => form()?.querySelector("[name=csrfmiddlewaretoken]")?.value || "";

  const post = (url, data) => fetch(url, {
    method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrf() },
  }).then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))));

  const formData = (extra = {}) => {
    const data = new FormData(form());
    for (const [name, value] of Object.entries(extra)) data.set(name, value);
    return data;
  };

  const setUpEditing = (box) => {
    const background = box.dataset.background === "1";
    const urls = background
      ? { lock: box.dataset.lockUrl, autosave: box.dataset.autosaveUrl, discard: box.dataset.discardUrl }
      : { discard: box.dataset.discardUrl };
    const idleMs = Number(box.dataset.autosaveIdle || 3) * 1000;
    const canEdit = box.dataset.canEdit === "1";
    const overlay = box.querySelector(".story-lock");
    const taken = box.querySelector(".story-taken");
    const saved = box.querySelector(".story-autosave");
    let state = JSON.parse(document.getElementById("story-lock-state")?.textContent || "{}");
    let dirty = false;
    let submitting = false;
    let timer = null;

    const autosave = () => {
      if (!canEdit || !urls.autosave || !dirty || submitting) return Promise.resolve();
      dirty = false;
      return post(urls.autosave, formData())
        .then((answer) => {
          saved.textContent = `Draft autosaved at ${answer.saved_text}: it is offered back if this tab closes.`;
          if (answer.lock) show(answer.lock);
        })
        .catch(() => { dirty = true; saved.textContent = "Not autosaved: the desk could not be reached. Keep this tab open."; });
    };

    const show = (next) => {
      const wasMine = state.mine;
      state = next;
      if (!overlay) return;
      if (next.mine) {
        overlay.hidden = true;
        return;
      }
      if (next.holder && (wasMine || next.taken_over)) {
        if (!taken.hidden) return; // told once
        overlay.hidden = true;
        taken.hidden = false;
        taken.textContent = `${next.holder} took this story over at ${next.since_text}. Your changes are kept as your ` +
          "draft (autosaved now): saving from this form will not overwrite their work.";
        dirty = true;
        autosave();
        return;
      }
      if (next.holder) {
        overlay.hidden = false;
        overlay.querySelector(".story-lock__holder").textContent = next.holder;
        overlay.querySelector(".story-lock__since").textContent = ` (since ${next.since_text})`;
      }
    };

    const beat = () => {
      if (!urls.lock || !canEdit || submitting) return;
      const data = new FormData();
      data.set("csrfmiddlewaretoken", csrf());
      data.set("action", "renew");
      post(urls.lock, data).then(show).catch(() => {});
    };

    const beating = urls.lock && canEdit ? setInterval(beat, Number(box.dataset.heartbeat || 15) * 1000) : null;
    box.querySelector("[data-take-over]")?.addEventListener("click", () => {
      const data = new FormData();
      data.set("csrfmiddlewaretoken", csrf());
      data.set("action", "take");
      post(urls.lock, data).then((next) => { show(next); taken.hidden = true; });
    });
    box.querySelector("[data-discard]")?.addEventListener("click", (event) => {
      const data = new FormData();
      data.set("csrfmiddlewaretoken", csrf());
      post(urls.discard, data).then(() => event.target.closest(".story-draft")?.remove());
    });

    const changed = () => {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(autosave, idleMs);
    };
    form()?.addEventListener("input", changed);
    form()?.addEventListener("change", changed);
    form()?.addEventListener("submit", () => { submitting = true; clearTimeout(timer); });
    // Submit buttons outside the form (the sticky bar) submit it too.
    document.addEventListener("click", (event) => {
      if (event.target.closest(`button[type=submit][form=${form()?.id}]`)) submitting = true;
    }, true);

    let settled = false;
    const leaving = () => {
      if (submitting || settled || !canEdit) return;
      if (dirty && urls.autosave) navigator.sendBeacon(urls.autosave, formData());
      if (urls.lock && state.mine) {
        const data = new FormData();
        data.set("csrfmiddlewaretoken", csrf());
        data.set("action", "release");
        navigator.sendBeacon(urls.lock, data);
      }
    };
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && dirty && !submitting) autosave();
    });
    window.addEventListener("pagehide", leaving);
    // What a closing tab sends by beacon, sent now and awaited (the browser tests leave a page this way, so their
    // database is not emptied under a request still on its way).
    window.deskEditing = {
      settle: async () => {
        clearInterval(beating);
        clearTimeout(timer);
        await autosave();
        settled = true;
        if (urls.lock && state.mine && canEdit) {
          const data = new FormData();
          data.set("csrfmiddlewaretoken", csrf());
          data.set("action", "release");
          await post(urls.lock, data).catch(() => {});
        }
      },
    };
  };

  // --- dialogs: Withdraw, Delete, and the questions before publishing ---

  const warnings = () => {
    const found = [];
    const body = document.getElementById("id_body")?.value || "";
    const notes = (body.match(/Picture missing:/g) || []).length;
    if (notes) found.push(`Its body still holds ${notes} “Picture missing” placeholder${notes > 1 ? "s" : ""}: readers see nothing there.`);
    const lead = document.getElementById("id_lead_image");
    if (lead && !lead.value) found.push("It has no lead picture: listings, the home page and shared links show none.");
    return found;
  };

  const ask = (button, found) => {
    const dialog = document.createElement("dialog");
    dialog.className = "desk-dialog";
    dialog.setAttribute("aria-labelledby", "publish-check-title");
    const title = document.createElement("h2");
    title.id = "publish-check-title";
    title.className = "desk-dialog__title";
    title.textContent = `${button.textContent.trim()} without these?`;
    const list = document.createElement("ul");
    list.className = "desk-dialog__list";
    for (const text of found) {
      const item = document.createElement("li");
      item.textContent = text;
      list.append(item);
    }
    const row = document.createElement("div");
    row.className = "desk-dialog__buttons";
    const go = document.createElement("button");
    go.type = "submit";
    go.setAttribute("form", button.getAttribute("form") || form().id);
    go.name = button.name;
    go.value = "anyway";
    go.className = "desk-dialog__confirm";
    go.textContent = `${button.textContent.trim()} anyway`;
    const back = document.createElement("button");
    back.type = "button";
    back.className = "desk-dialog__cancel";
    back.textContent = "Go back and add them";
    back.addEventListener("click", () => dialog.close());
    row.append(go, back);
    dialog.append(title, list, row);
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  };

  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-opens]");
    if (opener) document.getElementById(opener.dataset.opens)?.showModal();
    const closer = event.target.closest("[data-closes]");
    if (closer) closer.closest("dialog")?.close();
    const publish = event.target.closest("button[type=submit][name=_publish], button[type=submit][name=_schedule]");
    if (publish && publish.value !== "anyway" && !publish.closest("dialog")) {
      const found = warnings();
      if (found.length) {
        event.preventDefault();
        ask(publish, found);
      }
    }
    // "More" closes when anything else is clicked.
    document.querySelectorAll("details.desk-more[open]").forEach((more) => {
      if (!more.contains(event.target)) more.open = false;
    });
  });

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("story-editing");
    if (box && form()) setUpEditing(box);
    // A slug is one line: Enter in its box saves nothing and adds no line break.
    document.getElementById("id_slug")?.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  });
}
