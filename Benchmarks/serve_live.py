#!/usr/bin/env python3
"""How soon `runkit serve` shows a change to a large SQLite store, and how much it reads again:
serves a COPY of an MLflow SQLite store (it writes into it), then REPS times logs one metric step
to one run the way MLflow does (a `metrics` row and the `latest_metrics` update, one transaction)
and polls `/api/runs/ID` until the new value is served. Prints per change the seconds from the
commit to the value served and `/api/version`'s `reread` (runs read again), then the median.
With --fields it also times `/api/fields`: once at the start (the start's tally), and after each
change is served (the summaries of the changed runs), with their median.

    serve_live.py --runkit BIN --store COPY/mlflow.db [--reps 5] [--label NAME] [--fields]

Not a test: nothing here runs under `swift test`. The store must be a copy (it is written).
"""
import argparse, json, sqlite3, statistics, subprocess, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--runkit", required=True)
parser.add_argument("--store", required=True)
parser.add_argument("--reps", type=int, default=5)
parser.add_argument("--label", default="")
parser.add_argument("--timeout", type=float, default=120)
parser.add_argument("--fields", action="store_true", help="also time /api/fields at the start and after each change")
args = parser.parse_args()

started = time.monotonic()
server = subprocess.Popen([args.runkit, "serve", args.store, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = server.stdout.readline().strip().rstrip("/")
    print(f"{args.label}: serving after {time.monotonic() - started:.1f} s", flush=True)

    def get(path):
        with urllib.request.urlopen(url + path, timeout=600) as response:
            return json.load(response)

    def timed(path):
        asked = time.monotonic()
        answer = get(path)
        return answer, time.monotonic() - asked

    if args.fields:
        fields, took = timed("/api/fields")
        print(f"{args.label}: first /api/fields ({len(fields)} fields) after {took:.2f} s", flush=True)
    fields_seen = []

    database = sqlite3.connect(args.store, timeout=30)
    run = database.execute("SELECT run_uuid FROM runs WHERE lifecycle_stage = 'active' ORDER BY start_time LIMIT 1 OFFSET 5000").fetchone()[0]
    seen = []
    for rep in range(args.reps):
        value = 1000.0 + rep + 0.25
        stamp = int(time.time() * 1000)
        step = database.execute("SELECT coalesce(max(step), 0) + 1 FROM metrics WHERE run_uuid = ? AND key = 'loss'", (run,)).fetchone()[0]
        with database:
            database.execute("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('loss', ?, ?, ?, ?, 0)", (value, stamp, run, step))
            database.execute("UPDATE latest_metrics SET value = ?, timestamp = ?, step = ? WHERE run_uuid = ? AND key = 'loss'", (value, stamp, step, run))
        committed = time.monotonic()
        while get(f"/api/runs?limit=1&columns=metrics.loss&where=run_id%20%3D%20%27{run}%27")["runs"][0]["metrics.loss"] != value:
            if time.monotonic() - committed > args.timeout:
                raise SystemExit(f"{args.label}: the step was not served after {args.timeout} s")
            time.sleep(0.05)
        took = time.monotonic() - committed
        reread = get("/api/version")["stores"][0].get("reread", "-")
        seen.append(took)
        print(f"{args.label}: change {rep + 1}: served after {took:.2f} s, reread {reread}", flush=True)
        if args.fields:
            fields_seen.append(timed("/api/fields")[1])
            print(f"{args.label}: change {rep + 1}: /api/fields after {fields_seen[-1]:.2f} s", flush=True)
        time.sleep(1)
    print(f"{args.label}: median {statistics.median(seen):.2f} s over {len(seen)} changes", flush=True)
    if fields_seen:
        print(f"{args.label}: /api/fields median {statistics.median(fields_seen):.2f} s over {len(fields_seen)} changes", flush=True)
finally:
    server.terminate()
    server.wait(30)
