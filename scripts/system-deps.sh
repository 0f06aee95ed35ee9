#!/bin/sh
# Debian packages the tests and the product use, installed only when missing (idempotent):
#   libreoffice-writer-nogui  docx -> PDF export; reading .doc/.wps/.rtf/.odt reports (-> docx)
#   poppler-utils             PDF -> PNG/text (export tests, README images, scanned-PDF tests)
#   fonts-noto-cjk            Chinese glyphs in PDFs and in the browser
#   chromium                  headless browser for the UI tests (driven by Python playwright with
#                             executable_path=/usr/bin/chromium — never `playwright install`)
#   postgresql                the db tests start their own throw-away server (initdb/pg_ctl from
#                             /usr/lib/postgresql/*/bin, run as the `postgres` account when root)
# Run as root (or with sudo available). Used by `make test` before pytest.
set -eu

need=""
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 \
    || need="$need libreoffice-writer-nogui"
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    || need="$need poppler-utils"
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
    || need="$need fonts-noto-cjk"
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    || need="$need postgresql"

if [ -z "$need" ]; then
    echo "system-deps: libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk, chromium, postgresql already installed"
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
