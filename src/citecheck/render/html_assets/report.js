(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-tone]"));
  var status = document.getElementById("filter-status");
  var search = document.getElementById("filter-search");
  var count = document.getElementById("filter-count");
  var none = document.getElementById("no-match");
  var problems = ["error", "warning", "info"];

  function apply() {
    var only = form.querySelector("input[name=show]:checked").value === "problems";
    var wanted = status.value;
    var query = search.value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (item) {
      var statuses = " " + item.getAttribute("data-status") + " ";
      var visible = (!only || problems.indexOf(item.getAttribute("data-tone")) >= 0) &&
        (!wanted || statuses.indexOf(" " + wanted + " ") >= 0) &&
        (!query || item.textContent.toLowerCase().indexOf(query) >= 0);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(items.length));
    none.hidden = shown > 0;
  }

  function light(item, on) {
    document.querySelectorAll("a.marker").forEach(function (marker) {
      if (marker.getAttribute("href") === "#" + item.id) {
        var sentence = marker.closest(".cite");
        if (sentence) { sentence.classList.toggle("lit", on); }
      }
    });
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  items.forEach(function (item) {
    item.addEventListener("mouseenter", function () { light(item, true); });
    item.addEventListener("mouseleave", function () { light(item, false); });
    item.addEventListener("focusin", function () { light(item, true); });
    item.addEventListener("focusout", function () { light(item, false); });
  });
  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("a.marker");
    if (!marker) { return; }
    var target = document.getElementById(marker.getAttribute("href").slice(1));
    if (target) { target.hidden = false; }
  });
  apply();
})();
