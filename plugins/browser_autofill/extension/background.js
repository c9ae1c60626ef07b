/*
 * The extension's link to Remembrancer: one native messaging port to
 * `remembrancer-browser-host`, the pairing key, and the forms the pages found.
 *
 * Content scripts report forms (field descriptions only, never values); the
 * panel (an extension page) asks for suggestions and confirms fills. The site
 * of a form is taken from the sender, never from what a page claims.
 * Suggestions are kept in `storage.session` (memory only) until the panel
 * closes or the user fills.
 */
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const HOST = "org.remembrancer.browser_host";
const TIMEOUT_MS = 30000;

let port = null;
let nextId = 1;
const pending = new Map();

function connect() {
  port = api.runtime.connectNative(HOST);
  port.onMessage.addListener((reply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return; // an error about a frame we never sent: nothing waits for it
    pending.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.ok) waiting.resolve(reply);
    else waiting.reject(Object.assign(new Error(reply.error?.message || "Remembrancer refused"), { code: reply.error?.code }));
  });
  port.onDisconnect.addListener(() => {
    const reason = api.runtime.lastError?.message || "the Remembrancer host stopped";
    for (const waiting of pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(Object.assign(new Error(reason), { code: "no_host" }));
    }
    pending.clear();
    port = null;
  });
}

function ask(message) {
  if (!port) connect();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(Object.assign(new Error("Remembrancer did not answer in time"), { code: "timeout" }));
    }, TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    port.postMessage({ ...message, id });
  });
}

async function pairingKey() {
  const stored = await api.storage.local.get("pairingKey");
  if (stored.pairingKey) return stored.pairingKey;
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  const key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  await api.storage.local.set({ pairingKey: key });
  return key;
}

function browserName() {
  const agent = navigator.userAgent;
  if (agent.includes("Firefox/")) return "Firefox";
  if (agent.includes("Edg/")) return "Edge";
  return agent.includes("Chrome/") ? "Chromium" : "browser";
}

async function formOf(nonce) {
  const stored = await api.storage.session.get(`form:${nonce}`);
  const form = stored[`form:${nonce}`];
  if (!form) throw Object.assign(new Error("this form is gone; reload the page"), { code: "no_form" });
  return form;
}

/** Paired: ask for suggestions. Not yet: file a pairing request and return its code. */
async function suggest(nonce) {
  const form = await formOf(nonce);
  const key = await pairingKey();
  const hello = await ask({ type: "hello", key });
  if (!hello.paired) {
    const pairing = await ask({ type: "pair", key, browser: browserName() });
    if (pairing.status !== "paired") return { status: "pairing", code: pairing.code };
  }
  const fields = form.fields.map(({ kind, ...field }) => field);
  const reply = await ask({ type: "autofill", key, site: form.site, fields });
  const labels = Object.fromEntries(form.fields.map((f) => [f.id || f.name, f.label || f.placeholder || f.name || f.id]));
  form.suggestions = reply.suggestions;
  await api.storage.session.set({ [`form:${nonce}`]: form });
  return { status: "ok", site: form.site, suggestions: reply.suggestions.map((s) => ({ ...s, label: labels[s.field] || s.field })) };
}

async function isPaired() {
  const hello = await ask({ type: "hello", key: await pairingKey() });
  return { paired: hello.paired };
}

async function fill(nonce, accepted) {
  const form = await formOf(nonce);
  const offered = (form.suggestions || []).filter((s) => s.value);
  const values = Object.fromEntries(offered.filter((s) => accepted.includes(s.field)).map((s) => [s.field, s.value]));
  const result = await api.tabs.sendMessage(form.tabId, { type: "fill", nonce, values }, { frameId: form.frameId });
  const filled = result?.filled || [];
  const declined = offered.map((s) => s.field).filter((f) => !filled.includes(f));
  await ask({ type: "filled", key: await pairingKey(), site: form.site, accepted: filled, declined });
  await api.storage.session.remove(`form:${nonce}`);
  return { filled };
}

async function close(nonce) {
  const form = await formOf(nonce);
  await api.storage.session.remove(`form:${nonce}`);
  await api.tabs.sendMessage(form.tabId, { type: "close", nonce }, { frameId: form.frameId });
  return { closed: true };
}

async function handle(message, sender) {
  const fromPage = sender.tab && sender.url && !sender.url.startsWith(api.runtime.getURL(""));
  if (message.type === "form" && fromPage) {
    const site = new URL(sender.url).origin;
    const form = { site, tabId: sender.tab.id, frameId: sender.frameId ?? 0, fields: (message.fields || []).slice(0, 200) };
    await api.storage.session.set({ [`form:${message.nonce}`]: form });
    return { ok: true };
  }
  if (fromPage) throw new Error("pages may only report forms");
  switch (message.type) {
    case "status": return isPaired();
    case "suggest": return suggest(message.nonce);
    case "fill": return fill(message.nonce, message.accepted || []);
    case "close": return close(message.nonce);
    case "forget-pairing": await api.storage.local.remove("pairingKey"); return { forgotten: true };
    default: throw new Error(`unknown request ${message.type}`);
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id) return false;
  handle(message, sender).then(
    (result) => sendResponse({ ok: true, ...result }),
    (error) => sendResponse({ ok: false, code: error.code || "error", message: error.message }),
  );
  return true; // answers asynchronously
});
