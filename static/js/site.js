// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // On the search page, choosing a sort order with the mouse or a finger re-runs the
  // search at once. With the keyboard, arrow keys only move through the choices (a
  // search per key press would throw the person back to the top of the page): Enter,
  // or the Sort button, runs it.
  const sort = document.getElementById("sort");
  if (sort && sort.form) {
    let fromKeyboard = false;
    sort.addEventListener("keydown", (event) => {
      fromKeyboard = event.key !== "Enter";
      if (event.key === "Enter") {
        event.preventDefault();
        sort.form.requestSubmit();
      }
    });
    sort.addEventListener("pointerdown", () => {
      fromKeyboard = false;
    });
    sort.addEventListener("change", () => {
      if (!fromKeyboard) sort.form.requestSubmit();
    });
  }

  // The filters arrive folded (on a phone the results come first, and nothing moves
  // while the page loads); beside the results, on a wider screen, they are opened.
  const panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia) {
    const narrow = window.matchMedia("(max-width: 47.99rem)");
    const fit = () => {
      panel.open = !narrow.matches;
    };
    fit();
    narrow.addEventListener("change", fit);
  }
});

// A link from one of our mails carries its token after "#", which browsers never send
// to a server, so no log ever holds it. This page posts it instead, at once, and wipes
// it from the address bar and history. Without JavaScript the person pastes the link.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-link-from-fragment]");
  const token = window.location.hash.slice(1);
  if (!form || !token) return;
  history.replaceState(null, "", window.location.pathname);
  form.elements.link.value = token;
  form.querySelector("[data-link-paste]").hidden = true;
  form.querySelector("[data-link-waiting]").hidden = false;
  form.requestSubmit();
});

// Share links: a Copy button beside the selectable link (without JavaScript, the link
// is selected and copied by hand).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const input = document.getElementById(button.dataset.copy);
    const status = button.closest(".share")?.querySelector(".copy-status");
    if (!input || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        if (status) status.textContent = "Link copied.";
      } catch {
        if (status) status.textContent = "Select the link and copy it.";
      }
    });
  }
});
