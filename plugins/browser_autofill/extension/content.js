/*
 * In the page: find fillable fields, show the Remembrancer panel, fill on confirm.
 *
 * The panel is an extension page in an iframe (panel.html), so the page can
 * neither read the suggested values nor press its buttons by script; values
 * reach this content script only after the user clicked "Fill" in the panel,
 * and only for the fields the user kept ticked.
 */
(() => {
  "use strict";
  const api = globalThis.browser ?? globalThis.chrome;
  const detect = globalThis.RemembrancerDetect;
  const PANEL_ID = "remembrancer-autofill-panel";
  let form = null; // {nonce, elements: Map(key -> element)}
  let dismissed = false;

  function nonce() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function scan() {
    if (dismissed) return;
    const found = detect.findFields(document);
    if (!found.length) {
      removePanel();
      form = null;
      return;
    }
    const keys = found.map((f) => f.key).join("\n");
    if (form && form.keys === keys) return; // the same form: nothing to tell
    form = { nonce: nonce(), keys, elements: new Map(found.map((f) => [f.key, f.element])) };
    await api.runtime.sendMessage({
      type: "form",
      nonce: form.nonce,
      fields: found.map((f) => ({ ...f.field, kind: f.kind })),
    });
    showPanel(form.nonce);
  }

  function showPanel(id) {
    removePanel();
    const frame = document.createElement("iframe");
    frame.id = PANEL_ID;
    frame.src = api.runtime.getURL(`panel.html#${id}`);
    frame.title = "Remembrancer autofill";
    Object.assign(frame.style, {
      position: "fixed", right: "16px", bottom: "16px", width: "360px", height: "320px",
      border: "1px solid #c7c7d1", borderRadius: "10px", boxShadow: "0 6px 24px rgba(0,0,0,.18)",
      zIndex: "2147483647", background: "#fff", colorScheme: "light",
    });
    document.documentElement.appendChild(frame);
  }

  function removePanel() {
    document.getElementById(PANEL_ID)?.remove();
  }

  function setValue(el, value) {
    if (el.tagName === "SELECT") {
      const wanted = String(value).trim().toLowerCase();
      const option = Array.from(el.options).find(
        (o) => o.value.toLowerCase() === wanted || o.textContent.trim().toLowerCase() === wanted,
      );
      if (!option) return false;
      el.value = option.value;
    } else {
      // The prototype's setter, so frameworks that wrap `value` (React) see the change.
      const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
    }
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function fill(values) {
    const filled = [];
    for (const [key, value] of Object.entries(values)) {
      const el = form?.elements.get(key);
      if (!el || !el.isConnected) continue;
      // Checked again at fill time: a page may have turned the field into a password box since.
      if (detect.sensitiveReason(detect.describe(el, document))) continue;
      if (el.tagName === "INPUT" && ["password", "hidden"].includes((el.type || "").toLowerCase())) continue;
      if (setValue(el, value)) filled.push(key);
    }
    return filled;
  }

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !form || message.nonce !== form.nonce) return false;
    if (message.type === "fill") {
      sendResponse({ filled: fill(message.values || {}) });
    } else if (message.type === "close") {
      dismissed = true;
      removePanel();
      sendResponse({ closed: true });
    }
    return false;
  });

  let timer = null;
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => scan().catch(() => {}), 600);
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan().catch(() => {});
})();
