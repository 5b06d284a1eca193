// Runs inside the sandboxed player frame: starts h5p-standalone, then passes the player's
// xAPI statements and the content's height to the lesson page. It holds no session.
(function () {
  // A sandboxed frame has no origin, so reading localStorage throws and H5P's core stops
  // half-way. An in-memory store keeps H5P working; nothing is meant to persist here.
  function memoryStorage() {
    const items = new Map();
    return {
      getItem: (key) => (items.has(key) ? items.get(key) : null),
      setItem: (key, value) => items.set(key, String(value)),
      removeItem: (key) => items.delete(key),
      clear: () => items.clear(),
      key: (index) => [...items.keys()][index] ?? null,
      get length() { return items.size; },
    };
  }
  for (const name of ["localStorage", "sessionStorage"]) {
    try {
      window[name].getItem("probe");
    } catch {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  }

  window.addEventListener("load", () => {
    const element = document.getElementById("h5p");
    const options = JSON.parse(document.getElementById("h5p-options").textContent);
    const tell = (message) => window.parent.postMessage(message, element.dataset.parentOrigin);

    new H5PStandalone.H5P(element, options).then(() => {
      H5P.externalDispatcher.on("xAPI", (event) => {
        tell({ type: "nhaso:xapi", statement: event.data.statement });
      });
      tell({ type: "nhaso:ready" });
    });
    new ResizeObserver(() => {
      tell({ type: "nhaso:height", height: document.documentElement.scrollHeight });
    }).observe(document.body);
  });
})();
