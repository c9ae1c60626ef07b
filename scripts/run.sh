#!/usr/bin/env bash
# Set up on first use, then start Remembrancer (the desktop app when given no
# arguments; any arguments are passed to the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ $# -eq 0 ]; then
    bash scripts/qt-system-libs.sh
fi
exec "${REMEMBRANCER_VENV:-.venv}/bin/remembrancer" "$@"
