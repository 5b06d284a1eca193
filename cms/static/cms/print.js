// The print button of a printable sheet (an inline onclick would break the page's CSP).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
