// A «Print» button for pages meant to be printed: shown only where scripts run.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
