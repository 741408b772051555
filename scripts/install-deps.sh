#!/bin/sh
# install-deps.sh - install the Debian packages xinyong needs to build, run and test.
# Idempotent: installs only what is missing, so `make run` / `make test` call it every time.
set -eu

PKGS="build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
libsqlite3-dev sqlite3 libjansson-dev libcsv-dev libutf8proc-dev libssl-dev
libcmocka-dev libmicrohttpd-dev libopencc-dev libopencc-data python3 bc time clang-format curl
chromium fonts-wqy-microhei nodejs
libzip-dev libexpat1-dev libxlsxwriter-dev
libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk poppler-utils"
# libopencc-data holds t2s.json and its dictionaries (traditional to simplified for name
# matching, src/service/t2s.c).
# libzip, expat and libxlsxwriter read and write departments' tables as xlsx (batch screening and
# the measures import, src/service/sheet.c).
# Credit reports (src/report/pdf.c): cairo + pango draw the PDF in Noto Sans/Serif CJK SC
# (fonts-noto-cjk, found through fontconfig), libqrencode makes the verification QR code;
# poppler-utils' pdftotext, pdfinfo and pdftoppm read the PDFs back in tests/unit/test_report_pdf.c.
# Browser tests (tests/e2e): Debian's chromium, a CJK font for readable screenshots, and Node.js.
# npm comes with the machine's Node.js; Debian's own npm package conflicts with it, so it is not listed.

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >&2
