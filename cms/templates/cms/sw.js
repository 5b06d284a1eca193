// Nhà Số's service worker. Pages come from the network while there is one; offline, the
// lessons a learner saved (and the app shell) come from the phone.
const SHELL = "nhaso-shell-{{ version }}";
const SAVED = "nhaso-saved"; // what the learner saved; outlives new versions of the shell
const SHELL_URLS = {{ shell|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("nhaso-shell-") && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Our responses vary on cookies and language headers that a saved copy cannot replay.
const fromPhone = (request) => caches.match(request, { ignoreVary: true });

// <audio> and <video> ask for byte ranges; a saved file answers them from its whole copy.
async function rangeOf(request, response) {
  const match = /bytes=(\d*)-(\d*)/.exec(request.headers.get("range") || "");
  if (!match) return response;
  const body = await response.blob();
  const start = Number(match[1] || 0);
  const end = match[2] ? Math.min(Number(match[2]), body.size - 1) : body.size - 1;
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": response.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": `bytes ${start}-${end}/${body.size}`,
      "Content-Length": String(end - start + 1),
    },
  });
}

function offlinePage(url) {
  const english = url.pathname.startsWith("/en/");
  return fromPhone(SHELL_URLS.find((u) => u.endsWith("/khong-co-mang/") && u.startsWith("/en/") === english));
}

async function networkFirst(request, fallback) {
  try {
    const response = await fetch(request);
    // A saved page is refreshed whenever it is read online, so the copy stays current.
    if (response.ok && !response.redirected && (await fromPhone(request))) {
      (await caches.open(SAVED)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    return (await fromPhone(request)) || (await fallback()) || Response.error();
  }
}

async function file(request) {
  const saved = await fromPhone(request.url);
  if (saved) return rangeOf(request, saved);
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // A form sent without a connection: say so instead of the browser's error page.
    if (request.mode === "navigate") event.respondWith(fetch(request).catch(() => offlinePage(url)));
    return;
  }
  if (url.pathname.startsWith("/admin/") || url.pathname.startsWith("/django-admin/")) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, () => offlinePage(url)));
  } else if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/media/")) {
    event.respondWith(file(request)); // files never change under the same name
  } else {
    event.respondWith(networkFirst(request, () => null));
  }
});
