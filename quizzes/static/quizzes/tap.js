// The server needs the size the picture was shown at to turn a tap into a place on it.
for (const image of document.querySelectorAll("[data-tap-image]")) {
  const prefix = image.dataset.prefix || "";
  image.addEventListener("click", () => {
    image.form.elements[`${prefix}tap_width`].value = image.clientWidth;
    image.form.elements[`${prefix}tap_height`].value = image.clientHeight;
  });
}
