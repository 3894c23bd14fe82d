// The desk's sidebar at every width. django-unfold 0.110 decides in JavaScript that a window of 1280 px or less
// is narrow (the sidebar starts closed and floats over the page) while its stylesheet's `xl` breakpoint
// (min-width: 1280px) lays it out beside the page: at exactly 1280 px the sidebar started hidden, and opening it
// changed the page's size, which its resize handler read as "narrow", closing it in the same instant.
// Here the script asks the same question as the stylesheet (matchMedia on 1280px), and the resize handler acts
// only when the answer changes (a real crossing of the breakpoint), never on the sidebar's own opening.
"use strict";
document.addEventListener("alpine:init", () => {
  const unfoldTheme = window.theme;
  if (typeof unfoldTheme !== "function" || unfoldTheme.deskFixed) return;
  const wide = window.matchMedia("(min-width: 1280px)"); // tailwind's xl: the stylesheet's own breakpoint
  const remembered = () => localStorage.getItem("sidebarOpen") !== "0";

  window.theme = function deskTheme(...args) {
    const data = unfoldTheme(...args);
    let wasWide = wide.matches;
    data.sidebarOpen = wasWide ? remembered() : false;
    data.sidebarToggle = function sidebarToggle() {
      this.sidebarOpen = !this.sidebarOpen;
      if (wide.matches) localStorage.setItem("sidebarOpen", this.sidebarOpen ? "1" : "0");
    };
    data.themeBindings = {
      ...data.themeBindings,
      ["x-resize.window"]() {
        if (wide.matches === wasWide) return; // the page changed size, not the breakpoint
        wasWide = wide.matches;
        this.sidebarOpen = wasWide ? remembered() : false;
      },
    };
    return data;
  };
  window.theme.deskFixed = true;
});
