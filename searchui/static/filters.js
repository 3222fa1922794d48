/* Pressarkiv: run the search as soon as a filter box is ticked, then put focus back on it.
   Only an improvement: without this file the "Filtrera" button does the same. */
(function () {
  "use strict";

  var form = document.getElementById("sok");
  var hint = document.getElementById("filter-hint");
  var FOCUS_KEY = "pressarkiv-filter-focus";
  if (!form) {
    return;
  }
  if (hint) {
    hint.hidden = false;
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox") {
      return;
    }
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify([box.name, box.value]));
    } catch (error) {
      /* Storage may be off; focus then simply starts at the top. */
    }
    form.submit();
  });

  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY));
    sessionStorage.removeItem(FOCUS_KEY);
  } catch (error) {
    saved = null;
  }
  if (saved) {
    var boxes = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].name === saved[0] && boxes[i].value === saved[1]) {
        boxes[i].focus();
        break;
      }
    }
  }
})();
