// Embedded posts on a story page (articles/embeds.py): each is a link to the post until the reader clicks
// "Load the post from YouTube"; then, for providers with a player (YouTube's no-cookie one, Vimeo's), the player
// replaces the block. Nothing loads from the provider before that click. Without this script the link opens the post.
"use strict";
{
  // The only players put in the page: the article page's CSP frame-src allows these hosts and no others.
  const PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];

  const load = (figure) => {
    const src = figure.dataset.embedFrame || "";
    if (!PLAYERS.some((prefix) => src.startsWith(prefix))) return false;
    const title = figure.querySelector(".embed__title")?.textContent || "Embedded post";
    const frame = document.createElement("iframe");
    frame.className = "embed__frame";
    frame.src = src;
    frame.title = title;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    figure.querySelector(".embed__placeholder")?.replaceWith(frame);
    frame.focus();
    return true;
  };

  document.addEventListener("click", (event) => {
    const link = event.target.closest?.(".embed__load");
    const figure = link?.closest("figure.embed[data-embed-frame]");
    if (figure && load(figure)) event.preventDefault();
  });
}
