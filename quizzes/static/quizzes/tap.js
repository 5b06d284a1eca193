// The server needs the size the picture was shown at to turn a tap into a place on it.
const image = document.querySelector("[data-tap-image]");
if (image) {
  image.addEventListener("click", () => {
    image.form.elements.tap_width.value = image.clientWidth;
    image.form.elements.tap_height.value = image.clientHeight;
  });
}
