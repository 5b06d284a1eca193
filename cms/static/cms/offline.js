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
const outbox = () => read(OUTBOX).items || [];
const saveOutbox = (items) => write(OUTBOX, { items });

function showOutbox(message) {
  if (!box) return;
  const waiting = outbox().length;
  const parts = [];
  if (waiting) parts.push(fill(text.waiting, { n: waiting }));
  if (message) parts.push(message);
  box.textContent = parts.join(" ");
  box.hidden = parts.length === 0;
}

const FORM = "application/x-www-form-urlencoded;charset=UTF-8";

async function post(url, body, type = FORM, user = "") {
  const headers = { Accept: "application/json", "Content-Type": type, "X-CSRFToken": csrfToken() };
  if (user) headers["X-Outbox-User"] = user; // the server refuses it under another account
  return fetch(url, { method: "POST", body, credentials: "same-origin", headers });
}

// Keeps a request that could not be sent; flush() sends it when the connection returns.
// Each kept request belongs to whoever was logged in: on a phone a family shares, the server
// takes it only once that person is logged in again, never under someone else's account.
function keep({ url, body, type = FORM, label = document.title }) {
  const items = outbox();
  items.push({ id: crypto.randomUUID?.() || String(Date.now()), user: text.user, url, body, type, label, at: Date.now() });
  saveOutbox(items);
  showOutbox();
}

let flushing = false;
async function flush() {
  // navigator.onLine may say "online" wrongly, but never "offline" wrongly: no need to try.
  if (flushing || !outbox().length || !navigator.onLine) return showOutbox();
  flushing = true;
  const sent = [];
  let waitsForLogin = false;
  try {
    for (const item of outbox()) {
      let response;
      try {
        response = await post(item.url, item.body, item.type, item.user);
      } catch {
        break; // still offline: keep this and everything after it, in order
      }
      // Logged out, or someone else is logged in (409): it waits for its own person.
      if (response.redirected || response.status === 403 || response.status === 409) {
        waitsForLogin = true;
        continue;
      }
      const data = await response.json().catch(() => ({}));
      // Delivered, or refused for good (a 400 says why): either way it leaves the outbox.
      saveOutbox(outbox().filter((other) => other.id !== item.id));
      sent.push(`${item.label}: ${data.message || data.error || text.sent}`);
    }
  } finally {
    flushing = false;
  }
  if (waitsForLogin) sent.push(text.login);
  showOutbox(sent.join(" · "));
}

// Sends a form now, or keeps it in the outbox when there is no connection.
async function send(form, submitter) {
  const fields = new FormData(form, submitter);
  // The token goes in a header, read from the cookie when sending: logging in again renews it.
  fields.delete("csrfmiddlewaretoken");
  const body = new URLSearchParams(fields).toString();
  try {
    if (!navigator.onLine) throw new Error("offline");
    const response = await post(form.action || location.href, body);
    // Sent to the login page instead: the session ended on this phone.
    if (response.redirected) return { ok: false, data: { error: text.login } };
    return { ok: response.ok, data: await response.json().catch(() => ({})) };
  } catch {
    keep({ url: form.action || location.href, body, label: form.dataset.label });
    return { queued: true };
  }
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
      status.textContent = form.dataset.queuedMessage;
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

window.nhaso = { send, keep, flush };
window.addEventListener("online", flush);
flush();
