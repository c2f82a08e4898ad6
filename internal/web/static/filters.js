// Filters that apply as soon as they change: in a form marked
// data-auto-apply, choosing in a select submits the form, so its Apply
// button (data-apply), there for browsers without JavaScript, is hidden.
// A search box still applies with Enter.
for (const form of document.querySelectorAll("form[data-auto-apply]")) {
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => form.requestSubmit());
  }
  for (const button of form.querySelectorAll("[data-apply]")) {
    button.hidden = true;
  }
}
