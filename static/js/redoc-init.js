// Starts Redoc on /api/redoc/ from a file, so that the page needs no inline script.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  var options = JSON.parse(container.dataset.settings || "{}");
  // Redoc injects its styles at run time; the page's policy accepts them with this nonce only.
  options.nonce = container.dataset.styleNonce;
  // No web fonts are fetched: the system's own fonts.
  options.theme = options.theme || {
    typography: {
      fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
      code: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
    },
  };
  Redoc.init(container.dataset.specUrl, options, container);
})();
