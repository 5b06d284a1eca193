// "Watch the sharper version": swap the video to the full file where it is, instead of
// leaving the page. Without JavaScript the link opens the file.
document.querySelectorAll("[data-video]").forEach((figure) => {
  const link = figure.querySelector("[data-full-video]");
  const video = figure.querySelector("video");
  if (!link || !video) return;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const at = video.currentTime;
    video.src = link.href;
    video.currentTime = at;
    video.play();
    link.parentElement.hidden = true;
  });
});
