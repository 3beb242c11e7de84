/* Small behaviours the pages share. Every page works without this file (forms post and
   redirect); it only reports htmx requests that failed without a page to show. */
(function () {
  "use strict";

  // Pages work without scripts; with them, the navigation folds into a menu on phones.
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".nav-toggle");
    if (!toggle) { return; }
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (nav) { nav.classList.toggle("open", open); }
  });

  function toast(text) {
    var region = document.getElementById("toast-region");
    if (!region) { return; }
    var box = document.createElement("div");
    box.className = "alert alert-error";
    box.setAttribute("role", "alert");
    box.textContent = text;
    region.appendChild(box);
    window.setTimeout(function () { box.remove(); }, 8000);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var region = document.getElementById("toast-region");
    var template = region ? region.getAttribute("data-error-text") : "";
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : "";
    toast((template || "Request failed") + " (" + status + ")");
  });

  document.addEventListener("htmx:sendError", function () {
    var region = document.getElementById("toast-region");
    toast(region ? region.getAttribute("data-offline-text") : "Network error");
  });
})();
