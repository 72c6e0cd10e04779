#!/usr/bin/env bash
# Installs the Debian packages the kiosk project needs for development, tests and `npm start` (PostgreSQL for
# the hub's tests included), and makes sure the CUPS scheduler runs with the kiosk's A4 queue. Idempotent: what is already there is left alone.
set -euo pipefail

PACKAGES=(
  chromium             # browser host shell + Playwright (playwright-core drives /usr/bin/chromium)
  socat                # pseudo-terminal pairs for driver tests against device simulators
  cups                 # system spooler for A4 printing
  printer-driver-cups-pdf  # a real CUPS queue that prints to PDF files
  poppler-utils        # pdftotext, to check what came out of the PDF queue
  libusb-1.0-0         # node-hid / USB devices
  libudev-dev          # node-hid builds against hidraw/udev when no prebuild fits
  xvfb                 # a display for headed browser runs
  fonts-noto-cjk       # Chinese glyphs for screenshots, receipts and A4 documents
  fonts-noto-color-emoji  # the category icons
  espeak-ng            # spoken prompts (Mandarin, Cantonese, English) where the browser has no voice
  opus-tools           # opusenc: the prompts shipped with the app (npm run build:voice) as small Ogg Opus files
  python3 make g++     # node-gyp builds of native modules
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# PostgreSQL for the hub's production database and its tests (the test setup makes its own throw-away cluster
# on 127.0.0.1). Debian's postgresql package would also create and start a "main" cluster nobody here uses:
# postgresql-common goes in first, told not to.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup-system: installing PostgreSQL (no default cluster)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-common
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | $SUDO tee /etc/postgresql-common/createcluster.d/no-main-cluster.conf >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends postgresql
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#PACKAGES[@]} packages present"
else
  echo "setup-system: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# CUPS must be running (a container has no init system to start it) and have the PDF queue kiosk-a4, which
# the default config prints A4 documents to. `lpstat -r` exits 0 even when the scheduler is down, so read
# what it says.
cups_running() { lpstat -r 2>/dev/null | grep -q 'scheduler is running'; }
if ! cups_running; then
  echo "setup-system: starting the CUPS scheduler"
  if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    $SUDO systemctl start cups
  else
    $SUDO cupsd
  fi
  for _ in $(seq 1 50); do
    if cups_running; then break; fi
    sleep 0.1
  done
  if ! cups_running; then echo "setup-system: the CUPS scheduler did not start" >&2; exit 1; fi
fi
if ! lpstat -p kiosk-a4 >/dev/null 2>&1; then
  $SUDO lpadmin -p kiosk-a4 -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd
  echo "setup-system: created the CUPS queue kiosk-a4 (it writes PDF files to ~/PDF of the printing user)"
fi
# cups-pdf takes PostScript; the default PDF→PS conversion turns CJK fonts into outlines with no text left
# in the resulting PDF. Poppler's cairo renderer keeps the text, so the output can be read back.
$SUDO lpadmin -p kiosk-a4 -o pdftops-renderer-default=pdftocairo
echo "setup-system: done"
