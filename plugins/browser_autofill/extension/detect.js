/*
 * Which form fields Remembrancer may offer to fill, and what each one asks for.
 *
 * Order of evidence, as browsers do it: the HTML `autocomplete` tokens first,
 * then the input type (email, tel), then the field's name, id, label and
 * placeholder. Password, one-time-code, payment-card and hidden fields are
 * skipped always: they are never described to the app and never filled.
 * Pure functions over the DOM, so the Python test suite can run them in Node.
 */
(function (root) {
  "use strict";

  const SKIP_TYPES = new Set([
    "password", "hidden", "file", "submit", "button", "reset", "image",
    "checkbox", "radio", "range", "color",
  ]);
  const NEVER_TOKENS = new Set(["new-password", "current-password", "one-time-code"]);
  const SENSITIVE_TEXT = new RegExp(
    "pass(?:word|wd|phrase|code)|\\bpass\\b|passwort|\\bpwd\\b|\\bpin\\b|\\botp\\b|one.?time|verification.?code|" +
    "\\b2fa\\b|security.?code|\\bcvc|\\bcvv|\\bcsc\\b|card.?(?:number|no|holder)|credit.?card|debit.?card|" +
    "\\bcc.?(?:num|number|exp|name)|expir|\\biban\\b|\\bssn\\b|social.?security|\\bsecret\\b",
    "i",
  );
  // Heuristic kinds, tried in order on name/id/label/placeholder.
  const KINDS = [
    ["given-name", /first.?name|given.?name|forename|\bfname\b|vorname|pr[eé]nom/i],
    ["family-name", /last.?name|family.?name|surname|\blname\b|nachname/i],
    ["email", /e.?mail/i],
    ["tel", /phone|mobile|\btel\b|telephone/i],
    ["postal-code", /\bzip|postal|post.?code/i],
    ["address-level2", /\bcity\b|\btown\b|locality/i],
    ["country", /\bcountry\b/i],
    ["street-address", /street|address.?line|\baddress\b/i],
    ["organization", /company|organi[sz]ation|employer/i],
    ["bday", /birth.?(?:day|date)|\bbday\b|\bdob\b/i],
    ["name", /full.?name|your.?name|^name$|\bname\b/i],
  ];
  const QUALIFIERS = new Set(["shipping", "billing", "home", "work", "mobile", "fax", "pager", "webauthn"]);

  /** The autofill field name an `autocomplete` value names ("" for none, on, off). */
  function autofillFieldName(autocomplete) {
    const tokens = String(autocomplete || "").toLowerCase().split(/\s+/).filter(Boolean);
    const named = tokens.filter((t) => !t.startsWith("section-") && !QUALIFIERS.has(t));
    const last = named[named.length - 1] || "";
    return last === "on" || last === "off" ? "" : last;
  }

  /** Why a described field must be skipped, or null when it may be offered. */
  function sensitiveReason(field) {
    const type = String(field.type || "text").toLowerCase();
    if (type === "password" || type === "hidden") return `${type} field`;
    const token = autofillFieldName(field.autocomplete);
    if (NEVER_TOKENS.has(token)) return `autocomplete ${token}`;
    if (token.startsWith("cc-")) return "payment card field";
    for (const text of [field.name, field.id, field.label, field.placeholder]) {
      if (text && SENSITIVE_TEXT.test(text)) return "sensitive field";
    }
    return null;
  }

  /** What a described field asks for (an autocomplete field name), or "" when unknown. */
  function kindOf(field) {
    const token = autofillFieldName(field.autocomplete);
    if (token) return token;
    const type = String(field.type || "").toLowerCase();
    if (type === "email" || type === "tel") return type;
    for (const [kind, pattern] of KINDS) {
      for (const text of [field.name, field.id, field.label, field.placeholder]) {
        if (text && pattern.test(text)) return kind;
      }
    }
    return "";
  }

  function labelOf(el, doc) {
    const aria = el.getAttribute("aria-label");
    if (aria) return aria.trim();
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const text = by.split(/\s+/).map((id) => doc.getElementById(id)).filter(Boolean).map((n) => n.textContent).join(" ");
      if (text.trim()) return text.trim();
    }
    if (el.id) {
      for (const label of doc.querySelectorAll("label[for]")) {
        if (label.htmlFor === el.id) return label.textContent.trim();
      }
    }
    const wrapping = el.closest && el.closest("label");
    return wrapping ? wrapping.textContent.trim() : "";
  }

  /** The FormField JSON of an element (what the app's engine reads). */
  function describe(el, doc) {
    return {
      id: el.id || "",
      name: el.getAttribute("name") || "",
      label: labelOf(el, doc).slice(0, 200),
      placeholder: (el.getAttribute("placeholder") || "").slice(0, 200),
      type: el.tagName === "SELECT" ? "select" : el.tagName === "TEXTAREA" ? "textarea" : (el.getAttribute("type") || "text").toLowerCase(),
      autocomplete: el.getAttribute("autocomplete") || "",
    };
  }

  function visible(el) {
    if (el.disabled || el.readOnly) return false;
    if (typeof el.getClientRects !== "function") return true;
    return el.getClientRects().length > 0;
  }

  /**
   * The fields worth offering on this page: [{element, field, kind}], each with a
   * unique key (its id, else its name, else a generated one) in `field.id`/`field.name`.
   */
  function findFields(doc) {
    const found = [];
    const keys = new Set();
    let counter = 0;
    for (const el of doc.querySelectorAll("input, select, textarea")) {
      const type = (el.getAttribute("type") || "text").toLowerCase();
      if (el.tagName === "INPUT" && SKIP_TYPES.has(type)) continue;
      if (!visible(el)) continue;
      const field = describe(el, doc);
      if (sensitiveReason(field)) continue;
      const kind = kindOf(field);
      if (!kind) continue;
      let key = field.id || field.name;
      if (!key || keys.has(key)) {
        key = `rmb-field-${++counter}`;
        field.id = key;
      }
      keys.add(key);
      found.push({ element: el, field, kind, key });
    }
    return found;
  }

  const api = { autofillFieldName, sensitiveReason, kindOf, describe, findFields };
  root.RemembrancerDetect = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
