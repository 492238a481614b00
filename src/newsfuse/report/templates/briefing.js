// Follow a citation: open any collapsed block holding the target sentence and flash it once.
(function () {
  function show() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    for (var p = el.parentElement; p; p = p.parentElement) { if (p.tagName === "DETAILS") p.open = true; }
    var old = document.querySelectorAll(".flash");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("flash");
    el.classList.add("flash");
    el.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", show);
  if (document.readyState !== "loading") show(); else document.addEventListener("DOMContentLoaded", show);
})();
