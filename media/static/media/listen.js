// Turns each narration <audio> into a big "Nghe" button, adds one speed control for the
// page and "listen to the whole lesson". Without JavaScript the native players remain.
const players = [...document.querySelectorAll("audio[data-narration]")];
const controls = document.querySelector("[data-narration-controls]");
const speedKey = "nhaso-narration-speed";

function savedSpeed() {
  try { return Number(localStorage.getItem(speedKey)) || 1; } catch { return 1; }
}

function setSpeed(value) {
  players.forEach((player) => { player.playbackRate = value; });
  try { localStorage.setItem(speedKey, String(value)); } catch { /* private mode */ }
}

function stopOthers(current) {
  players.forEach((player) => { if (player !== current) player.pause(); });
}

if (players.length && controls) {
  controls.hidden = false;
  const label = (name) => controls.querySelector(`[data-label-${name}]`).content;
  const show = (button, name) => button.replaceChildren(label(name).cloneNode(true));
  players.forEach((player) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "listen-button";
    show(button, "listen");
    const listen = label("listen").textContent.trim();
    button.setAttribute("aria-label", player.getAttribute("aria-label") || listen);
    button.addEventListener("click", () => {
      if (player.paused) { stopOthers(player); player.play(); } else { player.pause(); }
    });
    player.addEventListener("play", () => show(button, "pause"));
    player.addEventListener("pause", () => show(button, "listen"));
    player.addEventListener("ended", () => show(button, "listen"));
    player.controls = false;
    player.after(button);
  });

  const speed = controls.querySelector("select");
  speed.value = String(savedSpeed());
  setSpeed(savedSpeed());
  speed.addEventListener("change", () => setSpeed(Number(speed.value)));

  // The whole lesson: the blocks' narration one after another, in reading order.
  const all = controls.querySelector("[data-listen-all]");
  let queue = [];
  const playNext = () => {
    const next = queue.shift();
    if (!next) return;
    next.currentTime = 0;
    stopOthers(next);
    next.play();
    next.addEventListener("ended", playNext, { once: true });
  };
  all?.addEventListener("click", () => { queue = [...players]; playNext(); });
}
