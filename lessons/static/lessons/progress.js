// Marks a lesson done without reloading the page. Without JavaScript the form posts normally.
// The form's client_id is fixed when the page is rendered, so a retry is never counted twice;
// offline, the mark waits in the outbox (cms/offline.js) and is sent when the connection returns.
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
    // cms/offline.js sends it now, or keeps it until the connection returns.
    const result = await window.nhaso.send(form);
    if (result.queued) {
      status.textContent = form.dataset.queuedMessage;
      button.hidden = true;
    } else if (result.ok) {
      showProgress(result.data);
    } else {
      status.textContent = result.data.error || form.dataset.offlineMessage;
      button.disabled = false;
    }
  });
}
