// On the lesson page: receives statements from sandboxed H5P frames and posts them to the
// server with the CSRF token. Each statement gets its id once, so a retry counts once.
const frames = [...document.querySelectorAll("iframe[data-h5p-frame]")];

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function send(item) {
  const form = item.frame.closest("[data-h5p]").querySelector("form[data-h5p-statements]");
  const status = item.frame.closest("[data-h5p]").querySelector("[data-h5p-status]");
  if (!form) return;
  const body = JSON.stringify({ client_id: item.id, statement: item.statement });
  const kept = { url: form.action, body, type: "application/json", label: form.dataset.label };
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
      },
      body,
    });
  } catch {
    // Offline: the outbox (cms/offline.js) keeps it, on the phone, with the same id, and sends
    // it when the connection returns, even after the page is closed.
    const id = window.nhaso.keep(kept);
    status.textContent = form.dataset.offlineMessage;
    window.nhaso.whenSettled(id, (entry) => { status.textContent = entry.message; });
    return;
  }
  if (window.nhaso.fate(response) === "retry") {
    // The server could not take it just now (5xx, 429): the outbox tries again, same id.
    const { id, message } = window.nhaso.keepForRetry(kept, response);
    status.textContent = message;
    window.nhaso.whenSettled(id, (entry) => { status.textContent = entry.message; });
    return;
  }
  const data = await response.json().catch(() => ({}));
  if (data.recorded) status.textContent = data.message;
  else if (!response.ok) status.textContent = data.error || form.dataset.offlineMessage;
}

window.addEventListener("message", (event) => {
  const frame = frames.find((f) => f.contentWindow === event.source);
  const data = event.data || {};
  if (!frame) return;
  if (data.type === "nhaso:height") frame.style.height = `${Math.min(data.height, 4000)}px`;
  if (data.type === "nhaso:ready") frame.dataset.ready = "true";
  if (data.type === "nhaso:xapi") send({ frame, statement: data.statement, id: newId() });
});
