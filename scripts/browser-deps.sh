#!/bin/sh
# System packages the browser tests of the UI need: Debian's Chromium (driven by Python
# playwright with executable_path=/usr/bin/chromium — never `playwright install`) and the
# Noto CJK fonts (else Chinese renders as boxes). Installs only what is missing; idempotent.
# Run as root (or with sudo available).
set -eu

need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
    || need="$need fonts-noto-cjk"

if [ -z "$need" ]; then
    echo "browser-deps: chromium, fonts-noto-cjk already installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "browser-deps: missing:$need — run this script as root (apt-get install)" >&2
    exit 1
fi

echo "browser-deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086  # word splitting of the package list is intended
$sudo apt-get install -y -qq --no-install-recommends $need
