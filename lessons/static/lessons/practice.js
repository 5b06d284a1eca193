// A lesson's practice step (lessons/blocks/practice.html): the procedure's screens one at a
// time, as the phone shows them; the learner taps where they would tap. The page checks each
// tap against the marked place (data-x/y, in % of the picture) to go on at once, the same way
// the server does (lessons/practice.py), but only the server's score counts: the run, every
// tap in order, goes through the outbox (cms/offline.js), kept on the phone until the server
// has taken it, with one client id per run, so a retry is stored once.
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
const round = (n) => Math.round(n * 100) / 100;

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID(); // only on HTTPS or localhost
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function setup(section) {
  const text = section.dataset;
  const stage = section.querySelector("[data-practice-stage]");
  const screens = [...stage.querySelectorAll("[data-practice-screen]")];
  const feedback = stage.querySelector("[data-practice-feedback]");
  const end = stage.querySelector("[data-practice-end]");
  const result = end.querySelector("[data-practice-result]");
  // Looked up when used: on a page from the cache, cms/learner.js puts it in for a learner.
  const tellSaved = (words) => {
    const place = end.querySelector("[data-practice-saved]");
    if (place) place.textContent = words;
  };
  const radius = Number(text.radius);
  let run;

  const say = (message, kind) => {
    feedback.textContent = message;
    feedback.dataset.kind = kind;
    // The learner may have scrolled down to the bottom of the screen: bring the words back.
    if (message && feedback.getBoundingClientRect().top < 0) feedback.scrollIntoView();
  };

  function show(index) {
    screens.forEach((screen, n) => { screen.hidden = n !== index; });
    // The next screen's picture comes while this one is looked at: no wait on a slow line.
    const next = screens[index + 1]?.querySelector("img");
    if (next) next.loading = "eager";
  }

  function start() {
    run = { id: newId(), current: 0, taps: [], wrong: 0 };
    screens.forEach((screen) => {
      screen.classList.remove("show-ring");
      screen.querySelectorAll(".practice-miss").forEach((mark) => mark.remove());
    });
    end.hidden = true;
    say("", "");
    tellSaved("");
    show(0);
  }

  // The same test as lessons.practice.tap_hits: distances in hundredths of the width.
  function hits(screen, x, y) {
    const across = x - Number(screen.dataset.x);
    const down = (y - Number(screen.dataset.y)) * Number(screen.dataset.aspect);
    return Math.hypot(across, down) <= radius;
  }

  async function send() {
    if (!text.url || !window.nhaso) return; // a visitor: nothing is sent, the page says why
    const body = JSON.stringify({ client_id: run.id, block_id: text.blockId, taps: run.taps });
    tellSaved(text.sending);
    let answered = false;
    const id = window.nhaso.keep({ url: text.url, body, type: "application/json", label: text.label });
    window.nhaso.whenSettled(id, (entry) => {
      answered = true;
      tellSaved(entry.message);
    });
    await window.nhaso.flush();
    if (!answered) tellSaved(text.queued);
  }

  function finish() {
    screens.forEach((screen) => { screen.hidden = true; });
    say("", "");
    const n = screens.length;
    const template = run.wrong === 0 ? text.finished
      : run.wrong === 1 ? text.finishedHint : text.finishedHints;
    result.textContent = fill(template, { right: n, screens: n, hints: run.wrong });
    end.hidden = false;
    result.focus();
    send();
  }

  function tap(screen, event) {
    if (screen.hidden || run.current >= screens.length) return;
    const rect = screen.querySelector("img").getBoundingClientRect();
    const x = round(((event.clientX - rect.left) / rect.width) * 100);
    const y = round(((event.clientY - rect.top) / rect.height) * 100);
    if (!(x >= 0 && x <= 100 && y >= 0 && y <= 100)) return; // on the phone's frame
    run.taps.push({ screen: run.current, x, y });
    if (hits(screen, x, y)) {
      run.current += 1;
      if (run.current === screens.length) return finish();
      show(run.current);
      say(text.right, "right");
      return undefined;
    }
    run.wrong += 1;
    const mark = document.createElement("span");
    mark.className = "practice-miss";
    mark.style.left = `${x}%`;
    mark.style.top = `${y}%`;
    screen.querySelector(".phone").append(mark);
    // The run no longer counts as "without help": the circle may help now.
    screen.classList.add("show-ring");
    say(screen.dataset.hint, "hint");
    return undefined;
  }

  screens.forEach((screen) => {
    screen.querySelector(".phone").addEventListener("click", (event) => tap(screen, event));
  });
  end.querySelector("[data-practice-again]").addEventListener("click", start);
  // The numbered steps, with the places circled, are for pages without this script.
  section.querySelector("[data-practice-steps]").hidden = true;
  stage.hidden = false;
  start();
}

document.querySelectorAll("[data-practice]").forEach(setup);
