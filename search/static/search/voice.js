// The microphone button of the header's search form: where the browser offers speech
// recognition, it fills the box with what was said (in Vietnamese) and submits the form.
// Without it the button stays hidden and the form works as typed.

const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;

function enhance(form) {
  const button = form.querySelector("[data-voice]");
  const input = form.querySelector("input[name=q]");
  const status = form.querySelector("[data-voice-status]");
  if (!button || !input || !Recognition) return;

  const say = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };
  let listening = null;

  button.hidden = false;
  button.addEventListener("click", () => {
    if (listening) {
      listening.abort();
      return;
    }
    const recognition = new Recognition();
    recognition.lang = "vi-VN";
    recognition.interimResults = false;
    recognition.maxAlternatives = 1;
    recognition.addEventListener("result", (event) => {
      const heard = event.results[0][0].transcript.trim();
      if (!heard) return;
      input.value = heard;
      say("");
      form.requestSubmit();
    });
    recognition.addEventListener("error", (event) => {
      // "aborted" is the person pressing the button again: nothing to tell them.
      say(event.error === "aborted" ? "" : form.dataset.voiceFailed);
    });
    recognition.addEventListener("end", () => {
      listening = null;
      button.removeAttribute("aria-pressed");
      if (status.textContent === form.dataset.voiceListening) say("");
    });
    listening = recognition;
    button.setAttribute("aria-pressed", "true");
    say(form.dataset.voiceListening);
    try {
      recognition.start();
    } catch {
      listening = null;
      button.removeAttribute("aria-pressed");
      say(form.dataset.voiceFailed);
    }
  });
}

document.querySelectorAll("form.site-search").forEach(enhance);
