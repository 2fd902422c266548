#!/usr/bin/env bash
# Benchmarks/python_venv.sh — makes the Python venv the peers are timed in (mlflow, hydraflow,
# mlxp, pandas) under ${XDG_CACHE_HOME:-~/.cache}/runkit-bench/venv. Not part of `swift test`.
#
#   Benchmarks/python_venv.sh [--venv DIR]
#
# Exits 0 with the venv ready, or 2 with a message when it cannot be made (no python3 venv
# module, pip cannot reach an index, a package does not install). compare.sh calls it and skips
# the Python peers on 2. Packages are not pinned: the report prints the versions it measured.
set -uo pipefail
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/runkit-bench/venv"
[ "${1:-}" = --venv ] && VENV="$2"
say() { printf '%s\n' "$*" >&2; }
PACKAGES=(mlflow hydraflow mlxp pandas)

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import mlflow, hydraflow, mlxp, pandas' 2>/dev/null; then
    exit 0
fi
# HydraFlow's Run.load / iter_run_dirs API (0.15 and later) needs Python 3.13: the newest python
# on PATH is used (an older one gets an older HydraFlow, and python_peers.py says so).
BASE=""
CANDIDATES=(python3.14 python3.13)
command -v pyenv >/dev/null 2>&1 && CANDIDATES+=($(ls -d "$(pyenv root)"/versions/3.1[3-9]*/bin/python3 2>/dev/null | sort -rV))
for p in "${CANDIDATES[@]}" python3.12 python3; do command -v "$p" >/dev/null 2>&1 && "$p" -c pass 2>/dev/null && { BASE="$p"; break; }; done
[ -n "$BASE" ] || { say "python_venv.sh: no python3: the Python peers are skipped"; exit 2; }
if [ ! -x "$VENV/bin/python" ]; then
    "$BASE" -m venv "$VENV" >&2 || { say "python_venv.sh: $BASE -m venv failed: the Python peers are skipped"; exit 2; }
fi
say "== pip install ${PACKAGES[*]} into $VENV (a few minutes the first time)"
if ! "$VENV/bin/pip" install -q "${PACKAGES[@]}" >&2; then
    say "python_venv.sh: pip could not install ${PACKAGES[*]} (no network or no wheel): the Python peers are skipped"
    exit 2
fi
"$VENV/bin/python" -c 'import mlflow, hydraflow, mlxp, pandas' >&2 \
    || { say "python_venv.sh: the packages installed but do not import: the Python peers are skipped"; exit 2; }
