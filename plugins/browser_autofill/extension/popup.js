"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const status = document.getElementById("status");

api.runtime.sendMessage({ type: "status" }).then((reply) => {
  if (!reply?.ok) status.textContent = `Not connected: ${reply?.message || "no answer"}. Run \`remembrancer browser install\`.`;
  else status.textContent = reply.paired ? "Paired with Remembrancer." : "Not paired yet: use the panel on a form to pair.";
});

document.getElementById("forget").addEventListener("click", async () => {
  await api.runtime.sendMessage({ type: "forget-pairing" });
  status.textContent = "Pairing forgotten. Revoke it in the app too: `remembrancer browser pair --revoke ORIGIN`.";
});
