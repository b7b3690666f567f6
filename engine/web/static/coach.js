// The live assignment page (coach mode): every few seconds the page is fetched again and its
// counts and results table are swapped in place, so focus and scrolling stay where they are
// (a meta refresh would reload the whole page; it is kept only for browsers without script).
// "Pause updates" stops it (WCAG 2.2.2).

const root = document.querySelector("[data-live]");
if (root) {
  const seconds = Math.max(2, Number(root.dataset.live) || 10);
  const button = document.getElementById("pause-live");
  let paused = false;
  if (button) {
    button.hidden = false;
    button.addEventListener("click", () => {
      paused = !paused;
      button.textContent = paused ? button.dataset.resume : button.dataset.pause;
      button.setAttribute("aria-pressed", String(paused));
    });
  }
  const refresh = async () => {
    if (!paused) {
      try {
        const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
        if (response.ok && !response.redirected) {
          const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
          for (const id of ["counts", "results", "updated"]) {
            const next = fresh.getElementById(id);
            const now = document.getElementById(id);
            if (next && now) now.replaceWith(document.importNode(next, true));
          }
        }
      } catch {
        // The server is out of reach for a moment: the next round tries again.
      }
    }
    setTimeout(refresh, seconds * 1000);
  };
  setTimeout(refresh, seconds * 1000);
}
