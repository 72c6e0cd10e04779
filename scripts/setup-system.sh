#!/usr/bin/env bash
# Installs the Debian packages the kiosk project needs for development, tests and `npm start`.
# Idempotent: packages already present are left alone and nothing is downloaded.
set -euo pipefail

PACKAGES=(
  chromium             # browser host shell + Playwright (playwright-core drives /usr/bin/chromium)
  socat                # pseudo-terminal pairs for driver tests against device simulators
  cups                 # system spooler for A4 printing
  printer-driver-cups-pdf  # a real CUPS queue that prints to PDF files
  libusb-1.0-0         # node-hid / USB devices
  libudev-dev          # node-hid builds against hidraw/udev when no prebuild fits
  xvfb                 # a display for headed browser runs
  fonts-noto-cjk       # Chinese glyphs for screenshots and receipt rendering
  fonts-noto-color-emoji  # the category icons
  python3 make g++     # node-gyp builds of native modules
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup-system: done"
