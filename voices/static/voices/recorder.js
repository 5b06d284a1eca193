// The voice contributor's recorder: record a part with the microphone, listen, send.
// Enhances the plain file form of the page, which stays for phones that cannot record here.

const section = document.querySelector("[data-recorder]");
const form = document.querySelector("[data-send-form]");
const noRecorder = document.querySelector("[data-no-recorder]");
const fileDetails = document.querySelector("[data-file-details]");

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function pickType() {
  for (const type of ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]) {
    if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(type)) return type;
  }
  return ""; // whatever the browser gives
}

function cannotRecord() {
  section.hidden = true;
  noRecorder.hidden = false;
  fileDetails.open = true;
}

function start() {
  const $ = (name) => section.querySelector(`[data-${name}]`);
  const [recordButton, stopButton, againButton, sendButton] = ["record", "stop", "again", "send"].map($);
  const timer = $("timer");
  const take = $("take");
  const status = $("status");
  const text = section.dataset;
  const maxSeconds = Number(text.maxSeconds) || 120;
  const maxBytes = Number(text.maxBytes) || 20 * 1024 * 1024;
  let recorder = null;
  let chunks = [];
  let blob = null;
  let clientId = null;
  let ticking = null;
  let startedAt = 0;

  const say = (message) => {
    status.textContent = message;
  };
  const show = (shown) => {
    for (const [element, visible] of shown) element.hidden = !visible;
  };
  const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

  async function record() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      cannotRecord();
      return;
    }
    const type = pickType();
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    chunks = [];
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size) chunks.push(event.data);
    });
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      clearInterval(ticking);
      blob = new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" });
      clientId = newId(); // one per take: a re-sent take is stored once
      if (take.src) URL.revokeObjectURL(take.src);
      take.src = URL.createObjectURL(blob);
      show([[stopButton, false], [recordButton, false], [take, true], [againButton, true], [sendButton, true]]);
      sendButton.disabled = false;
      if (status.textContent !== text.limit) say(text.recorded);
    });
    recorder.start(250);
    startedAt = Date.now();
    timer.textContent = clock(0);
    ticking = setInterval(() => {
      const seconds = (Date.now() - startedAt) / 1000;
      timer.textContent = clock(seconds);
      if (seconds >= maxSeconds && recorder.state === "recording") {
        say(text.limit);
        recorder.stop();
      }
    }, 250);
    show([[recordButton, false], [stopButton, true], [take, false], [againButton, false], [sendButton, false]]);
    say(text.recording);
    stopButton.focus();
  }

  async function send() {
    if (!blob) return;
    if (blob.size > maxBytes) {
      say(text.tooBig);
      return;
    }
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("block_id", form.elements.block_id.value);
    data.append("client_id", clientId);
    const extension = blob.type.includes("mp4") ? "m4a" : blob.type.includes("ogg") ? "ogg" : "webm";
    data.append("audio", blob, `recording.${extension}`);
    sendButton.disabled = true;
    say(text.sending);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
      });
    } catch (error) {
      sendButton.disabled = false;
      say(text.offline);
      return;
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      answer = {};
    }
    if (response.ok && answer.next) {
      say(text.sent);
      window.location.assign(answer.next);
      return;
    }
    sendButton.disabled = false;
    say(answer.error || text.offline);
    if (response.status === 400) {
      // The server refused this take (silent, too quiet…): the next one is a new submission.
      show([[sendButton, false]]);
    }
  }

  recordButton.addEventListener("click", record);
  againButton.addEventListener("click", record);
  stopButton.addEventListener("click", () => recorder && recorder.state === "recording" && recorder.stop());
  sendButton.addEventListener("click", send);

  section.hidden = false;
  fileDetails.open = false;
}

if (section && form) {
  if (window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    start();
  } else {
    cannotRecord();
  }
}
