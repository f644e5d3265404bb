// Progressive enhancement only: every page works without this file.
// On the search page, changing the sort order re-runs the search at once.
document.addEventListener("DOMContentLoaded", () => {
  const sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", () => sort.form.requestSubmit());
  }
});
