#!/usr/bin/env bash
# Makes sure `pdflatex` is there for the LaTeX table test (Tests/RunKitCLITests/PaperTableCLITests.swift):
# installs Debian's texlive-latex-base (root, apt-get) when it is missing. Exit 1 when it cannot;
# the test then skips with a message.
set -euo pipefail
command -v pdflatex > /dev/null && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
    echo "pdflatex is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq > /dev/null
apt-get install -y -qq --no-install-recommends texlive-latex-base > /dev/null
command -v pdflatex > /dev/null
