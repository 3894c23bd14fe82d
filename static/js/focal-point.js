// The focal point picker on a picture's page (templates/admin/articles/image/_focal_point.html): a click on the
// picture, or the arrow keys on it, sets the focal inputs (what is saved; they work without this script), moves
// the marker, and moves every crop preview the way articles.renditions cuts it (articles/admin/crops.py does the
// same sums for the page as first drawn).
"use strict";
{
  const clamp = (value) => Math.min(1, Math.max(0, value));
  const round = (value) => Math.round(clamp(value) * 100) / 100; // what the crops' file names keep (per cent)

  // object-position (0..1) that shows what the crop keeps: the focal point as central as the frame allows.
  const position = (width, height, ratio, x, y) => {
    if (!ratio || !width || !height) return [0.5, 0.5];
    if (width / height > ratio) {
      const kept = height * ratio;
      return [clamp((x * width - kept / 2) / (width - kept)), 0.5];
    }
    const kept = width / ratio;
    if (height === kept) return [0.5, 0.5];
    return [0.5, clamp((y * height - kept / 2) / (height - kept))];
  };

  const percent = (value) => `${Math.round(value * 1000) / 10}%`;

  const setUp = (picker) => {
    const inputX = document.getElementById("id_focal_x");
    const inputY = document.getElementById("id_focal_y");
    const frame = picker.querySelector("[data-focal-frame]");
    const marker = picker.querySelector("[data-focal-marker]");
    const readout = picker.querySelector("[data-focal-readout]");
    if (!inputX || !inputY || !frame) return; // a page the user may only read: the point is shown, not moved
    const width = Number(picker.dataset.width);
    const height = Number(picker.dataset.height);

    const show = (x, y) => {
      marker.style.left = percent(x);
      marker.style.top = percent(y);
      readout.textContent = `Focal point: ${Math.round(x * 100)}% across, ${Math.round(y * 100)}% down.`;
      picker.querySelectorAll("img[data-crop-ratio]").forEach((img) => {
        const [px, py] = position(width, height, Number(img.dataset.cropRatio), x, y);
        img.style.objectPosition = `${percent(px)} ${percent(py)}`;
      });
    };

    const set = (x, y) => {
      inputX.value = round(x).toFixed(2);
      inputY.value = round(y).toFixed(2);
      // Unfold's "unsaved changes" warning and anything else listening hear about it as if typed.
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      inputY.dispatchEvent(new Event("change", { bubbles: true }));
      show(round(x), round(y));
    };

    frame.classList.add("focal-picker-frame--active");
    frame.tabIndex = 0;
    frame.setAttribute("role", "group");
    frame.setAttribute("aria-label", "Focal point: click, or use the arrow keys (Shift for bigger steps)");

    frame.addEventListener("click", (event) => {
      const box = frame.getBoundingClientRect();
      set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });

    const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    frame.addEventListener("keydown", (event) => {
      const step = steps[event.key];
      if (!step) return;
      event.preventDefault();
      const size = event.shiftKey ? 0.1 : 0.01;
      set(Number(inputX.value) + step[0] * size, Number(inputY.value) + step[1] * size);
    });

    // Typing in the inputs moves the marker and previews too.
    const typed = () => {
      const x = Number(inputX.value);
      const y = Number(inputY.value);
      if (Number.isFinite(x) && Number.isFinite(y)) show(clamp(x), clamp(y));
    };
    inputX.addEventListener("input", typed);
    inputY.addEventListener("input", typed);
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-focal-picker]").forEach(setUp);
  });
}
