// Offline: the service worker, "save for offline", and an outbox for what a learner sends
// without a connection. Every queued post carries its client_id, which the server uses to
// count it once however often it arrives. Without JavaScript, forms post as usual.
const SAVED = "nhaso-saved";
const OUTBOX = "nhaso-outbox";
const INDEX = "nhaso-saved-index";
const box = document.querySelector("[data-outbox]");
const text = box ? box.dataset : {};
const lang = document.documentElement.lang || "vi";

const read = (key) => { try { return JSON.parse(localStorage.getItem(key)) || {}; } catch { return {}; } };
const write = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* full or private */ } };
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");

function size(bytes) {
  const mb = bytes / (1024 * 1024);
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return mb >= 0.1 ? `${number.format(mb)} MB` : `${number.format(bytes / 1024)} KB`;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// --- The outbox -------------------------------------------------------------------------
// An item leaves the outbox only once the server has answered for it: taken (2xx), or refused
// for good (a final 4xx), whose reason stays on the phone until the learner dismisses it.
// Anything else (no connection, 5xx, 429) keeps it, and it is tried again later.
const outbox = () => read(OUTBOX).items || [];
const refusals = () => read(OUTBOX).refused || [];
const saveOutbox = (items, refused = refusals()) => write(OUTBOX, { items, refused });
const mine = (entry) => (entry.user || "") === (text.user || "");

const FORM = "application/x-www-form-urlencoded;charset=UTF-8";
const FIRST_RETRY = 2000; // ms
const LAST_RETRY = 5 * 60 * 1000;

async function post(url, body, type = FORM, user = "") {
  const headers = { Accept: "application/json", "Content-Type": type, "X-CSRFToken": csrfToken() };
  if (user) headers["X-Outbox-User"] = user; // the server refuses it under another account
  return fetch(url, { method: "POST", body, credentials: "same-origin", headers });
}

// What the server's answer means for a kept request.
function fate({ status, redirected = false }) {
  // Sent to the login page, logged out (401, or 403: CSRF), or someone else logged in (409):
  // it waits for its own person.
  if (redirected || [401, 403, 409].includes(status)) return "owner";
  if (status >= 200 && status < 300) return "taken";
  // The server could not take it now (busy, down, or a proxy lost it): it may even have
  // stored it, and sending again counts once.
  if (status >= 500 || status === 429 || status === 408) return "retry";
  return "refused"; // any other 4xx: read and refused, and it would be refused again
}

// Exponential backoff with jitter, so phones that lost the same mast do not all come back at
// once; a Retry-After from the server is a floor.
function retryDelay(round, floor = 0) {
  const ceiling = Math.min(LAST_RETRY, FIRST_RETRY * 2 ** Math.max(0, round - 1));
  return Math.min(LAST_RETRY, Math.max(ceiling / 2 + (Math.random() * ceiling) / 2, floor));
}

const retryAfter = (response) => 1000 * (Number(response.headers.get("Retry-After")) || 0);

let busy = false; // the server could not take something the last time it was tried
const taken = []; // what the server took while this page was open
const settled = {}; // by item id, what the server said about it while this page was open
let notes = [];

function refusalItem(entry) {
  const item = document.createElement("li");
  const why = document.createElement("span");
  why.id = `outbox-refused-${entry.id}`;
  const label = document.createElement("strong");
  label.textContent = entry.label;
  why.append(label, `: ${entry.reason}`);
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "link";
  dismiss.textContent = text.dismiss;
  dismiss.dataset.testid = "outbox-dismiss";
  dismiss.setAttribute("aria-describedby", why.id);
  dismiss.addEventListener("click", () => {
    const next = item.nextElementSibling || item.previousElementSibling;
    saveOutbox(outbox(), refusals().filter((other) => other.id !== entry.id));
    showOutbox();
    next?.querySelector("button")?.focus();
  });
  item.append(why, " ", dismiss);
  return item;
}

// Says what waits, what was just sent, and what the server refused; tells the page's other
// modules (lessons/progress.js) what is waiting, so progress can count it as waiting.
function showOutbox(message) {
  if (message !== undefined) notes = message ? [message] : [];
  const waiting = outbox();
  if (box) {
    // A page saved before the outbox listed refusals is only its status line.
    const status = box.querySelector("[data-outbox-status]") || box;
    const parts = [];
    const n = waiting.length;
    if (n && busy && text.busy) parts.push(fill(text.busy, { n }), text.retrying);
    else if (n) parts.push(fill(text.waiting, { n }));
    parts.push(...notes);
    status.textContent = parts.join(" ");
    status.hidden = parts.length === 0;
    const refused = box.querySelector("[data-outbox-refused]");
    if (refused) {
      const list = refused.querySelector("ul");
      list.replaceChildren(...refusals().filter(mine).map(refusalItem));
      refused.hidden = list.children.length === 0;
      box.hidden = status.hidden && refused.hidden;
    }
  }
  // The offline page lists what waits, by name: whoever's it is, as the count above does (the
  // app shell's copy of that page was made for no one in particular).
  const named = document.querySelector("[data-outbox-waiting]");
  if (named) {
    named.querySelector("ul").replaceChildren(...waiting.map((item) => {
      const line = document.createElement("li");
      line.textContent = item.label;
      return line;
    }));
    named.hidden = !named.querySelector("li");
  }
  const detail = { waiting: waiting.filter(mine), taken: taken.filter(mine), settled };
  document.dispatchEvent(new CustomEvent("nhaso:outbox", { detail }));
}

// Keeps a request that could not be sent; flush() sends it when the connection returns.
// Each kept request belongs to whoever was logged in: on a phone a family shares, the server
// takes it only once that person is logged in again, never under someone else's account.
// ``done`` names what the page may count as done meanwhile (a lesson's translation key).
// Returns the item's id: the "nhaso:outbox" event's ``settled`` says what became of it.
function keep({ url, body, type = FORM, label = document.title, done = "" }) {
  const items = outbox();
  const id = crypto.randomUUID?.() || `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  items.push({ id, user: text.user, url, body, type, label, done, at: Date.now() });
  saveOutbox(items);
  showOutbox();
  return id;
}

let flushing = false;
let round = 0; // rounds in a row that left something to try again
let timer;

function retryLater(floor = 0) {
  round += 1;
  clearTimeout(timer);
  timer = setTimeout(flush, retryDelay(round, floor));
}

// Keeps a request the server could not take just now (5xx, 429) and tries it again soon;
// returns its id and what to tell the learner.
function keepForRetry(item, response) {
  busy = true;
  const id = keep(item);
  retryLater(retryAfter(response));
  return { id, message: text.retrying };
}

async function flush() {
  clearTimeout(timer);
  // navigator.onLine may say "online" wrongly, but never "offline" wrongly: no need to try,
  // and the "online" event calls again.
  if (flushing || !outbox().length || !navigator.onLine) return showOutbox();
  flushing = true;
  const sent = [];
  let waitsForLogin = false;
  let again = false;
  let floor = 0;
  busy = false;
  try {
    for (const item of outbox()) {
      let response;
      try {
        response = await post(item.url, item.body, item.type, item.user);
      } catch {
        again = true;
        break; // no connection after all: keep this and everything after it, in order
      }
      const verdict = fate(response);
      if (verdict === "owner") {
        waitsForLogin = true;
        continue;
      }
      if (verdict === "retry") {
        again = busy = true;
        floor = Math.max(floor, retryAfter(response));
        // Asked to wait (429, 503): the rest waits too. Another 5xx may be this item's alone.
        if (response.status === 429 || response.status === 503) break;
        continue;
      }
      const data = await response.json().catch(() => ({}));
      const refused = refusals();
      if (verdict === "refused") {
        const reason = data.error || text.refused;
        refused.push({ id: item.id, user: item.user, label: item.label, reason, at: Date.now() });
        settled[item.id] = { refused: true, message: reason };
      } else {
        taken.push(item);
        settled[item.id] = { refused: false, message: data.message || text.sent };
        sent.push(`${item.label}: ${settled[item.id].message}`);
      }
      saveOutbox(outbox().filter((other) => other.id !== item.id), refused);
    }
  } finally {
    flushing = false;
  }
  if (again) retryLater(floor);
  else round = 0;
  if (waitsForLogin) sent.push(text.login);
  showOutbox(sent.join(" · "));
}

// Sends a form now, or keeps it in the outbox when there is no connection or the server
// cannot take it just now.
async function send(form, submitter) {
  const fields = new FormData(form, submitter);
  // The token goes in a header, read from the cookie when sending: logging in again renews it.
  fields.delete("csrfmiddlewaretoken");
  const body = new URLSearchParams(fields).toString();
  const { label, outboxDone: done } = form.dataset;
  const item = { url: form.action || location.href, body, label, done };
  let response;
  try {
    if (!navigator.onLine) throw new Error("offline");
    response = await post(item.url, body);
  } catch {
    return { queued: true, id: keep(item) };
  }
  // Sent to the login page instead: the session ended on this phone.
  if (response.redirected) return { ok: false, data: { error: text.login } };
  if (fate(response) === "retry") return { queued: true, ...keepForRetry(item, response) };
  return { ok: response.ok, data: await response.json().catch(() => ({})) };
}

// Calls ``then`` with what the server said about a kept item ({ refused, message }) once it
// has answered, so the place where the learner pressed "send" can say it too.
function whenSettled(id, then) {
  const listen = (event) => {
    const entry = event.detail.settled[id];
    if (!entry) return;
    document.removeEventListener("nhaso:outbox", listen);
    then(entry);
  };
  document.addEventListener("nhaso:outbox", listen);
}

// Forms that work offline: the one-page quiz.
for (const form of document.querySelectorAll("[data-offline-form]")) {
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  form.after(status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const sending = send(form, event.submitter); // reads the answers before they are locked
    const fields = form.querySelectorAll("fieldset, button");
    fields.forEach((field) => { field.disabled = true; });
    const result = await sending;
    if (result.queued) {
      status.textContent = result.message || form.dataset.queuedMessage;
      whenSettled(result.id, (entry) => { status.textContent = entry.message; });
    } else if (result.ok && result.data.result_url) {
      location.assign(result.data.result_url);
    } else {
      status.textContent = result.data.error || "";
      fields.forEach((field) => { field.disabled = false; });
    }
  });
}

// --- Save for offline -------------------------------------------------------------------
function pick(sources, test) {
  return [...sources].find((source) => !source.type || test(source.type));
}

const probe = document.createElement("audio");
const webp = document.createElement("canvas").toDataURL("image/webp").startsWith("data:image/webp");

// The files a saved page uses, as the page itself names them: styles, scripts, pictures,
// the narration format this phone plays, captions. Videos are left to the connection.
function filesOf(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const urls = new Set();
  const add = (url) => url && urls.add(new URL(url, location.href).href);
  doc.querySelectorAll("link[rel=stylesheet], script[src], track[src]")
    .forEach((el) => add(el.getAttribute("href") || el.getAttribute("src")));
  doc.querySelectorAll("img").forEach((img) => {
    const picture = img.closest("picture");
    const source = picture && pick(picture.querySelectorAll("source"), (type) => type !== "image/webp" || webp);
    (source?.getAttribute("srcset") || img.getAttribute("srcset") || "").split(",")
      .forEach((candidate) => add(candidate.trim().split(/\s+/)[0]));
    add(img.getAttribute("src"));
  });
  doc.querySelectorAll("audio").forEach((audio) => {
    const source = pick(audio.querySelectorAll("source"), (type) => probe.canPlayType(type) !== "");
    add(source ? source.getAttribute("src") : audio.getAttribute("src"));
  });
  // A page from the cache is kept with its learner's parts (cms/learner.js), as the page
  // itself is: refreshed whenever read online, read from the phone offline.
  add(doc.body?.dataset.learnerParts);
  return [...urls].filter((url) => new URL(url).origin === location.origin);
}

async function store(cache, url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok || response.redirected) throw new Error(url);
  const bytes = (await response.clone().blob()).size;
  await cache.put(url, response.clone());
  return { response, bytes };
}

async function savePack(packUrl, progress) {
  // Ask the browser not to evict what the learner chose to keep when space runs low.
  navigator.storage?.persist?.().catch(() => {});
  const pack = await (await fetch(packUrl, { credentials: "same-origin" })).json();
  const cache = await caches.open(SAVED);
  const urls = pack.pages.map((url) => new URL(url, location.href).href);
  let bytes = 0;
  for (let i = 0; i < urls.length; i += 1) {
    progress(i, urls.length);
    const page = await store(cache, urls[i]);
    bytes += page.bytes;
    if (i < pack.pages.length) {
      for (const file of filesOf(await page.response.text())) {
        if (urls.includes(file)) continue;
        urls.push(file);
      }
    }
  }
  const index = read(INDEX);
  index[pack.key] = { title: pack.title, url: pack.url, urls, bytes, at: Date.now() };
  write(INDEX, index);
  return index[pack.key];
}

async function removePack(key) {
  const index = read(INDEX);
  const gone = index[key];
  delete index[key];
  const kept = new Set(Object.values(index).flatMap((pack) => pack.urls));
  const cache = await caches.open(SAVED);
  await Promise.all((gone?.urls || []).filter((url) => !kept.has(url)).map((url) => cache.delete(url)));
  write(INDEX, index);
}

function setupSaveButton(section) {
  const status = section.querySelector("[data-save-status]");
  const save = section.querySelector("[data-save]");
  const remove = section.querySelector("[data-remove]");
  const show = () => {
    const saved = read(INDEX)[section.dataset.key];
    status.textContent = saved ? fill(section.dataset.saved, { size: size(saved.bytes) }) : "";
    remove.hidden = !saved;
  };
  section.hidden = false;
  show();
  save.addEventListener("click", async () => {
    save.disabled = true;
    try {
      await savePack(section.dataset.pack, (done, total) => {
        status.textContent = fill(section.dataset.saving, { done, total });
      });
      show();
    } catch {
      status.textContent = section.dataset.failed;
    }
    save.disabled = false;
  });
  remove.addEventListener("click", async () => { await removePack(section.dataset.key); show(); });
}

// Who is signed in on this phone, for the offline page, which is kept as a visitor sees it.
const LEARNER = "nhaso-learner";
const rememberLearner = () => {
  if (document.body.dataset.learner) write(LEARNER, { name: document.body.dataset.learner });
};
rememberLearner();
// The menu may be filled in after this runs (cms/learner.js): listen on the document.
document.addEventListener("submit", (event) => {
  if (!event.target.matches("form[data-logout]")) return;
  try { localStorage.removeItem(LEARNER); } catch { /* private mode */ }
});
// A page from the cache learns whose it is once cms/learner.js has filled it in.
document.addEventListener("nhaso:filled", () => { rememberLearner(); showOutbox(); });
// A module that came after the last announcement (one in a filled-in part) asks again.
document.addEventListener("nhaso:outbox-ask", () => showOutbox());

function showLearner(greeting) {
  const { name } = read(LEARNER);
  if (name) {
    greeting.textContent = fill(greeting.dataset.template, { name });
    greeting.hidden = false;
    document.querySelectorAll("[data-visitor-only]").forEach((link) => { link.hidden = true; });
  }
  const back = document.querySelector("[data-go-back]");
  if (back && history.length > 1) {
    back.hidden = false;
    back.addEventListener("click", () => history.back());
  }
}
const greeting = document.querySelector("[data-offline-learner]");
if (greeting) showLearner(greeting);

// The offline page: what is saved on this phone, and how much room it takes.
async function listSaved(list) {
  const index = read(INDEX);
  // The browser may have evicted saved files: list only what still opens.
  for (const [key, pack] of Object.entries(index)) {
    if (!(await caches.match(pack.url, { ignoreVary: true }))) delete index[key];
  }
  write(INDEX, index);
  list.replaceChildren(...Object.entries(index).map(([key, pack]) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = pack.url;
    link.textContent = pack.title;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = list.dataset.remove;
    button.addEventListener("click", async () => { await removePack(key); listSaved(list); });
    item.append(link, ` (${size(pack.bytes)}) `, button);
    return item;
  }));
  list.previousElementSibling.hidden = list.children.length > 0;
  const room = document.querySelector("[data-storage]");
  if (room && navigator.storage?.estimate) {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    room.textContent = fill(room.dataset.template, { used: size(usage), free: size(Math.max(0, quota - usage)) });
  }
}

if ("serviceWorker" in navigator && "caches" in window) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  document.querySelectorAll("[data-offline-save]").forEach(setupSaveButton);
  const list = document.querySelector("[data-saved-list]");
  if (list) listSaved(list);
}

window.nhaso = { send, keep, keepForRetry, whenSettled, flush, fate, retryDelay };
window.addEventListener("online", () => { round = 0; flush(); });
// Another tab of the site sent or kept something.
window.addEventListener("storage", (event) => { if (event.key === OUTBOX) showOutbox(); });
flush();
