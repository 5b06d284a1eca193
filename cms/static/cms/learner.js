// A learner's own parts of a page served from the cache (base/page_cache.py, cms/learner_parts.py).
// The cookie tells the server this browser runs script: a logged-in learner then gets the page
// everyone gets, and this fills in their menu, progress and forms from one request. Without
// script, the cookie is never set and the server renders the learner's page itself.
document.cookie = "js=1; path=/; max-age=31536000; SameSite=Lax";

// { name: [first marker, last marker] } of the parts this page has: <!--part:NAME-->…<!--/part:NAME-->
function markedParts() {
  const found = {};
  const opened = {};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const [, slash, name] = /^(\/?)part:([\w-]+)$/.exec(node.data.trim()) || [];
    if (name && !slash) opened[name] = node;
    else if (name && opened[name]?.parentNode === node.parentNode) found[name] = [opened[name], node];
  }
  return found;
}

// The server's fragment in place of the page's, markers included; its scripts run.
function replace([first, last], html) {
  const range = document.createRange();
  range.setStartBefore(first);
  range.setEndAfter(last);
  const fragment = range.createContextualFragment(html);
  range.deleteContents();
  range.insertNode(fragment);
}

async function fillIn(url) {
  let data;
  try {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return; // no connection and nothing saved: the page stays as a visitor sees it
  }
  if (!data.authenticated) return;
  const found = markedParts();
  for (const [name, html] of Object.entries(data.parts)) {
    if (found[name]) replace(found[name], html);
  }
  document.body.dataset.learner = data.learner.name;
  const outbox = document.querySelector("[data-outbox]");
  if (outbox) outbox.dataset.user = data.learner.id;
  if (data.practice_url) {
    document.querySelectorAll("[data-practice]").forEach((practice) => { practice.dataset.url = data.practice_url; });
  }
  // cms/offline.js, lessons/progress.js and lessons/practice.js take the new parts from here.
  document.dispatchEvent(new CustomEvent("nhaso:filled", { detail: data }));
}

// signed_in=1 (base/page_cache.py) says this browser is logged in: visitors ask nothing.
const url = document.body.dataset.learnerParts;
if (url && /(?:^|;\s*)signed_in=1(?:;|$)/.test(document.cookie)) fillIn(url);
