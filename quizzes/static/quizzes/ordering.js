// "Put the steps in order" by tapping them in sequence. Without JavaScript each step has a
// number box; here the boxes become hidden fields that the taps fill, so the server reads the
// same `position-<step>` numbers either way. Tapping a numbered step takes it out again.
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");

for (const box of document.querySelectorAll("[data-ordering]")) {
  const text = box.dataset;
  const status = Object.assign(document.createElement("p"), { className: "meta ordering-status" });
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const hint = box.querySelector("[data-ordering-hint]");
  hint.textContent = text.hint;

  const steps = [...box.querySelectorAll("[data-step]")].map((label) => {
    const input = label.querySelector("input");
    const button = Object.assign(document.createElement("button"), {
      type: "button",
      className: "option ordering-step",
    });
    const badge = Object.assign(document.createElement("span"), { className: "step-number" });
    badge.setAttribute("aria-hidden", "true");
    const name = Object.assign(document.createElement("span"), { textContent: label.dataset.text });
    button.append(badge, name);
    input.type = "hidden";
    label.replaceWith(button, input);
    return { button, badge, input, text: label.dataset.text };
  });

  // A page brought back (the browser's back button) keeps the numbers typed before.
  let order = steps
    .filter((step) => Number(step.input.value) > 0)
    .sort((a, b) => Number(a.input.value) - Number(b.input.value));

  const tools = Object.assign(document.createElement("div"), { className: "ordering-tools" });
  const undo = Object.assign(document.createElement("button"), { type: "button", textContent: text.undo });
  const reset = Object.assign(document.createElement("button"), { type: "button", textContent: text.reset });
  tools.append(undo, reset);
  box.append(tools, status);

  const show = (message) => {
    steps.forEach((step) => {
      const n = order.indexOf(step) + 1;
      step.input.value = n ? String(n) : "";
      step.badge.textContent = n ? String(n) : "";
      step.button.setAttribute("aria-pressed", n ? "true" : "false");
      step.button.classList.toggle("placed", n > 0);
    });
    undo.disabled = reset.disabled = order.length === 0;
    const done = order.length;
    status.textContent = done === steps.length ? `${message} ${text.complete}` : message;
  };
  const counts = () => ({ done: order.length, total: steps.length });

  steps.forEach((step) => {
    step.button.addEventListener("click", () => {
      if (order.includes(step)) {
        order = order.filter((other) => other !== step);
        show(fill(text.removed, { step: step.text, ...counts() }));
      } else {
        order.push(step);
        show(fill(text.placed, { step: step.text, n: order.length, ...counts() }));
      }
    });
  });
  undo.addEventListener("click", () => {
    const last = order.pop();
    show(fill(text.removed, { step: last.text, ...counts() }));
  });
  reset.addEventListener("click", () => {
    order = [];
    show(text.cleared);
    steps[0].button.focus();
  });

  // One question a page: an order left half done is said here rather than sent. On the
  // one-page quiz a question left undone is allowed: it is answered later, online.
  const form = box.closest("form");
  if (form && !form.hasAttribute("data-offline-form")) {
    form.addEventListener("submit", (event) => {
      if (order.length === steps.length) return;
      event.preventDefault();
      status.textContent = text.missing;
      (steps.find((step) => !order.includes(step)) || steps[0]).button.focus();
    });
  }
  show("");
}
