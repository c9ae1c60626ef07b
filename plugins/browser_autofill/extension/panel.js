/*
 * The in-page panel (an extension page, so the page cannot read it): asks for
 * suggestions, shows each value with its source and confidence, and fills only
 * the ticked fields after the user presses Fill.
 */
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const nonce = location.hash.slice(1);
const $ = (id) => document.getElementById(id);
const POLL_MS = 1500;

function show(section) {
  for (const id of ["intro", "pairing", "suggestions", "message"]) $(id).hidden = id !== section;
}

function message(text) {
  $("message-text").textContent = text;
  show("message");
}

async function call(request) {
  const reply = await api.runtime.sendMessage({ ...request, nonce });
  if (!reply?.ok) throw Object.assign(new Error(reply?.message || "no answer"), { code: reply?.code });
  return reply;
}

function renderRows(suggestions) {
  const rows = $("rows");
  rows.replaceChildren();
  for (const s of suggestions) {
    const li = document.createElement("li");
    li.dataset.field = s.field;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = Boolean(s.value);
    box.disabled = !s.value;
    box.setAttribute("aria-label", `fill ${s.label}`);
    const value = document.createElement("div");
    const label = document.createElement("div");
    label.textContent = s.label;
    value.append(label);
    const meta = document.createElement("div");
    meta.className = "meta";
    if (s.value) {
      const text = document.createElement("div");
      text.className = "value";
      text.textContent = s.value;
      value.append(text);
      // Where the value comes from as a sentence and a day ("you said on 1 Mar 2024: “…”"), never raw ids.
      const origin = s.provenance?.length ? s.provenance[0] : s.reason || "from memory";
      meta.textContent = `${Math.round(s.confidence * 100)}% · ${origin}`;
      if (s.provenance?.length > 1) meta.title = s.provenance.join("\n");
    } else {
      li.classList.add("empty");
      meta.textContent = s.reason || "nothing in memory";
    }
    li.append(box, value, meta);
    rows.append(li);
  }
  $("fill").disabled = !suggestions.some((s) => s.value);
}

async function suggest() {
  $("suggest").disabled = true;
  try {
    const reply = await call({ type: "suggest" });
    if (reply.status === "pairing") {
      $("pair-code").textContent = reply.code;
      $("pair-code-cli").textContent = reply.code;
      show("pairing");
      setTimeout(waitForPairing, POLL_MS);
      return;
    }
    renderRows(reply.suggestions);
    show("suggestions");
  } catch (error) {
    message(explain(error));
  }
}

async function waitForPairing() {
  try {
    const status = await call({ type: "status" });
    if (status.paired) return suggest();
  } catch (error) {
    return message(explain(error));
  }
  setTimeout(waitForPairing, POLL_MS);
}

function explain(error) {
  if (error.code === "no_host") return "Remembrancer is not installed for this browser. Run `remembrancer browser install`.";
  if (error.code === "unpaired") return "This browser is no longer paired. Close and try again to pair.";
  return `Remembrancer: ${error.message}`;
}

async function fill() {
  const accepted = Array.from($("rows").querySelectorAll("li"))
    .filter((li) => li.querySelector("input").checked)
    .map((li) => li.dataset.field);
  try {
    const reply = await call({ type: "fill", accepted });
    message(`Filled ${reply.filled.length} field${reply.filled.length === 1 ? "" : "s"}.`);
  } catch (error) {
    message(explain(error));
  }
}

$("suggest").addEventListener("click", suggest);
$("fill").addEventListener("click", fill);
for (const id of ["close", "cancel"]) $(id).addEventListener("click", () => call({ type: "close" }).catch(() => {}));
