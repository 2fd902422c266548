#!/usr/bin/env python3
"""How long `/api/fields` takes after a change to a large SQLite store: serves a COPY of an MLflow
SQLite store (it writes into it), asks `/api/fields` once (the start's tally), then REPS times logs
one metric step to one run the way MLflow does, waits until it is served, and times the next
`/api/fields` (the summaries of the changed runs). Prints each time and the median.

    serve_fields.py --runkit BIN --store COPY/mlflow.db [--reps 5] [--label NAME]

Not a test: nothing here runs under `swift test`. The store must be a copy (it is written).
"""
import argparse, json, sqlite3, statistics, subprocess, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--runkit", required=True)
parser.add_argument("--store", required=True)
parser.add_argument("--reps", type=int, default=5)
parser.add_argument("--label", default="")
args = parser.parse_args()

server = subprocess.Popen([args.runkit, "serve", args.store, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = server.stdout.readline().strip().rstrip("/")

    def get(path):
        with urllib.request.urlopen(url + path, timeout=600) as response:
            return json.load(response)

    started = time.monotonic()
    count = len(get("/api/fields"))
    print(f"{args.label}: first /api/fields ({count} fields) after {time.monotonic() - started:.2f} s", flush=True)
    database = sqlite3.connect(args.store, timeout=30)
    run = database.execute("SELECT run_uuid FROM runs WHERE lifecycle_stage = 'active' ORDER BY start_time LIMIT 1 OFFSET 7000").fetchone()[0]
    seen = []
    for rep in range(args.reps):
        value = 2000.0 + rep + 0.5
        stamp = int(time.time() * 1000)
        step = database.execute("SELECT coalesce(max(step), 0) + 1 FROM metrics WHERE run_uuid = ? AND key = 'loss'", (run,)).fetchone()[0]
        with database:
            database.execute("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('loss', ?, ?, ?, ?, 0)", (value, stamp, run, step))
            database.execute("UPDATE latest_metrics SET value = ?, timestamp = ?, step = ? WHERE run_uuid = ? AND key = 'loss'", (value, stamp, step, run))
        while get(f"/api/runs?limit=1&columns=metrics.loss&where=run_id%20%3D%20%27{run}%27")["runs"][0]["metrics.loss"] != value:
            time.sleep(0.05)
        asked = time.monotonic()
        get("/api/fields")
        took = time.monotonic() - asked
        seen.append(took)
        print(f"{args.label}: change {rep + 1}: /api/fields after {took:.2f} s", flush=True)
    print(f"{args.label}: median {statistics.median(seen):.2f} s over {len(seen)} changes", flush=True)
finally:
    server.terminate()
    server.wait(30)
