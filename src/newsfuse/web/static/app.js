// Ingestion parses every article; a submitted form can take several seconds.
// Disable its button so that a second click does not send the batch twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("busy-on-submit")) return;
  for (const button of form.querySelectorAll("button[type=submit]")) {
    button.disabled = true;
    button.textContent = "Working…";
  }
});
