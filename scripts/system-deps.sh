#!/bin/sh
# System packages the export tests need: LibreOffice (docx -> PDF), poppler (PDF -> PNG/text)
# and the Noto CJK fonts (Chinese glyphs). Installs only what is missing; idempotent.
# Run as root (or with sudo available). Used by `make test` before pytest.
set -eu

need=""
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 \
    || need="$need libreoffice-writer-nogui"
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    || need="$need poppler-utils"
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
    || need="$need fonts-noto-cjk"

if [ -z "$need" ]; then
    echo "system-deps: libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk already installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "system-deps: missing:$need — run this script as root (apt-get install)" >&2
    exit 1
fi

echo "system-deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086  # word splitting of the package list is intended
$sudo apt-get install -y -qq --no-install-recommends $need
