/* Pressarkiv: narrow a facet group's full list (persons, organisations) by typing part of a name.
   Only an improvement: without it every value is listed and reachable all the same. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function apply(input) {
    var fieldset = document.getElementById(input.getAttribute("data-facet-filter"));
    if (!fieldset) {
      return;
    }
    var needle = fold(input.value.trim());
    var rows = fieldset.querySelectorAll("li.checkbox");
    var shown = 0;
    rows.forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var match = !needle || fold(box.value).indexOf(needle) !== -1;
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    var count = document.getElementById(input.id + "-count");
    if (count) {
      count.textContent = needle ? shown + " av " + rows.length + " visas" : "";
    }
  }

  function init() {
    document.querySelectorAll("[data-facet-filter]").forEach(function (input) {
      input.parentNode.hidden = false;
      if (input.value) {
        apply(input);
      }
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-facet-filter]")) {
      apply(event.target);
    }
  });
  /* Enter in the filter box narrows the list; it must not submit the search. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-facet-filter]")) {
      event.preventDefault();
    }
  });
  init();
})();
