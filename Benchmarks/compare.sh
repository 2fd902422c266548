#!/usr/bin/env bash
# Benchmarks/compare.sh — RunKit next to the physical limit and the Python tools, on the same
# synthetic stores, in one run. Whole processes, warm page cache, medians, peak memory.
#
#   Benchmarks/compare.sh [--runs N] [--mlxp-runs M] [--repeat R] [--py-repeat P]
#                         [--no-python] [--big N] [--cache DIR] [--scratch-path DIR] [--no-build]
#
#   --runs N        runs of the MLflow SQLite and file stores (default 10000)
#   --mlxp-runs M   runs of the MLXP store (default 1000: MLXP's Reader index build is quadratic)
#   --repeat R      timed runs of each RunKit / limit command, after 1 warm-up (default 5)
#   --py-repeat P   timed runs of each Python tool, no warm-up (default 3; the store is already
#                   in the page cache from the RunKit runs)
#   --no-python     skip the Python tools (else the tests' venv ~/.cache/runkit-test/venv when it
#                   has them all, or Benchmarks/python_venv.sh makes their venv, and they are
#                   skipped with a message when it cannot)
#   --big N         also the N-run SQLite store: full load, warm (median of R) and cold (page
#                   cache dropped before each run; drop_caches when permitted, else the store's
#                   files evicted with posix_fadvise), with peak memory (default off; try 100000)
#   --kind K        sqlite, file, mlxp or all (default all)
#
# Every command is run under /usr/bin/time -v (peak RSS) and timed around it with date +%s%N.
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=10000
MLXP_RUNS=1000
REPEAT=5
PY_REPEAT=3
PYTHON=1
BIG=0
KIND=all
SCRIPT=compare.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() {
    case "$1" in
        --mlxp-runs) MLXP_RUNS="$2"; TAKEN=2 ;;
        --big) BIG="$2"; TAKEN=2 ;;
        *) take_python_option "$@" ;;
    esac
}
parse_options "$@"
case "$KIND" in sqlite|file|mlxp|all) ;; *) echo "compare.sh: --kind must be sqlite, file, mlxp or all" >&2; exit 64 ;; esac
KINDS=(sqlite file mlxp); [ "$KIND" = all ] || KINDS=("$KIND")
require_gnu_time

cd "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/runkit-compare.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
build_release

# ---- stores ---------------------------------------------------------------------------------
declare -A STORE_OF N_OF
for kind in "${KINDS[@]}"; do
    n="$RUNS"; [ "$kind" = mlxp ] && n="$MLXP_RUNS"
    RUNS_SAVED="$RUNS"; RUNS="$n"; ensure_store "$kind"; RUNS="$RUNS_SAVED"
    STORE_OF[$kind]="$STORES/$kind"; N_OF[$kind]="$n"
done

# ---- Python peers ---------------------------------------------------------------------------
python_peers_venv mlflow hydraflow mlxp pandas

SCHEMA_NOTE="schema: not checked (needs the Python venv and the sqlite store)"
if [ "$PYTHON" = 1 ] && [ -n "${STORE_OF[sqlite]:-}" ]; then
    SCHEMA_NOTE="$("$PY" "$HERE/check_schema.py" "${STORE_OF[sqlite]}/mlflow.db" 2>&1 | head -5)" || true
fi

# ---- measuring ------------------------------------------------------------------------------
S=$'\x1f'
ROWS=()      # kind S operation S command S median S min S max S n S rss S role (limit|runkit|peer) S op-only median
add_row() { ROWS+=("$1$S$2$S$3$S$T_MED$S$T_MIN$S$T_MAX$S$T_N$S$4$S$5$S${OP_MED:--}"); }
bench() {  # bench KIND ROLE NAME N WARMUP CMD [rss?]
    local kind="$1" role="$2" name="$3" n="$4" warm="$5" cmd="$6" rss="${7:-1}"
    say "   [$kind] $name"
    if timed "$n" "$warm" "$cmd"; then
        [ "$rss" = 1 ] || RSS_MB="-"
        add_row "$kind" "$name" "$cmd" "$RSS_MB" "$role"
        say "      median $T_MED s (min $T_MIN, max $T_MAX, n $T_N), peak RSS $RSS_MB"
    else
        T_MIN=-; T_MAX=-; T_N="$n"; OP_MED=-; add_row "$kind" "$name" "$cmd" "-" "$role"
    fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
B="$(q "$BIN")"
WHERE="config.model.type = 'cnn'"
# the loss metric: MLflow's "loss"; MLXP's "loss" logged to its "train" log
group_args() { local loss=metrics.loss; [ "$1" = mlxp ] && loss=metrics.train.loss; echo "--where $(q "$WHERE") --by config.optimizer.lr --agg $(q "mean($loss)")"; }
PEER_NOTES=()

for kind in "${KINDS[@]}"; do
    store="${STORE_OF[$kind]}"; n="${N_OF[$kind]}"
    say "== $kind store, $n runs: $store"
    case "$kind" in
        sqlite)
            dump="sqlite3 -readonly $(q "$store/mlflow.db") 'SELECT * FROM runs; SELECT * FROM latest_metrics; SELECT * FROM params; SELECT * FROM tags;' > /dev/null"
            configs="find $(q "$store/mlruns") -name config.yaml -print0 | xargs -0 -P$(nproc) cat > /dev/null"
            bench "$kind" limit "limit: sqlite3 dump of runs, latest_metrics, params, tags + parallel cat of the config.yaml files" "$REPEAT" 1 "$dump; $configs" 0
            uri="sqlite:///$store/mlflow.db" ;;
        file)
            bench "$kind" limit "limit: parallel cat of every file ($(nproc) processes)" "$REPEAT" 1 "find $(q "$store/mlruns") -type f -print0 | xargs -0 -P$(nproc) cat > /dev/null" 0
            uri="file://$store/mlruns" ;;
        mlxp)
            bench "$kind" limit "limit: parallel cat of every file ($(nproc) processes)" "$REPEAT" 1 "find $(q "$store/logs") -type f -print0 | xargs -0 -P$(nproc) cat > /dev/null" 0 ;;
    esac
    bench "$kind" runkit "runkit list --format jsonl" "$REPEAT" 1 "$B list $(q "$store") --format jsonl > /dev/null"
    bench "$kind" runkit "runkit group (where, by, mean)" "$REPEAT" 1 "$B group $(q "$store") $(group_args "$kind") > /dev/null"
    if [ "$PYTHON" = 1 ]; then
        peer="$(q "$PY") $(q "$HERE/python_peers.py")"
        case "$kind" in
            sqlite|file)
                bench "$kind" peer "mlflow.search_runs -> DataFrame" "$PY_REPEAT" 0 "$peer mlflow $(q "$uri")" \
                    && PEER_NOTES+=("[$kind] mlflow: $LAST_OUT")
                bench "$kind" peer "HydraFlow Run.load(iter_run_dirs) + filter + to_frame" "$PY_REPEAT" 0 "$peer hydraflow $(q "$uri")" \
                    && PEER_NOTES+=("[$kind] hydraflow: $LAST_OUT") ;;
            mlxp)
                bench "$kind" peer "MLXP Reader(refresh=True).filter -> MLXP DataFrame" "$PY_REPEAT" 0 "$peer mlxp $(q "$store/logs") $(q "$WORK/mlxp-db")" \
                    && PEER_NOTES+=("[$kind] mlxp: $LAST_OUT") ;;
        esac
    fi
done
bench "-" runkit "runkit --help (start-up)" "$REPEAT" 1 "$B --help > /dev/null"
bench "-" limit "true (the harness's own cost: /usr/bin/time + bash -c)" "$REPEAT" 1 "true"

# ---- the big store: memory, cold and warm ---------------------------------------------------
COLD_NOTE=""
if [ "$BIG" != 0 ]; then
    RUNS_SAVED="$RUNS"; RUNS="$BIG"; ensure_store sqlite; RUNS="$RUNS_SAVED"
    big="$STORES/sqlite"
    N_OF[big]="$BIG"
    say "== the $BIG-run SQLite store: $big"
    bench big runkit "runkit list --format jsonl, warm" "$REPEAT" 1 "$B list $(q "$big") --format jsonl > /dev/null"
    if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
        BEFORE_EACH='sync; echo 3 > /proc/sys/vm/drop_caches'
        COLD_NOTE="cold = sync; echo 3 > /proc/sys/vm/drop_caches before each run (whole page cache)"
    else
        BEFORE_EACH="python3 $(q "$HERE/evict.py") $(q "$big")"
        COLD_NOTE="cold = the store's files evicted with posix_fadvise(DONTNEED) before each run (drop_caches not permitted; binary and libraries stay cached)"
    fi
    bench big runkit "runkit list --format jsonl, cold" 3 0 "$B list $(q "$big") --format jsonl > /dev/null"
    BEFORE_EACH=""
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- report ---------------------------------------------------------------------------------
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- Sources Package.swift 2>/dev/null)" ] && COMMIT="$COMMIT + uncommitted changes under Sources/"
CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo
echo "runkit compare: commit $COMMIT, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs ($CPU), $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "load average (1, 5, 15 min): $LOAD_BEFORE before, $LOAD_AFTER after"
echo "timing: whole processes under /usr/bin/time -v, wall clock around it; RunKit and limits: 1 warm-up + median of $REPEAT; Python tools: median of $PY_REPEAT, no warm-up (page cache already warm)"
echo "python: $PY_NOTE"
echo "$SCHEMA_NOTE"
[ -n "$COLD_NOTE" ] && echo "$COLD_NOTE"
echo

# reference times: the limit and runkit list of each kind
declare -A LIMIT LIST GROUP
for row in "${ROWS[@]}"; do
    IFS="$S" read -r kind op _c med _mn _mx _n _r role _opmed <<<"$row"
    [ "$role" = limit ] && LIMIT[$kind]="$med"
    [ "$op" = "runkit list --format jsonl" ] && LIST[$kind]="$med"
    [ "$op" = "runkit group (where, by, mean)" ] && GROUP[$kind]="$med"
done

echo "| store | runs | operation | median s | min–max s | n | vs limit | peer ÷ runkit list | peer op only s (÷ runkit list) | peak RSS |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for row in "${ROWS[@]}"; do
    IFS="$S" read -r kind op _c med mn mx n rss role opmed <<<"$row"
    runs="${N_OF[$kind]:--}"
    vs="-"; sp="-"; oo="-"
    if [ "$med" != FAIL ]; then
        [ -n "${LIMIT[$kind]:-}" ] && [ "$kind" != - ] && vs="$(ratio "$med" "${LIMIT[$kind]}")"
        [ "$role" = peer ] && [ -n "${LIST[$kind]:-}" ] && sp="$(ratio "$med" "${LIST[$kind]}")"
        [ "$role" = peer ] && [ "$opmed" != - ] && oo="$opmed ($(ratio "$opmed" "${LIST[$kind]:-0}"))"
    fi
    echo "| $kind | $runs | $op | $med | $mn–$mx | $n | $vs | $sp | $oo | $rss |"
done
echo
echo "Peer outputs (rows returned, in-process import and operation seconds):"
for note in "${PEER_NOTES[@]}"; do echo "  $note"; done
echo
print_commands "Commands (from $ROOT):"
