// The page editor: a step's picture shown larger, with its tap marker drawn where the step's
// "Across (%)" and "Down (%)" fields say (lessons/blocks.py: StepBlock, TapMarkerBlock). A tap
// or a click on the picture writes both numbers (to 0.1); arrow keys move the marker; the
// number fields stay editable. StreamField blocks are drawn in the browser and may be added at
// any time, so new steps are looked for as the form changes. A practice screen
// (PracticeScreenBlock: the same field names, and a hint) also shows the circle within which
// a learner's tap counts as right (lessons/practice.py: TAP_RADIUS, in % of the width).
(() => {
  const script = document.currentScript;
  const { pictureUrl, hint, placed, zoneRadius, zoneHint } = script.dataset;
  const pictures = new Map(); // image id -> promise of {url, width, height}
  const round = (n) => Math.round(Math.min(100, Math.max(0, n)) * 10) / 10;

  const field = (prefix, name) => document.querySelector(`[name="${prefix}-${name}"]`);
  const prefixOf = (input) => input.name.replace(/-screenshot$/, "");

  function picture(id) {
    if (!pictures.has(id)) {
      const url = pictureUrl.replace(/0\/$/, `${encodeURIComponent(id)}/`);
      pictures.set(id, fetch(url, { credentials: "same-origin" }).then((r) => {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }));
    }
    return pictures.get(id);
  }

  function marker(prefix) {
    const x = field(prefix, "marker-x");
    const y = field(prefix, "marker-y");
    return { x, y, at: x.value !== "" && y.value !== "" ? [Number(x.value), Number(y.value)] : null };
  }

  function draw(box) {
    const { at } = marker(box.dataset.prefix);
    const dot = box.querySelector(".step-picture-admin__marker");
    const zone = box.querySelector(".step-picture-admin__zone");
    [dot, zone].filter(Boolean).forEach((mark) => {
      mark.hidden = !at;
      if (at) {
        mark.style.left = `${at[0]}%`;
        mark.style.top = `${at[1]}%`;
      }
    });
  }

  function place(box, x, y) {
    const fields = marker(box.dataset.prefix);
    [[fields.x, round(x)], [fields.y, round(y)]].forEach(([input, value]) => {
      input.value = String(value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    draw(box);
    box.querySelector("[aria-live]").textContent = placed
      .replace("{x}", fields.x.value).replace("{y}", fields.y.value);
  }

  function build(prefix) {
    const box = document.createElement("div");
    box.className = "step-picture-admin";
    box.dataset.prefix = prefix;
    box.hidden = true;
    box.innerHTML = `<p class="step-picture-admin__hint"></p>
      <div class="step-picture-admin__screen" tabindex="0" data-testid="step-picture-admin">
        <img alt="" draggable="false"><span class="step-picture-admin__marker" hidden></span>
      </div><p class="step-picture-admin__status" aria-live="polite"></p>`;
    box.querySelector(".step-picture-admin__hint").textContent = hint;
    const screen = box.querySelector(".step-picture-admin__screen");
    const img = screen.querySelector("img");
    screen.setAttribute("aria-label", hint);
    if (field(prefix, "hint") && zoneRadius) {
      const zone = document.createElement("span");
      zone.className = "step-picture-admin__zone";
      zone.hidden = true;
      zone.style.width = `${2 * Number(zoneRadius)}%`;
      screen.append(zone);
      const note = document.createElement("p");
      note.className = "step-picture-admin__zone-hint";
      note.textContent = zoneHint;
      screen.after(note);
    }
    img.addEventListener("click", (event) => {
      const rect = img.getBoundingClientRect();
      place(box, ((event.clientX - rect.left) / rect.width) * 100,
        ((event.clientY - rect.top) / rect.height) * 100);
    });
    screen.addEventListener("keydown", (event) => {
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      const step = event.shiftKey ? 5 : 1;
      const [x, y] = marker(prefix).at || [50, 50];
      place(box, x + move[0] * step, y + move[1] * step);
    });
    return box;
  }

  function show(input) {
    const prefix = prefixOf(input);
    const x = field(prefix, "marker-x");
    if (!x) return;
    let box = document.querySelector(`.step-picture-admin[data-prefix="${prefix}"]`);
    if (!box) {
      box = build(prefix);
      // Before the marker's fields: choose the picture, describe it, tap it, see the numbers.
      const fields = x.closest("[data-contentpath='marker']") || x.parentElement;
      fields.before(box);
    }
    const id = input.value;
    box.dataset.image = id;
    if (!id) {
      box.hidden = true;
      return;
    }
    picture(id).then((data) => {
      if (box.dataset.image !== id) return; // another picture was chosen meanwhile
      const img = box.querySelector("img");
      img.width = data.width / 2;
      img.height = data.height / 2;
      img.src = data.url;
      box.hidden = false;
      draw(box);
    }).catch(() => { box.hidden = true; });
  }

  function scan() {
    document.querySelectorAll("input[name$='-screenshot']").forEach((input) => {
      const prefix = prefixOf(input);
      const box = document.querySelector(`.step-picture-admin[data-prefix="${prefix}"]`);
      if (!box || box.dataset.image !== input.value) show(input);
    });
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches?.("input[name$='-screenshot']")) show(event.target);
  });
  document.addEventListener("input", (event) => {
    const name = event.target.name || "";
    if (!/-marker-[xy]$/.test(name)) return;
    const box = document.querySelector(
      `.step-picture-admin[data-prefix="${name.replace(/-marker-[xy]$/, "")}"]`);
    if (box) draw(box);
  });
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; scan(); });
  }).observe(document.body, { childList: true, subtree: true });
  scan();
})();
