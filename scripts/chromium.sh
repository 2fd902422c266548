#!/usr/bin/env bash
# Headless Chromium for the `runkit serve` browser test (Tests/Scripts/serve_browser_check.py).
#
#   scripts/chromium.sh install [PYTHON]   install Debian's chromium and chromium-driver (root,
#                                           apt-get) when missing, and selenium into PYTHON's
#                                           environment when given; prints nothing on success
#   scripts/chromium.sh status             the chromium and chromedriver versions, exit 1 when missing
#
# No browser is downloaded from anywhere but Debian's archive; selenium comes from PyPI and is told
# where chromedriver is, so it fetches nothing at run time either.
set -euo pipefail

installed() {
    command -v chromium > /dev/null && command -v chromedriver > /dev/null
}

case "${1:-}" in
    install)
        if ! installed; then
            if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
                echo "chromium: not installed and cannot be (needs root and apt-get)" >&2
                exit 1
            fi
            echo "chromium: installing chromium chromium-driver" >&2
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq > /dev/null
            apt-get install -y -qq chromium chromium-driver fonts-dejavu-core > /dev/null
            installed
        fi
        if [ -n "${2:-}" ] && ! "$2" -c "import selenium" 2> /dev/null; then
            "$2" -m pip install --quiet selenium
        fi
        ;;
    status)
        installed || { echo "chromium: not installed" >&2; exit 1; }
        chromium --version
        chromedriver --version
        ;;
    *)
        echo "usage: scripts/chromium.sh install [PYTHON] | status" >&2
        exit 64
        ;;
esac
