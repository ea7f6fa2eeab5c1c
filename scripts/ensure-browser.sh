#!/usr/bin/env bash
# Find or install the headless Chromium that the browser tests drive with Playwright
# (reports/index.html and the hand-coding notebook). Called by `make test`; prints where the
# browser is, or one line saying what to do, and exits non-zero only when it found none.
#   1. $CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH;
#   2. the system package manager, when we may use it (root, or passwordless sudo):
#      Debian/Ubuntu apt-get (package chromium), Fedora dnf, Alpine apk, macOS brew (cask);
#   3. Playwright's own browser download (needs the network to reach Playwright's CDN).
set -u
VENV_PYTHON="${1:-.venv/bin/python}"

found() { echo "browser: $1"; exit 0; }
locate() {
    for candidate in "${CHROMIUM:-}" chromium chromium-browser google-chrome; do
        [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && {
            command -v "$candidate"; return 0; }
    done
    "$VENV_PYTHON" - <<'PY' 2>/dev/null
import os
from playwright.sync_api import sync_playwright
with sync_playwright() as pw:
    path = pw.chromium.executable_path
print(path) if os.path.exists(path) else exit(1)
PY
}

path="$(locate)" && found "$path"

as_root=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; fi
fi
if [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "browser: installing Debian's chromium with apt-get (once)"
        $as_root apt-get update -qq >/dev/null 2>&1
        DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null 2>&1
    elif command -v dnf >/dev/null 2>&1; then
        $as_root dnf install -y -q chromium >/dev/null 2>&1
    elif command -v apk >/dev/null 2>&1; then
        $as_root apk add -q chromium >/dev/null 2>&1
    fi
    path="$(locate)" && found "$path"
fi
if command -v brew >/dev/null 2>&1; then
    brew install --cask -q chromium >/dev/null 2>&1
    path="$(locate)" && found "$path"
fi
echo "browser: trying Playwright's own Chromium download"
if "$VENV_PYTHON" -m playwright install chromium >/dev/null 2>&1; then
    path="$(locate)" && found "$path"
fi
echo "make test: no Chromium found and none could be installed (no package manager we may" \
     "use, no network for Playwright's download); install one (Debian: apt install chromium)" \
     "or set CHROMIUM=/path/to/chrome" >&2
exit 1
