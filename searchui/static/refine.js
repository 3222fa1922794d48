/* Pressarkiv: refine a search without reloading the page. Ticking a filter, choosing a sort
   order, submitting the form or following a link inside the results fetches the same URL,
   swaps in the new results and facets, and keeps the address bar in step (back and forward
   work too). "Visa N träffar" closes the filters (on a phone) and goes to the hits.
   Only an improvement: without this file every control works as a plain link or form. */
(function () {
  "use strict";

  var form = document.getElementById("sok");
  var REGION = "resultat";
  var HEADING = "resultat-rubrik";
  var PANEL = "filter-panel";
  var APPLY = "visa-traffar";
  if (!form || !window.fetch || !window.DOMParser || !window.history.pushState) {
    return;
  }

  /* What only works with this script: the hint, the live count on the apply button; the
     sort button is not needed, as a new sort order applies at once. */
  function enhance() {
    var hint = document.getElementById("filter-hint");
    var sortButton = document.getElementById("sortera");
    if (hint) {
      hint.hidden = false;
    }
    if (sortButton) {
      sortButton.hidden = true;
    }
    document.querySelectorAll("#" + REGION + " .live-total").forEach(function (count) {
      count.hidden = false;
    });
  }
  enhance();
  var searchPath = new URL(form.action, window.location.href).pathname;
  var latest = 0;
  /* The address whose results are shown; a change of the #fragment alone keeps them. */
  var shown = window.location.pathname + window.location.search;

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return searchPath + (query ? "?" + query : "");
  }

  /* What to focus after the swap: the same checkbox or control, else the results heading. */
  function focusTarget(element) {
    var region = document.getElementById(REGION);
    if (!element || !region.contains(element)) {
      return null;
    }
    if (element.type === "checkbox") {
      return { name: element.name, value: element.value };
    }
    return element.id ? { id: element.id } : null;
  }

  function restoreFocus(target) {
    var region = document.getElementById(REGION);
    var element = null;
    if (target && target.close) {
      document.getElementById(PANEL).open = false;
    } else if (target && target.id) {
      element = document.getElementById(target.id);
    } else if (target) {
      var boxes = region.querySelectorAll("input[type=checkbox]");
      for (var i = 0; i < boxes.length; i += 1) {
        if (boxes[i].name === target.name && boxes[i].value === target.value) {
          element = boxes[i];
        }
      }
    }
    if (element) {
      element.focus();
    } else if (target !== undefined) {
      document.getElementById(HEADING).focus();
    }
  }

  /* Replace the region, keeping the live status node so that screen readers announce it,
     and keeping the filters open when the user opened them. */
  function swap(fresh) {
    var region = document.getElementById(REGION);
    var live = region.querySelector("[role=status]");
    var incoming = fresh.querySelector("[role=status]");
    var panel = fresh.querySelector("#" + PANEL);
    if (panel && document.getElementById(PANEL).open) {
      panel.open = true;
    }
    var text = incoming ? incoming.textContent : "";
    if (live && incoming) {
      incoming.parentNode.replaceChild(live, incoming);
    }
    region.parentNode.replaceChild(fresh, region);
    if (live) {
      live.textContent = text;
    }
  }

  function load(url, push, target) {
    var ticket = (latest += 1);
    document.getElementById(REGION).setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (ticket !== latest) {
          return;
        }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(REGION);
        if (!fresh) {
          throw new Error("no results region");
        }
        swap(document.importNode(fresh, true));
        enhance();
        document.title = doc.title;
        var canonical = doc.querySelector("link[rel=canonical]");
        var feed = doc.querySelector("link[rel=alternate]");
        var ownFeed = document.querySelector("link[rel=alternate]");
        if (feed && ownFeed) {
          ownFeed.href = feed.getAttribute("href");
        }
        if (push) {
          // the canonical link names the public address, which may not be this page's origin
          var address = canonical ? window.location.pathname + new URL(canonical.href).search : url;
          window.history.pushState({ pressarkiv: true }, "", address);
          shown = window.location.pathname + window.location.search;
        } else {
          document.getElementById("q").value = doc.getElementById("q").value;
        }
        restoreFocus(target);
      })
      .catch(function () {
        if (ticket === latest) {
          window.location.assign(url);
        }
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox" || event.target.id === "sort") {
      load(formUrl(), true, focusTarget(event.target));
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var submitter = event.submitter || document.activeElement;
    load(formUrl(), true, submitter && submitter.id === APPLY ? { close: true } : focusTarget(submitter));
  });

  form.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== searchPath) {
      return;
    }
    event.preventDefault();
    load(url.pathname + url.search, true, null);
  });

  window.addEventListener("popstate", function () {
    var address = window.location.pathname + window.location.search;
    if (address !== shown) {
      shown = address;
      load(address, false, undefined);
    }
  });
})();
