#!/bin/sh
# Installe SP+ Desk depuis l'archive décompressée (ce dossier).
#   ./install.sh               pour l'utilisateur courant (~/.local), sans droits d'administrateur
#   sudo ./install.sh --system  pour tous les utilisateurs du poste (/opt, /usr/local)
#   ./install.sh --uninstall   (ou --system --uninstall) retire le programme ;
#                              les données, journaux et sauvegardes restent en place.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SCOPE=user
ACTION=install
for arg in "$@"; do
    case "$arg" in
        --system) SCOPE=system ;;
        --uninstall) ACTION=uninstall ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "Option inconnue : $arg (voir --help)" >&2; exit 2 ;;
    esac
done

if [ "$SCOPE" = system ]; then
    PROGRAM_DIR=/opt/spplus-desk
    BIN_DIR=/usr/local/bin
    SHARE_DIR=/usr/local/share
else
    PROGRAM_DIR="$HOME/.local/opt/spplus-desk"
    BIN_DIR="$HOME/.local/bin"
    SHARE_DIR="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
DESKTOP="$SHARE_DIR/applications/fr.spplus.Desk.desktop"
METAINFO="$SHARE_DIR/metainfo/fr.spplus.Desk.metainfo.xml"
ICON="$SHARE_DIR/icons/hicolor/scalable/apps/spplus-desk.svg"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE_DIR/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$SHARE_DIR/icons/hicolor" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
    rm -rf "$PROGRAM_DIR"
    rm -f "$BIN_DIR/spplus-desk" "$DESKTOP" "$METAINFO" "$ICON"
    refresh_menus
    echo "SP+ Desk est désinstallé. Les données n'ont pas été touchées."
    exit 0
fi

if [ "$HERE" != "$PROGRAM_DIR" ]; then
    rm -rf "$PROGRAM_DIR.nouveau"
    mkdir -p "$(dirname "$PROGRAM_DIR")"
    cp -a "$HERE" "$PROGRAM_DIR.nouveau"
    rm -rf "$PROGRAM_DIR"  # an earlier version: replaced whole, never mixed
    mv "$PROGRAM_DIR.nouveau" "$PROGRAM_DIR"
fi
mkdir -p "$BIN_DIR" "$(dirname "$DESKTOP")" "$(dirname "$METAINFO")" "$(dirname "$ICON")"
ln -sf "$PROGRAM_DIR/spplus-desk" "$BIN_DIR/spplus-desk"
# The menu entry names the program by its full path: ~/.local/bin is not always on the
# desktop session's PATH.
sed "s|^Exec=spplus-desk|Exec=\"$PROGRAM_DIR/spplus-desk\"|" \
    "$HERE/share/applications/fr.spplus.Desk.desktop" > "$DESKTOP"
cp "$HERE/share/metainfo/fr.spplus.Desk.metainfo.xml" "$METAINFO"
cp "$HERE/share/icons/hicolor/scalable/apps/spplus-desk.svg" "$ICON"
refresh_menus
echo "SP+ Desk est installé dans $PROGRAM_DIR (menu : Bureautique › SP+ Desk)."
echo "Commande : $BIN_DIR/spplus-desk"
