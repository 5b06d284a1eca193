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
  const labels = controls.dataset;
  players.forEach((player) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "listen-button";
    button.textContent = labels.listen;
    button.setAttribute("aria-label", player.getAttribute("aria-label") || labels.listen);
    button.addEventListener("click", () => {
      if (player.paused) { stopOthers(player); player.play(); } else { player.pause(); }
    });
    player.addEventListener("play", () => { button.textContent = labels.pause; });
    player.addEventListener("pause", () => { button.textContent = labels.listen; });
    player.addEventListener("ended", () => { button.textContent = labels.listen; });
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
