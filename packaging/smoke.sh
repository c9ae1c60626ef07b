#!/usr/bin/env bash
# Smoke-test the desktop bundle against the source install.
#
#   bash packaging/smoke.sh              # build (incrementally), then test
#   bash packaging/smoke.sh --no-build   # test the bundle already in dist/
#
# Checks, each printed as ok/FAIL:
#   1. `remembrancer --version` from the bundle matches the source install;
#   2. the bundle imports packaging/smoke/chat.jsonl into a fresh data dir;
#   3. its `recall --json --no-reinforce` over packaging/smoke/queries.txt equals
#      the source install's on the same data, same clock, same (real) embedder;
#      and `ask` is answered by the bundled GGUF through the bundled llama.cpp;
#   4. the desktop app starts offscreen, runs ~5 s, opens the store (loading the bundled
#      embedding model) and is closed without a crash trace or an error in its log;
#   5. the browser host (when bundled) starts and exits cleanly on end of input.
# Everything runs in a temporary folder with its own HOME/XDG dirs, offline.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py="${PYTHON:-$root/.venv/bin/python}"
bundle="$root/dist/remembrancer"
exe="$bundle/remembrancer"
host="$bundle/remembrancer-browser-host"
fixture="$root/packaging/smoke/chat.jsonl"
queries="$root/packaging/smoke/queries.txt"
gui_seconds="${SMOKE_GUI_SECONDS:-5}"

if [[ "${1:-}" != "--no-build" ]]; then
    bash "$root/packaging/build.sh" || { echo "smoke.sh: the build failed" >&2; exit 1; }
fi
[[ -x "$exe" ]] || { echo "smoke.sh: no bundle at $exe (run packaging/build.sh)" >&2; exit 2; }

work="$(mktemp -d -t remembrancer-smoke.XXXXXX)"
gui_pid=""
cleanup() { [[ -n "$gui_pid" ]] && kill -9 "$gui_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Same inputs on both sides: real embedder, fixed clock, isolated user dirs, no network.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data-home" XDG_CACHE_HOME="$work/cache"
export REMEMBRANCER_EMBEDDER=minilm REMEMBRANCER_NOW="2024-06-01T12:00:00+00:00" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
unset REMEMBRANCER_HOME REMEMBRANCER_EXTRACTOR
# the stores are encrypted; a build machine has no keyring, so a passphrase gives the key (as scripts do)
export REMEMBRANCER_PASSPHRASE="${REMEMBRANCER_PASSPHRASE:-remembrancer-smoke}"
mkdir -p "$HOME"

failures=0
results=()
step() {  # step NAME STATUS DETAIL
    printf '  %-4s %-28s %s\n' "$2" "$1" "$3"
    results+=("{\"check\": \"$1\", \"status\": \"$2\"}")
    [[ $2 == ok || $2 == skip ]] || failures=$((failures + 1))
}
# The bundle runs from the scratch folder, so nothing can come from the source tree by accident.
frozen() { (cd "$work" && exec "$exe" "$@"); }
no_trace() { ! grep -qE "Traceback|Segmentation fault|core dumped|Fatal Python error|Aborted" "$1"; }

echo "smoke test of $bundle (work dir $work)"

# 1. version
frozen_version="$(frozen --version 2>"$work/version.err")"
source_version="$("$py" -m remembrancer.app.cli.main --version 2>/dev/null)"
if [[ -n "$frozen_version" && "$frozen_version" == "$source_version" ]]; then
    step version ok "$frozen_version"
else
    step version FAIL "bundle '$frozen_version' vs source '$source_version' $(head -c 300 "$work/version.err")"
fi

# 2. import with the bundle, and with the source install into a second data dir
t0=$(date +%s)
if frozen --data-dir "$work/frozen" import "$fixture" --json >"$work/frozen-import.json" 2>"$work/frozen-import.err"; then
    step "import (bundle)" ok "$(( $(date +%s) - t0 ))s, $(tr -d '\n ' <"$work/frozen-import.json" | head -c 120)"
else
    step "import (bundle)" FAIL "$(tail -5 "$work/frozen-import.err")"
fi
"$py" -m remembrancer.app.cli.main --data-dir "$work/source" import "$fixture" --json >"$work/source-import.json" 2>"$work/source-import.err" \
    || echo "  (the source install's import failed: $(tail -3 "$work/source-import.err"))"

# 3. recall: same items, same order, same scores
recall=(recall --queries-file "$queries" --k 5 --json --no-reinforce)
frozen --data-dir "$work/frozen" "${recall[@]}" >"$work/frozen-recall.jsonl" 2>"$work/frozen-recall.err"
frozen_rc=$?
"$py" -m remembrancer.app.cli.main --data-dir "$work/source" "${recall[@]}" >"$work/source-recall.jsonl" 2>"$work/source-recall.err"
if [[ $frozen_rc -ne 0 ]]; then
    step "recall = source" FAIL "bundle exit $frozen_rc: $(tail -5 "$work/frozen-recall.err")"
elif compare="$("$py" "$root/packaging/smoke_compare.py" "$work/frozen-recall.jsonl" "$work/source-recall.jsonl")"; then
    step "recall = source" ok "$compare"
else
    step "recall = source" FAIL "$compare"
fi

# 3b. the local model: llama.cpp's libraries and the GGUF from the bundle (nothing assembled in the cache)
if frozen --data-dir "$work/frozen" ask "Where does Caroline live?" --json >"$work/ask.json" 2>"$work/ask.err"; then
    ask_state="$("$py" -c 'import json, sys; a = json.load(open(sys.argv[1])); print(("degraded: " + str(a.get("note"))) if a.get("degraded") else "answered by " + str(a.get("model")) + ": " + a["answer"][:60])' "$work/ask.json" 2>&1)"
    assembled="$(find "$XDG_CACHE_HOME" -name '*.gguf' 2>/dev/null | head -1)"
    if [[ "$ask_state" == answered* && -z "$assembled" ]]; then
        step "local model (ask)" ok "$ask_state"
    else
        step "local model (ask)" FAIL "$ask_state ${assembled:+(assembled a copy at $assembled)}"
    fi
else
    step "local model (ask)" FAIL "$(tail -5 "$work/ask.err")"
fi

# 4. the desktop app, offscreen, for a few seconds; then up to 90 s more for its
#    worker to open the store (which loads the embedding model from the bundle)
gui_log="$work/gui/logs/remembrancer.log"
(cd "$work" && QT_QPA_PLATFORM=offscreen exec "$exe" --data-dir "$work/gui") >"$work/gui.out" 2>"$work/gui.err" &
gui_pid=$!
sleep "$gui_seconds"
for _ in $(seq 90); do
    grep -q "memory open at" "$gui_log" 2>/dev/null && break
    kill -0 "$gui_pid" 2>/dev/null || break
    sleep 1
done
if kill -0 "$gui_pid" 2>/dev/null; then
    kill -TERM "$gui_pid"
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$gui_pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$gui_pid" 2>/dev/null && kill -9 "$gui_pid"
    wait "$gui_pid" 2>/dev/null
    gui_state="ran ${gui_seconds}s, then closed by SIGTERM"
else
    wait "$gui_pid"
    gui_rc=$?
    gui_state="exited by itself with code $gui_rc"
    [[ $gui_rc -eq 0 ]] || gui_state="FAILED: $gui_state"
fi
gui_pid=""
if [[ "$gui_state" != FAILED* ]] && no_trace "$work/gui.err" && grep -q "GUI started" "$gui_log" 2>/dev/null \
        && grep -q "memory open at" "$gui_log" && ! grep -q " ERROR " "$gui_log"; then
    step "GUI offscreen" ok "$gui_state; store opened with the bundled model"
else
    step "GUI offscreen" FAIL "$gui_state; $(tail -3 "$work/gui.err") $(grep -m3 -E "ERROR|Error" "$gui_log" 2>/dev/null)"
fi

# 5. the browser host: starts, reads end of input, exits without a trace
if [[ -x "$host" ]]; then
    (cd "$work" && exec timeout 60 "$host") </dev/null >"$work/host.out" 2>"$work/host.err"
    host_rc=$?
    if [[ $host_rc -eq 0 ]] && no_trace "$work/host.err"; then
        step "browser host" ok "exit 0 on end of input"
    else
        step "browser host" FAIL "exit $host_rc: $(tail -5 "$work/host.err")"
    fi
else
    step "browser host" skip "not in this bundle (no remembrancer-browser-host entry point when it was built)"
fi

mkdir -p "$root/build"
(IFS=,; echo "{\"failures\": $failures, \"checks\": [${results[*]}]}") >"$root/build/smoke-report.json"
if [[ $failures -eq 0 ]]; then echo "smoke test passed"; else echo "smoke test FAILED ($failures check(s))"; fi
exit $(( failures > 0 ))
