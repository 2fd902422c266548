# Benchmarks/common.sh — what run.sh and query.sh share: their common options, the release build
# of runkit, and the synthetic stores in the cache. Sourced, not run.
#
# A script sets RUNS, KIND and REPEAT defaults and SCRIPT (its name, for messages), defines usage
# and take_own_option (its own options, like take_common_option), then:
#     parse_options "$@"; build_release; ensure_store sqlite

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/runkit-bench"
SCRATCH=""
# How ensure_store generates a SQLite store (generate_stores.py --metric-history / --configs);
# planner.sh keeps only the latest metric points for a million runs.
GEN_HISTORY=full
GEN_CONFIGS=all
BUILD=1
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

say() { printf '%s\n' "$*" >&2; }

# take_common_option ARGS…: when $1 is an option both scripts take, sets it and TAKEN (the words used).
take_common_option() {
    case "$1" in
        --runs) RUNS="$2"; TAKEN=2 ;;
        --kind) KIND="$2"; TAKEN=2 ;;
        --repeat) REPEAT="$2"; TAKEN=2 ;;
        --cache) CACHE="$2"; TAKEN=2 ;;
        --scratch-path) SCRATCH="$2"; TAKEN=2 ;;
        --no-build) BUILD=0; TAKEN=1 ;;
        *) return 1 ;;
    esac
}

# parse_options ARGS…: the common options, the script's own (take_own_option), --help; then checks
# --runs and --repeat (exit 64 when malformed).
parse_options() {
    while [ $# -gt 0 ]; do
        if take_common_option "$@" || take_own_option "$@"; then shift "$TAKEN"; continue; fi
        case "$1" in
            -h|--help) usage; exit 0 ;;
            *) echo "$SCRIPT: unknown argument '$1' (see --help)" >&2; exit 64 ;;
        esac
    done
    case "$RUNS" in ''|*[!0-9]*) echo "$SCRIPT: --runs must be a positive integer" >&2; exit 64 ;; esac
    case "$REPEAT" in ''|*[!0-9]*|0) echo "$SCRIPT: --repeat must be a positive integer" >&2; exit 64 ;; esac
}

# build_release: builds runkit in release (unless --no-build) and sets BIN.
build_release() {
    # --static-swift-stdlib: the Swift runtime and Foundation linked in, as the README's "Installing" builds
    # it (a process starts in ~4 ms instead of ~10: no dynamic relocation of libFoundation).
    SWIFT_ARGS=(-c release --static-swift-stdlib)
    [ -n "$SCRATCH" ] && SWIFT_ARGS+=(--scratch-path "$SCRATCH")
    if [ "$BUILD" = 1 ]; then
        say "== swift build ${SWIFT_ARGS[*]} --product runkit"
        (cd "$ROOT" && swift build "${SWIFT_ARGS[@]}" --product runkit >&2)
    fi
    BIN="$(cd "$ROOT" && swift build "${SWIFT_ARGS[@]}" --show-bin-path)/runkit"
    [ -x "$BIN" ] || { say "$SCRIPT: no release binary at $BIN (build with: swift build ${SWIFT_ARGS[*]} --product runkit)"; exit 1; }
}

# ensure_store KIND: sets STORES and makes sure $STORES/KIND holds a store of RUNS runs written by
# this generator version (with GEN_HISTORY and GEN_CONFIGS for sqlite), generating it when its
# manifest says otherwise.
ensure_store() {
    STORES="$CACHE/n$RUNS"
    local version gen=()
    version="$(python3 "$HERE/generate_stores.py" --generator-version)"
    [ "$1" = sqlite ] && gen=(--metric-history "$GEN_HISTORY" --configs "$GEN_CONFIGS")
    if python3 - "$STORES/$1.json" "$RUNS" "$version" "$1" "$GEN_HISTORY" "$GEN_CONFIGS" <<'PY' 2>/dev/null && [ -d "$STORES/$1" ]
import json, sys
m = json.load(open(sys.argv[1]))
same = m.get("runs") == int(sys.argv[2]) and m.get("generator_version") == int(sys.argv[3])
if sys.argv[4] == "sqlite":
    same = same and m.get("metric_history", "full") == sys.argv[5] and m.get("configs", "all") == sys.argv[6]
sys.exit(0 if same else 1)
PY
    then
        say "== reusing the $1 store in $STORES/$1"
    else
        say "== generating the $1 store ($RUNS runs) in $STORES/$1"
        python3 "$HERE/generate_stores.py" --runs "$RUNS" --kind "$1" --out "$STORES" "${gen[@]}" >&2
    fi
}

# median_of VALUES…: the median (the mean of the middle two for an even count).
median_of() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# print_commands HEADING: each row of ROWS (fields separated by $S: label, operation, command, …)
# as "[label] operation:" and the command under it, after HEADING.
print_commands() {
    echo "$1"
    local row label op cmd _rest
    for row in "${ROWS[@]}"; do
        IFS="$S" read -r label op cmd _rest <<<"$row"
        echo "  [$label] $op:"
        echo "      $cmd"
    done
}

# setup_benchmark ARGS…: the options (usage and take_own_option defined by the script), --kind
# checked to be sqlite, file or mlxp, the release build, the store; sets STORE.
setup_benchmark() {
    parse_options "$@"
    case "$KIND" in sqlite|file|mlxp) ;; *) echo "$SCRIPT: --kind must be sqlite, file or mlxp" >&2; exit 64 ;; esac
    build_release
    ensure_store "$KIND"
    STORE="$STORES/$KIND"
}

# timed N WARMUP CMD: runs CMD (a bash command line) N times (after WARMUP untimed runs) under
# /usr/bin/time -v, in WORK (a scratch folder the script made); sets T_MED, T_MIN, T_MAX (seconds) and RSS_MB (largest peak RSS of the runs,
# of the bash -c process tree's largest member), LAST_OUT (stdout of the last run).
timed() {
    local n="$1" warm="$2" cmd="$3" i t0 t1 times=() ops=() rss=0 r
    for ((i = 0; i < warm; i++)); do bash -c "$cmd" >/dev/null 2>"$WORK/err" || { say "   FAILED: $cmd"; cat "$WORK/err" >&2; T_MED=FAIL; return 1; }; done
    for ((i = 0; i < n; i++)); do
        [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
        t0=$(date +%s%N)
        if ! /usr/bin/time -v -o "$WORK/time" bash -c "$cmd" >"$WORK/out" 2>"$WORK/err"; then
            say "   FAILED: $cmd"; tail -5 "$WORK/err" >&2; T_MED=FAIL; return 1
        fi
        t1=$(date +%s%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}')")
        r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time")
        [ "$r" -gt "$rss" ] && rss="$r"
        r=$(tail -1 "$WORK/out" | sed -n 's/.*"op_s": \([0-9.e+-]*\).*/\1/p')
        [ -n "$r" ] && ops+=("$r")
    done
    OP_MED="-"; [ ${#ops[@]} -gt 0 ] && OP_MED="$(median_of "${ops[@]}")"
    LAST_OUT="$(tail -1 "$WORK/out")"   # a peer prints its JSON report last
    T_MED="$(median_of "${times[@]}")"
    T_MIN="$(printf '%s\n' "${times[@]}" | sort -g | head -1)"
    T_MAX="$(printf '%s\n' "${times[@]}" | sort -g | tail -1)"
    RSS_MB="$(awk -v k="$rss" 'BEGIN {printf "%.0f MB", k / 1024}')"
    T_N="$n"
}

# q WORD: WORD quoted for a bash command line, readable in the printed commands: as is when it
# can be, else in single quotes, or double quotes when it holds single quotes and nothing bash
# expands in double quotes.
q() {
    case "$1" in
        ''|*[!A-Za-z0-9_./:=,@%+-]*) ;;
        *) printf '%s' "$1"; return ;;
    esac
    case "$1" in
        *\'*) case "$1" in *[\"\$\`\\!]*) ;; *) printf '"%s"' "$1"; return ;; esac ;;
    esac
    printf "'%s'" "${1//\'/\'\\\'\'}"
}

# ratio A B [DIGITS]: A ÷ B as "2.3x" (DIGITS decimals, default 1), or "-" when either is missing or zero.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN {if (a+0 > 0 && b+0 > 0) printf "%.*fx", d, a / b; else print "-"}'; }

# take_python_option ARGS…: the options of the scripts that time the Python peers (--py-repeat P,
# --no-python), as take_common_option.
take_python_option() {
    case "$1" in
        --py-repeat) PY_REPEAT="$2"; TAKEN=2 ;;
        --no-python) PYTHON=0; TAKEN=1 ;;
        *) return 1 ;;
    esac
}

# require_gnu_time: exits unless GNU time is at /usr/bin/time (timed needs its -v).
require_gnu_time() {
    [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 \
        || { say "$SCRIPT: needs GNU time at /usr/bin/time (Debian package 'time')"; exit 1; }
}

# python_peers_venv MODULE…: when PYTHON=1, sets PY to the python of a venv that imports the
# MODULEs: the tests' venv (~/.cache/runkit-test/venv) when it does, else the benchmark venv
# python_venv.sh makes (~/.cache/runkit-bench/venv, whatever --cache says); sets PY_NOTE to the
# versions measured, or PYTHON=0 and PY_NOTE to why not.
python_peers_venv() {
    local cache="${XDG_CACHE_HOME:-$HOME/.cache}" venv imports
    imports="import $(IFS=,; echo "$*")"
    PY_NOTE="not run (--no-python)"
    [ "$PYTHON" = 1 ] || return 0
    venv="$cache/runkit-test/venv"
    if ! { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$imports" 2>/dev/null; }; then
        venv="$cache/runkit-bench/venv"
        if ! "$HERE/python_venv.sh" --venv "$venv"; then
            PYTHON=0
            PY_NOTE="skipped: Benchmarks/python_venv.sh could not make the venv (see its message above)"
            return 0
        fi
    fi
    PY="$venv/bin/python"
    PY_NOTE="$("$PY" - "$@" <<'PY'
import sys
from importlib.metadata import version
print("Python %s; %s (%s)" % (sys.version.split()[0], ", ".join(f"{m} {version(m)}" for m in sys.argv[1:]), sys.prefix))
PY
)"
}
