#!/usr/bin/env bash
# Put a built bundle in the user's application menu (no root needed).
#
#   bash packaging/linux/install.sh [BUNDLE_DIR]     # default: dist/remembrancer
#   bash packaging/linux/install.sh --uninstall
#
# Installs the menu entry into $XDG_DATA_HOME/applications (default
# ~/.local/share/applications) with Exec pointing at the bundle, and the icons
# into the hicolor theme there. The bundle itself stays where it is: move it
# first (e.g. to ~/.local/opt/remembrancer), then run this.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data_home/applications"
icons="$data_home/icons/hicolor"
sizes="16 32 48 64 128 256 512"

refresh() {
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
}

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -f "$apps/remembrancer.desktop" "$icons/scalable/apps/remembrancer.svg"
    for s in $sizes; do rm -f "$icons/${s}x${s}/apps/remembrancer.png"; done
    refresh
    echo "removed the Remembrancer menu entry and icons from $data_home"
    exit 0
fi

bundle="$(cd "${1:-$root/dist/remembrancer}" 2>/dev/null && pwd)" || { echo "install.sh: no bundle at ${1:-$root/dist/remembrancer}; build it with packaging/build.sh" >&2; exit 2; }
exe="$bundle/remembrancer"
[[ -x "$exe" ]] || { echo "install.sh: $exe is not an executable bundle" >&2; exit 2; }
# Exec quoting (desktop entry spec): we double-quote the path; these characters would need escapes too.
if [[ "$exe" == *[\"\`\$\\%]* ]]; then
    echo "install.sh: the bundle path $exe contains one of \" \` \$ \\ %; move the bundle to a plainer path" >&2
    exit 2
fi
res="$bundle/_internal/resources"

mkdir -p "$apps" "$icons/scalable/apps"
install -m 644 "$res/remembrancer.svg" "$icons/scalable/apps/remembrancer.svg"
for s in $sizes; do
    mkdir -p "$icons/${s}x${s}/apps"
    install -m 644 "$res/icons/${s}x${s}/remembrancer.png" "$icons/${s}x${s}/apps/remembrancer.png"
done
sed "s|^Exec=remembrancer\$|Exec=\"$exe\"|" "$here/remembrancer.desktop" > "$apps/remembrancer.desktop.tmp"
mv "$apps/remembrancer.desktop.tmp" "$apps/remembrancer.desktop"
refresh
echo "installed the Remembrancer menu entry ($apps/remembrancer.desktop) for $exe"
