#!/usr/bin/env bash
# Installs what the end-to-end browser test needs and runs it.
#
# Chromium comes from Debian (`chromium`, `chromium-driver`); the Playwright Python package comes
# from PyPI through the test extras.  `playwright install` is never run: no browser is downloaded
# from anywhere but the distribution's package archive.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-driver
/usr/bin/chromium --version

# `--install-only`: stop here (for .ci/run, whose `make test` runs the browser test with the rest).
if [ "${1:-}" = "--install-only" ]; then
  exit 0
fi

PYTHON="${PYTHON:-.venv/bin/python}"
if [ ! -x "$PYTHON" ]; then
  make install-test
fi
"$PYTHON" -c "import playwright; from importlib.metadata import version; print('playwright', version('playwright'))"

mkdir -p out/screenshots
# CI=true: a missing browser is a failure here, never a skip.  -s shows the "screenshot: PATH" lines.
CI="${CI:-true}" "$PYTHON" -m pytest -q -m browser -s tests/test_browser.py
