// Marks a lesson done without reloading the page. Without JavaScript the form posts normally.
// The form's client_id is fixed when the page is rendered, so a retry is never counted twice.
const form = document.querySelector("[data-progress-form]");

function showProgress(data) {
  const bar = document.querySelector("[data-testid=course-progress] progress");
  bar.value = data.percent;
  bar.textContent = `${data.percent}%`;
  document.querySelector("[data-progress-text]").textContent = data.progress_text;
  form.querySelector("button").hidden = true;
  const done = document.querySelector("[data-testid=lesson-done]");
  done.hidden = false;
  done.setAttribute("tabindex", "-1");
  done.focus();
}

if (form) {
  const button = form.querySelector("button");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  form.after(status);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.textContent = "";
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      // No connection: nothing was saved; the same client_id makes a retry safe.
      status.textContent = form.dataset.offlineMessage;
      button.disabled = false;
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      showProgress(data);
    } else {
      status.textContent = data.error || form.dataset.offlineMessage;
      button.disabled = false;
    }
  });
}
