#!/usr/bin/env bash
# Benchmarks/run.sh — how fast `runkit list` loads a large MLflow store, next to the physical
# limit (the cheapest way to get the same bytes off the disk) on the same store.
#
#   Benchmarks/run.sh [--runs N] [--kind sqlite|file|mlxp|both|all] [--repeat R]
#                     [--cache DIR] [--scratch-path DIR] [--no-build] [--no-install] [--no-hyperfine]
#
#   --runs N            runs per synthetic store (default 10000)
#   --kind K            which store(s) to measure: sqlite, file, mlxp, both (sqlite and file,
#                       the default) or all
#   --repeat R          timed runs per command, after 1 warm-up; the median is reported (default 5)
#   --cache DIR         where generated stores live (default ${XDG_CACHE_HOME:-~/.cache}/runkit-bench);
#                       a store is reused when its manifest says it has the same N
#   --scratch-path DIR  SwiftPM scratch path for the release build (default: SwiftPM's .build)
#   --no-build          use the already built release binary
#   --no-install        never try to apt-get install hyperfine
#   --no-hyperfine      time with the bash loop even when hyperfine is installed
#
# Not a test: nothing here runs under `swift test`. Timings are wall-clock with a warm page
# cache; `hyperfine` is used when available, else a bash loop over `date +%s%N`.
set -euo pipefail

RUNS=10000
KIND=both
REPEAT=5
INSTALL=1
HYPERFINE=1
SCRIPT=run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() {
    case "$1" in
        --no-install) INSTALL=0; TAKEN=1 ;;
        --no-hyperfine) HYPERFINE=0; INSTALL=0; TAKEN=1 ;;
        *) return 1 ;;
    esac
}
parse_options "$@"
case "$KIND" in sqlite|file|mlxp|both|all) ;; *) echo "run.sh: --kind must be sqlite, file, mlxp, both or all" >&2; exit 64 ;; esac

cd "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/runkit-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# ---- 1. build -------------------------------------------------------------------------------
build_release

# ---- 2. tools -------------------------------------------------------------------------------
if ! command -v hyperfine >/dev/null 2>&1 && [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "== hyperfine is missing; trying apt-get install -y hyperfine"
    { apt-get install -y -qq hyperfine || { apt-get update -qq && apt-get install -y -qq hyperfine; }; } >&2 2>&1 \
        || say "   (could not install hyperfine; timing with a bash loop instead)"
fi
if [ "$HYPERFINE" = 1 ] && command -v hyperfine >/dev/null 2>&1; then
    TIMER="hyperfine $(hyperfine --version | awk '{print $2}') (--warmup 1 --runs $REPEAT, median)"
    USE_HYPERFINE=1
else
    TIMER="bash loop over date +%s%N (1 warm-up, median of $REPEAT)"
    USE_HYPERFINE=0
fi
if [ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null; then
    HAVE_TIME=1
else
    HAVE_TIME=0
fi
HAVE_SQLITE3=0
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=1

# ---- 3. stores ------------------------------------------------------------------------------
KINDS=()
case "$KIND" in both) KINDS=(sqlite file) ;; all) KINDS=(sqlite file mlxp) ;; *) KINDS=("$KIND") ;; esac
for kind in "${KINDS[@]}"; do ensure_store "$kind"; done

# ---- 4. measuring ---------------------------------------------------------------------------

# measure CMD: prints the median wall-clock seconds of CMD (a bash command line), or FAIL.
measure() {
    local cmd="$1"
    if [ "$USE_HYPERFINE" = 1 ]; then
        local json="$WORK/hyperfine.json"
        if ! hyperfine --shell=bash --warmup 1 --runs "$REPEAT" --style none --export-json "$json" "$cmd" >/dev/null 2>"$WORK/hyperfine.err"; then
            cat "$WORK/hyperfine.err" >&2; echo FAIL; return
        fi
        python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    else
        local i t0 t1 times=()
        if ! eval "$cmd"; then echo FAIL; return; fi          # warm-up
        for ((i = 0; i < REPEAT; i++)); do
            t0=$(date +%s%N)
            if ! eval "$cmd"; then echo FAIL; return; fi
            t1=$(date +%s%N)
            times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", (b - a) / 1e9}')")
        done
        median_of "${times[@]}"
    fi
}

# peak_rss CMD...: max resident set size of CMD (run directly, stdout discarded), in MB.
peak_rss() {
    [ "$HAVE_TIME" = 1 ] || { echo "-"; return; }
    if /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/rss.err"; then
        awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2 / 1024}' "$WORK/time.txt"
    else
        echo "failed"
    fi
}

S=$'\x1f'  # field separator of ROWS entries (commands contain "|")
ROWS=()   # store S operation S command S seconds S runs_per_second S ratio S rss
FAILURES=()
fmt_rate() { awk -v n="$RUNS" -v s="$1" 'BEGIN {if (s > 0) printf "%.0f", n / s; else print "-"}'; }
fmt_ratio() { awk -v s="$1" -v l="$2" 'BEGIN {if (l > 0) printf "%.1fx", s / l; else print "-"}'; }

q() { printf '%q' "$1"; }

bench_store() {
    local kind="$1" store="$STORES/$1" list_cmd help_cmd limit_cmd limit parts=() part_names=()
    list_cmd="$(q "$BIN") list $(q "$store") --all --format jsonl > /dev/null"
    help_cmd="$(q "$BIN") --help > /dev/null"

    # Sanity: the full load must work and print every run before it is timed.
    local rows
    if ! "$BIN" list "$store" --all --format jsonl >"$WORK/list.out" 2>"$WORK/list.err"; then
        FAILURES+=("$kind: runkit list failed: $(head -c 300 "$WORK/list.err")")
        say "   runkit list on the $kind store failed: $(head -c 300 "$WORK/list.err")"
        return
    fi
    rows=$(wc -l <"$WORK/list.out")
    say "   runkit list printed $rows rows for $RUNS runs$( [ -s "$WORK/list.err" ] && echo " (stderr: $(head -c 200 "$WORK/list.err"))")"
    [ "$rows" = "$RUNS" ] || FAILURES+=("$kind: runkit list printed $rows rows, expected $RUNS")

    if [ "$kind" = sqlite ]; then
        local configs="find $(q "$store/mlruns") -name config.yaml -print0 | xargs -0 -P2 cat > /dev/null"
        if [ "$HAVE_SQLITE3" = 1 ]; then
            local dump="sqlite3 -readonly $(q "$store/mlflow.db") 'SELECT * FROM runs; SELECT * FROM latest_metrics; SELECT * FROM params; SELECT * FROM tags;' > /dev/null"
            parts=("$dump" "$configs"); part_names=("limit: sqlite3 dump (runs, latest_metrics, params, tags)" "limit: cat config.yaml files (2 procs)")
            limit_cmd="{ $dump; $configs; }"
        else
            say "   sqlite3 CLI not found: the SQLite limit is only the config.yaml reads"
            parts=(); limit_cmd="$configs"
        fi
        local limit_name="physical limit (both of the above)"
        [ "$HAVE_SQLITE3" = 1 ] || limit_name="limit: cat config.yaml files (2 procs; no sqlite3 CLI)"
    else
        local files="$store/mlruns"
        [ "$kind" = mlxp ] && files="$store/logs"
        limit_cmd="find $(q "$files") -type f -print0 | xargs -0 -P2 cat > /dev/null"
        local limit_name="physical limit: cat every file (2 procs)"
    fi

    say "   timing: $limit_cmd"
    limit=$(measure "$limit_cmd")
    local i secs
    for i in "${!parts[@]}"; do
        say "   timing: ${parts[$i]}"
        secs=$(measure "${parts[$i]}")
        ROWS+=("$kind$S${part_names[$i]}$S${parts[$i]}$S$secs$S$(fmt_rate "$secs")$S$(fmt_ratio "$secs" "$limit")$S")
    done
    ROWS+=("$kind$S$limit_name$S$limit_cmd$S$limit$S$(fmt_rate "$limit")${S}1.0x$S")

    say "   timing: $list_cmd"
    secs=$(measure "$list_cmd")
    ROWS+=("$kind${S}runkit list --all --format jsonl (full load)$S$list_cmd$S$secs$S$(fmt_rate "$secs")$S$(fmt_ratio "$secs" "$limit")$S$(peak_rss "$BIN" list "$store" --all --format jsonl)")

    say "   timing: $help_cmd"
    secs=$(measure "$help_cmd")
    ROWS+=("$kind${S}runkit --help (startup)$S$help_cmd$S$secs$S-$S-$S$(peak_rss "$BIN" --help)")
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
for kind in "${KINDS[@]}"; do
    say "== measuring the $kind store"
    bench_store "$kind"
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# ---- 5. report ------------------------------------------------------------------------------
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- Sources Package.swift 2>/dev/null)" ] && COMMIT="$COMMIT + uncommitted changes under Sources/"
echo
echo "runkit benchmark: $RUNS runs per store, commit $COMMIT, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "binary:  $BIN"
echo "machine: $(nproc) CPUs, $(uname -sr); load average $LOAD_BEFORE before, $LOAD_AFTER after"
echo "timer:   $TIMER; warm page cache"
[ "$HAVE_TIME" = 1 ] && echo "memory:  peak RSS of one extra run under /usr/bin/time -v" \
    || echo "memory:  /usr/bin/time -v not available (Debian package 'time'): peak RSS column skipped"
echo "stores:  ${KINDS[*]/#/$STORES/}"
echo
if [ "$HAVE_TIME" = 1 ]; then
    echo "| store | operation | median s | runs/s | vs limit | peak RSS |"
    echo "|---|---|---:|---:|---:|---:|"
else
    echo "| store | operation | median s | runs/s | vs limit |"
    echo "|---|---|---:|---:|---:|"
fi
for row in "${ROWS[@]}"; do
    IFS="$S" read -r store op _cmd secs rate ratio rss <<<"$row"
    [ "$secs" = FAIL ] && { rate=-; ratio=-; }
    [ "$secs" != FAIL ] && secs=$(awk -v s="$secs" 'BEGIN {printf (s < 0.1 ? "%.4f" : "%.3f"), s}')
    if [ "$HAVE_TIME" = 1 ]; then
        echo "| $store | $op | $secs | $rate | $ratio | ${rss:--} |"
    else
        echo "| $store | $op | $secs | $rate | $ratio |"
    fi
done
echo
print_commands "Commands (run from $ROOT):"
if [ ${#FAILURES[@]} -gt 0 ]; then
    echo
    echo "Problems:"
    printf '  %s\n' "${FAILURES[@]}"
    exit 1
fi
