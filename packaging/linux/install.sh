#!/bin/sh
# Installe SP+ Desk depuis l'archive décompressée (ce dossier).
#   ./install.sh               pour l'utilisateur courant (~/.local), sans droits d'administrateur
#   sudo ./install.sh --system  pour tous les utilisateurs du poste (/opt, /usr/local)
#   ./install.sh --uninstall   (ou --system --uninstall) retire le programme ;
#                              les données, journaux et sauvegardes restent en place.
#   DESTDIR=/chemin ./install.sh --system   prépare la même installation sous /chemin.
set -eu

HERE=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
SCOPE=user
ACTION=install
for arg in "$@"; do
    case "$arg" in
        --system) SCOPE=system ;;
        --uninstall) ACTION=uninstall ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "Option inconnue : $arg (voir --help)" >&2; exit 2 ;;
    esac
done

DESTDIR=${DESTDIR:-}
if [ "$SCOPE" = system ]; then
    if [ -z "$DESTDIR" ] && [ "$(id -u)" != 0 ]; then
        echo "--system demande les droits d'administrateur : sudo $0 $*" >&2
        exit 1
    fi
    umask 022  # every user of the workstation reads the program and its menu entry
    INSTALLED_DIR=/opt/spplus-desk  # where it runs from, as the menu entry names it
    PROGRAM_DIR="$DESTDIR$INSTALLED_DIR"
    BIN_DIR="$DESTDIR/usr/local/bin"
    SHARE_DIR="$DESTDIR/usr/local/share"
else
    INSTALLED_DIR="$HOME/.local/opt/spplus-desk"
    PROGRAM_DIR="$INSTALLED_DIR"
    BIN_DIR="$HOME/.local/bin"
    SHARE_DIR="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
DESKTOP="$SHARE_DIR/applications/fr.spplus.Desk.desktop"
METAINFO="$SHARE_DIR/metainfo/fr.spplus.Desk.metainfo.xml"
ICON="$SHARE_DIR/icons/hicolor/scalable/apps/spplus-desk.svg"

refresh_menus() {
    [ -z "$DESTDIR" ] || return 0  # a staged install: the package's scripts do it
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE_DIR/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$SHARE_DIR/icons/hicolor" 2>/dev/null || true
}

# A portable copy keeps its database in donnees/ beside the program: never delete it.
if [ -d "$PROGRAM_DIR/donnees" ]; then
    echo "Le dossier $PROGRAM_DIR contient des données (donnees/, mode portable) :" \
        "déplacez-les avant de réinstaller ou de désinstaller. Rien n'a été modifié." >&2
    exit 1
fi

if [ "$ACTION" = uninstall ]; then
    rm -rf "$PROGRAM_DIR" "$PROGRAM_DIR.nouveau"
    rm -f "$BIN_DIR/spplus-desk" "$DESKTOP" "$METAINFO" "$ICON"
    refresh_menus
    echo "SP+ Desk est désinstallé. Les données n'ont pas été touchées."
    exit 0
fi

if [ "$HERE" != "$PROGRAM_DIR" ]; then
    rm -rf "$PROGRAM_DIR.nouveau"
    mkdir -p "$(dirname "$PROGRAM_DIR")"
    # Copied, not cp -a: the copy belongs to whoever installs (root for --system), never
    # to the account that unpacked the archive, which could otherwise change the program
    # every user of the workstation runs.
    cp -RP "$HERE" "$PROGRAM_DIR.nouveau"
    # Installed from a portable copy: its data and its marker stay with it.
    rm -rf "$PROGRAM_DIR.nouveau/donnees" "$PROGRAM_DIR.nouveau/portable.txt"
    if [ "$SCOPE" = system ]; then
        chmod -R u+rwX,go+rX,go-w "$PROGRAM_DIR.nouveau"
    fi
    rm -rf "$PROGRAM_DIR"  # an earlier version: replaced whole, never mixed
    mv "$PROGRAM_DIR.nouveau" "$PROGRAM_DIR"
fi
mkdir -p "$BIN_DIR" "$(dirname "$DESKTOP")" "$(dirname "$METAINFO")" "$(dirname "$ICON")"
ln -sf "$INSTALLED_DIR/spplus-desk" "$BIN_DIR/spplus-desk"
# The menu entry names the program by its full path: ~/.local/bin is not always on the
# desktop session's PATH.
sed "s|^Exec=spplus-desk|Exec=\"$INSTALLED_DIR/spplus-desk\"|" \
    "$HERE/share/applications/fr.spplus.Desk.desktop" > "$DESKTOP"
cp "$HERE/share/metainfo/fr.spplus.Desk.metainfo.xml" "$METAINFO"
cp "$HERE/share/icons/hicolor/scalable/apps/spplus-desk.svg" "$ICON"
refresh_menus
echo "SP+ Desk est installé dans $PROGRAM_DIR (menu : Bureautique › SP+ Desk)."
echo "Commande : $BIN_DIR/spplus-desk"
