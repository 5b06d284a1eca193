// The server needs the size the picture was shown at to turn a tap into a place on it.
// On the one-page quiz a tap only marks the place; the whole form is sent with its button.
for (const image of document.querySelectorAll("[data-tap-image]")) {
  const prefix = image.dataset.prefix || "";
  const field = (name) => image.form.elements[`${prefix}${name}`];
  const onePage = image.closest("[data-offline-form]");
  image.addEventListener("click", (event) => {
    field("tap_width").value = image.clientWidth;
    field("tap_height").value = image.clientHeight;
    if (!onePage) return; // one question per page: the tap is the answer, sent at once
    event.preventDefault();
    for (const [axis, value] of [["x", event.offsetX], ["y", event.offsetY]]) {
      let input = field(`tap.${axis}`);
      if (!input) {
        input = Object.assign(document.createElement("input"), { type: "hidden", name: `${prefix}tap.${axis}` });
        image.after(input);
      }
      input.value = Math.round(value);
    }
    image.classList.add("tapped");
    let mark = image.parentElement.querySelector(".tap-mark");
    if (!mark) {
      mark = Object.assign(document.createElement("p"), { className: "tap-mark meta" });
      mark.setAttribute("role", "status");
      image.parentElement.append(mark);
    }
    mark.textContent = image.dataset.tapped;
  });
}
