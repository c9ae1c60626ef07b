#!/usr/bin/env bash
# Qt's X11 backend needs a few system libraries that pip cannot install.
# On Debian/Ubuntu, install the missing ones (as root) or say which are missing.
set -uo pipefail
[ "$(uname -s)" = "Linux" ] || exit 0
[ "${QT_QPA_PLATFORM:-}" = "offscreen" ] && exit 0
needed=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libegl1 libfontconfig1 libdbus-1-3)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing the system libraries Qt needs: ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "Qt needs these system libraries: sudo apt-get install ${missing[*]}" >&2
fi
