#!/usr/bin/env bash
# Set up on first use, then run the whole test suite (Qt tests offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec "${REMEMBRANCER_VENV:-.venv}/bin/python" -m pytest -q "$@"
