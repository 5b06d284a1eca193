// Marks a lesson done without reloading the page. Without JavaScript the form posts normally.
// The form's client_id is fixed when the page is rendered, so a retry is never counted twice.
const form = document.querySelector("[data-progress-form]");

if (form) {
  const button = form.querySelector("button");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  form.after(status);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.textContent = "";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
      const bar = document.querySelector("[data-testid=course-progress] progress");
      bar.value = data.percent;
      bar.textContent = `${data.percent}%`;
      const text = document.querySelector("[data-progress-text]");
      text.textContent = text.textContent.replace(/\d+(\D+)\d+/, `${data.done}$1${data.total}`);
      button.hidden = true;
      const done = document.querySelector("[data-testid=lesson-done]");
      done.hidden = false;
      done.setAttribute("tabindex", "-1");
      done.focus();
    } catch (error) {
      status.textContent = form.dataset.offlineMessage + (error.message ? ` (${error.message})` : "");
      button.disabled = false;
    }
  });
}
