// Course progress and "I have finished this lesson", without reloading the page. Without
// JavaScript the form posts normally. The form's client_id is fixed when the page is rendered,
// so a retry is never counted twice; offline, the mark waits in the outbox (cms/offline.js)
// and is sent when the connection returns. Meanwhile the page counts it as done, marked as
// waiting to be sent, so a learner who opens a saved page offline sees what they did.
// On a page from the cache the form and the bar come later, filled in by cms/learner.js.
let form;
let doneNote;
let doneOnServer;
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");

let waiting = new Set(); // lessons whose "done" waits in the outbox
let taken = new Set(); // lessons whose "done" the outbox delivered while the page was open

function showBar(bar) {
  const text = bar.querySelector("[data-progress-text]");
  if (text.dataset.todo === undefined) return; // a page saved before it named its lessons
  const todo = text.dataset.todo.split(" ").filter(Boolean);
  const total = Number(text.dataset.total);
  const pending = todo.filter((key) => waiting.has(key) && !taken.has(key)).length;
  const delivered = todo.filter((key) => taken.has(key)).length;
  const done = Math.min(total, Number(text.dataset.done) + delivered + pending);
  const percent = total ? Math.round((100 * done) / total) : 0;
  const meter = bar.querySelector("progress");
  meter.value = percent;
  meter.textContent = `${percent}%`;
  text.querySelector("[data-progress-count]").textContent = fill(text.dataset.template, { done, total });
  const note = text.querySelector("[data-progress-pending]");
  note.textContent = fill(note.dataset.template, { n: pending });
  note.hidden = pending === 0;
}

function showLesson() {
  if (!form || !doneNote) return;
  const key = form.dataset.outboxDone;
  // Already counted by the server (the answer to an earlier send was lost): not "waiting".
  const pending = !doneOnServer && waiting.has(key) && !taken.has(key);
  const done = doneOnServer || taken.has(key) || pending || form.dataset.done === "true";
  const button = form.querySelector("button");
  button.hidden = done;
  if (!done) button.disabled = false; // the server refused a waiting mark: it can be sent again
  doneNote.hidden = !done;
  const mark = doneNote.querySelector("[data-testid=lesson-pending]");
  if (mark) mark.hidden = !pending;
}

function show() {
  document.querySelectorAll("[data-testid=course-progress]").forEach(showBar);
  showLesson();
}

// cms/offline.js says what waits in the outbox whenever that changes.
document.addEventListener("nhaso:outbox", (event) => {
  const keys = (items) => new Set(items.map((item) => item.done).filter(Boolean));
  waiting = keys(event.detail.waiting);
  taken = keys(event.detail.taken);
  show();
});

function focusDone() {
  doneNote.setAttribute("tabindex", "-1");
  doneNote.focus();
}

// The server's count includes this lesson and whatever the outbox delivered before.
function showProgress(data) {
  const text = document.querySelector("[data-progress-text]");
  if (text.dataset.todo === undefined) {
    // A page saved before it named its lessons: the server's words, as they were.
    text.textContent = data.progress_text;
    document.querySelector("[data-testid=course-progress] progress").value = data.percent;
  } else {
    text.dataset.done = data.done;
    text.dataset.total = data.total;
    text.dataset.todo = text.dataset.todo.split(" ")
      .filter((key) => key && key !== form.dataset.outboxDone && !taken.has(key)).join(" ");
  }
  form.dataset.done = "true";
  show();
  focusDone();
}

function setup() {
  form = document.querySelector("[data-progress-form]");
  doneNote = document.querySelector("[data-testid=lesson-done]");
  doneOnServer = Boolean(doneNote && !doneNote.hidden);
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "true";
  const button = form.querySelector("button");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  form.after(status);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.textContent = "";
    // cms/offline.js sends it now, or keeps it until it can be sent.
    const result = await window.nhaso.send(form);
    if (result.queued) {
      status.textContent = result.message || form.dataset.queuedMessage;
      focusDone(); // the outbox has shown it as done, waiting to be sent
      // Taken: the note says done, nothing more to add. Refused: the button is back; say why.
      window.nhaso.whenSettled(result.id, (entry) => {
        status.textContent = entry.refused ? entry.message : "";
      });
    } else if (result.ok) {
      showProgress(result.data);
    } else {
      status.textContent = result.data.error || form.dataset.offlineMessage;
      button.disabled = false;
    }
  });
}

setup();
document.addEventListener("nhaso:filled", () => {
  setup();
  show();
});
// What waits in the outbox, again: this may have come after cms/offline.js said it.
document.dispatchEvent(new CustomEvent("nhaso:outbox-ask"));
