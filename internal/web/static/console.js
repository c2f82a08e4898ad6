// Console's row menus (details.menu) without surprises: one open at a
// time, Escape or a click outside closes the open one and does nothing
// else, the arrow keys move between its items, and a menu near the bottom
// of the window opens upwards. Pages work without this script: the menus
// are <details>, and a stylesheet overlay already turns a click outside
// into closing.
(function () {
  "use strict";

  var itemSelector = ".menu-items a, .menu-items button";

  function openMenu() {
    return document.querySelector("details.menu[open]");
  }

  function close(menu, focus) {
    menu.open = false;
    if (focus) {
      menu.querySelector("summary").focus();
    }
  }

  function items(menu) {
    return Array.prototype.slice.call(menu.querySelectorAll(itemSelector));
  }

  // place opens the menu upwards when it would run past the bottom of the
  // window and there is room above. The phone layout (a fixed bottom
  // sheet) is left alone.
  function place(menu) {
    var list = menu.querySelector(".menu-items");
    menu.classList.remove("menu-up");
    if (!list || getComputedStyle(list).position === "fixed") {
      return;
    }
    var box = list.getBoundingClientRect();
    if (box.bottom > window.innerHeight && box.height < menu.getBoundingClientRect().bottom) {
      menu.classList.add("menu-up");
    }
  }

  // toggle does not bubble: listen while capturing.
  document.addEventListener("toggle", function (e) {
    var menu = e.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains("menu") || !menu.open) {
      return;
    }
    document.querySelectorAll("details.menu[open]").forEach(function (other) {
      if (other !== menu) {
        other.open = false;
      }
    });
    place(menu);
  }, true);

  // A click outside the open menu only closes it: whatever lies under the
  // pointer (another row's menu, a link) is not activated.
  document.addEventListener("click", function (e) {
    var menu = openMenu();
    if (!menu || menu.contains(e.target)) {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    close(menu, false);
  }, true);

  document.addEventListener("keydown", function (e) {
    var menu = openMenu();
    if (!menu) {
      if (e.key === "ArrowDown" && e.target.matches && e.target.matches("details.menu > summary")) {
        e.preventDefault();
        e.target.parentElement.open = true;
        var first = items(e.target.parentElement)[0];
        if (first) {
          first.focus();
        }
      }
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      close(menu, true);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End") {
      return;
    }
    var list = items(menu);
    if (!list.length) {
      return;
    }
    e.preventDefault();
    var i = list.indexOf(document.activeElement);
    if (e.key === "Home") {
      i = 0;
    } else if (e.key === "End") {
      i = list.length - 1;
    } else if (e.key === "ArrowDown") {
      i = i < 0 ? 0 : (i + 1) % list.length;
    } else {
      i = i < 0 ? list.length - 1 : (i - 1 + list.length) % list.length;
    }
    list[i].focus();
  });

  // Focus leaving the open menu (Tab past its last item) closes it.
  document.addEventListener("focusin", function (e) {
    var menu = openMenu();
    if (menu && !menu.contains(e.target)) {
      close(menu, false);
    }
  });
})();

{
  // Filters that apply as soon as they change: in a form marked
  // data-auto-apply, choosing in a select submits the form, so its Apply
  // button (data-apply), there for browsers without JavaScript, is hidden.
  // A search box still applies with Enter.
  for (const form of document.querySelectorAll("form[data-auto-apply]")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.requestSubmit());
    }
    for (const button of form.querySelectorAll("[data-apply]")) {
      button.hidden = true;
    }
  }
}

{
  // A form sent once is not sent again by a second click (a double click,
  // an impatient one): its submit buttons are disabled until the next page
  // comes. They are disabled after the submit event, so the clicked
  // button's name and value still go with the form, and enabled again when
  // the browser shows this page from its back-forward cache.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    setTimeout(() => {
      for (const button of form.querySelectorAll("button[type=submit], button:not([type])")) {
        button.disabled = true;
      }
    }, 0);
  });
  window.addEventListener("pageshow", () => {
    for (const form of document.querySelectorAll("form[data-sending]")) {
      delete form.dataset.sending;
      for (const button of form.querySelectorAll("button")) {
        button.disabled = false;
      }
    }
  });

  // A secret shown once (a new API token) is selected whole when its box
  // gets focus, and its Copy button copies it.
  for (const input of document.querySelectorAll("input[data-select-on-focus]")) {
    input.addEventListener("focus", () => input.select());
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.value);
        button.textContent = "Copied";
      } catch {
        source.focus();
        button.textContent = "Press Ctrl+C to copy";
      }
    });
  }
}
