// A check's answer page: while the registers are asked, fetch this same page again every
// couple of seconds and put the answer in place. Without JavaScript the page refreshes
// itself (a <meta> refresh inside <noscript>), so this is an improvement only.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("check-answer");
  if (!box || !box.dataset.pending) return;
  const wait = Number(box.dataset.pending) || 2000;
  let tries = 0;
  const poll = async () => {
    tries += 1;
    try {
      const response = await fetch(window.location.href, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("check-answer");
        if (fresh && !fresh.dataset.pending) {
          box.innerHTML = fresh.innerHTML; // our own escaped page; scripts never run from it
          delete box.dataset.pending;
          document.title = page.title;
          return;
        }
      }
    } catch (error) {
      // The network dropped for a moment: try again below.
    }
    if (tries < 150) window.setTimeout(poll, wait);
  };
  window.setTimeout(poll, wait);
});
