#!/usr/bin/env bash
# Real MLflow tracking servers on 127.0.0.1, for RunKit's remote-store tests and benchmarks
# (docs/remote.md):
#   (a) `mlflow server` over a copy of the conformance store Tests/Fixtures/hydraflow-sqlite
#       (SQLite backend, artifacts proxied from the copy's mlruns/);
#   (b) a PostgreSQL server (Debian's, run as the `postgres` user in a folder of its own) and an
#       `mlflow server` on it, filled by MLflow's own client logging the same runs
#       (Tests/Scripts/mlflow_fill.py), configs through the server's artifact proxy.
#
#   scripts/mlflow-server.sh start    install what is missing (apt-get postgresql, the venv), start, fill
#   scripts/mlflow-server.sh stop     stop what this script started
#   scripts/mlflow-server.sh status   exit 1 when a server is not up
#   scripts/mlflow-server.sh env      the environment the tests read (eval "$(scripts/mlflow-server.sh env)")
#
# State under RUNKIT_MLFLOW_STATE (default /tmp/runkit-mlflow): the store copy, the database
# cluster, logs, pid files, ports. Idempotent: `start` on running servers only prints the env.
# (psycopg2: SQLAlchemy 2.1 reads a bare postgresql:// with psycopg 3, which the venv has not.)
# Without PostgreSQL (not installable), only (a) is started and RUNKIT_POSTGRES_URI is not set.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state="${RUNKIT_MLFLOW_STATE:-/tmp/runkit-mlflow}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/runkit-test/venv"
fixture="$root/Tests/Fixtures/hydraflow-sqlite"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1 || true)"

port_of() { cat "$state/$1.port" 2> /dev/null || true; }

print_env() {
    echo "export RUNKIT_MLFLOW_SQLITE_URL=http://127.0.0.1:$(port_of sqlite-server)"
    echo "export RUNKIT_MLFLOW_SQLITE_STORE=$state/sqlite-store"
    if [ -s "$state/pg-server.port" ]; then
        echo "export RUNKIT_MLFLOW_PG_URL=http://127.0.0.1:$(port_of pg-server)"
        echo "export RUNKIT_POSTGRES_URI=postgresql://runkit:runkit@127.0.0.1:$(port_of postgres)/mlflow"
        echo "export RUNKIT_MLFLOW_PG_IDS=$state/pg-ids.json"
        echo "export RUNKIT_MLFLOW_PG_ARTIFACTS=$state/pg-artifacts"
    fi
    echo "export RUNKIT_TEST_PYTHON=$venv/bin/python"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

running() { [ -s "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2> /dev/null; }

install_venv() {
    if ! "$venv/bin/python" -c "import mlflow, psycopg2; assert mlflow.__version__ == '3.17.2'" 2> /dev/null; then
        echo "mlflow-server: installing mlflow==3.17.2 psycopg2-binary in $venv" >&2
        [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet mlflow==3.17.2 psycopg2-binary
    fi
}

install_postgres() {
    [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
        echo "mlflow-server: PostgreSQL is not installed and cannot be (needs root and apt-get)" >&2
        return 1
    fi
    echo "mlflow-server: installing postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null || return 1
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
    local data="$state/pg/data"
    if [ ! -s "$data/PG_VERSION" ]; then
        mkdir -p "$state/pg"
        [ "$(id -u)" = 0 ] && chown postgres "$state/pg"
        echo postgres > "$state/pg/pw"
        [ "$(id -u)" = 0 ] && chown postgres "$state/pg/pw"
        as_postgres "$pg_bin/initdb" -D "$data" -U postgres --pwfile="$state/pg/pw" --auth-local=trust --auth-host=scram-sha-256 > "$state/pg/initdb.log"
    fi
    [ -s "$state/postgres.port" ] || free_port > "$state/postgres.port"
    local port
    port="$(port_of postgres)"
    if ! as_postgres "$pg_bin/pg_ctl" -D "$data" status > /dev/null 2>&1; then
        as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$state/pg/server.log" -w \
            -o "-p $port -k $state/pg -c listen_addresses=127.0.0.1" start > /dev/null
    fi
    if ! as_postgres "$pg_bin/psql" -h "$state/pg" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'runkit'" | grep -q 1; then
        as_postgres "$pg_bin/psql" -h "$state/pg" -p "$port" -U postgres -qc "CREATE USER runkit PASSWORD 'runkit'"
        as_postgres "$pg_bin/psql" -h "$state/pg" -p "$port" -U postgres -qc "CREATE DATABASE mlflow OWNER runkit"
    fi
}

# start_server NAME BACKEND_URI ARTIFACTS_FOLDER: an `mlflow server` in the background, waited for.
start_server() {
    local name="$1" backend="$2" artifacts="$3"
    running "$name" && return 0
    [ -s "$state/$name.port" ] || free_port > "$state/$name.port"
    local port
    port="$(port_of "$name")"
    nohup "$venv/bin/mlflow" server --backend-store-uri "$backend" --artifacts-destination "$artifacts" \
        --host 127.0.0.1 --port "$port" --workers 2 > "$state/$name.log" 2>&1 &
    echo $! > "$state/$name.pid"
    for _ in $(seq 120); do
        if curl -sf "http://127.0.0.1:$port/health" > /dev/null; then return 0; fi
        running "$name" || break
        sleep 1
    done
    echo "mlflow-server: $name did not answer on port $port; see $state/$name.log" >&2
    tail -5 "$state/$name.log" >&2 || true
    return 1
}

start() {
    mkdir -p "$state"
    install_venv || { echo "mlflow-server: the mlflow venv could not be made: not started" >&2; return 2; }
    if [ ! -s "$state/sqlite-store/mlflow.db" ]; then
        rm -rf "$state/sqlite-store"
        cp -R "$fixture" "$state/sqlite-store"
    fi
    start_server sqlite-server "sqlite:///$state/sqlite-store/mlflow.db" "$state/sqlite-store/mlruns"
    if install_postgres && start_postgres; then
        local backend="postgresql+psycopg2://runkit:runkit@127.0.0.1:$(port_of postgres)/mlflow"
        mkdir -p "$state/pg-artifacts"
        start_server pg-server "$backend" "$state/pg-artifacts"
        if [ ! -s "$state/pg-ids.json" ]; then
            echo "mlflow-server: filling the PostgreSQL-backed server through MLflow's client" >&2
            "$venv/bin/python" "$root/Tests/Scripts/mlflow_fill.py" "$fixture" "http://127.0.0.1:$(port_of pg-server)" "$state/pg-ids.json.part" >&2
            mv "$state/pg-ids.json.part" "$state/pg-ids.json"
        fi
    else
        echo "mlflow-server: PostgreSQL is not available: only the SQLite-backed server runs" >&2
        rm -f "$state/pg-server.port"
    fi
    echo "mlflow-server: up ($state)" >&2
    print_env
}

stop() {
    for name in sqlite-server pg-server; do
        if running "$name"; then
            local pid
            pid="$(cat "$state/$name.pid")"
            kill "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
            kill -0 "$pid" 2> /dev/null && kill -9 "$pid"
        fi
        rm -f "$state/$name.pid"
    done
    if [ -n "$pg_bin" ] && [ -s "$state/pg/data/PG_VERSION" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$state/pg/data" -m fast stop > /dev/null 2>&1 || true
    fi
    echo "mlflow-server: stopped ($state)" >&2
}

status() {
    local ok=0
    running sqlite-server && curl -sf "http://127.0.0.1:$(port_of sqlite-server)/health" > /dev/null || ok=1
    if [ -s "$state/pg-server.port" ]; then
        running pg-server && curl -sf "http://127.0.0.1:$(port_of pg-server)/health" > /dev/null || ok=1
    fi
    [ "$ok" = 0 ] && echo "mlflow-server: up ($state)" >&2 || echo "mlflow-server: not running ($state)" >&2
    return "$ok"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) print_env ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
