"""Reads an MLflow SQLite store with `runkit list`, `group` and `show` while MLflow's own client
writes into it (Tests/Scripts/live_writer.py), and checks every answer.

    python live_store_check.py --runkit BINARY --fixture DIR [--reads 210] [--readers 2] [--modes default,wal]

For each journal mode (`default`: MLflow's, a rollback journal; `wal`: the copy is switched to WAL
first) the fixture folder (mlflow.db + mlruns/) is copied to a temporary folder, the writer is
started on the copy, and --reads commands are run by --readers threads, each running its commands
one after the other (list, group, show in turn; every other list through --index). Each answer
must be:
  - a success: exit status 0, nothing on stderr, JSON that parses;
  - complete: every run the writer had finished before the command started is there, FINISHED,
    with all its params, metrics (and, for show, every step of every metric);
  - a consistent snapshot: no run half read (a FINISHED run lacks nothing; a RUNNING one has all or
    none of its params and all or none of its metrics, its history agreeing with its metrics);
    counts never go down from one answer to the next of a reader; group's sums match its counts;
  - read without a trace: in the default mode no -wal or -shm file ever appears beside the
    database (the writer never makes one), and in both modes none is left when the writer stops.
Runs with the Python that has mlflow (the writer uses it too). Prints a summary per mode; exits 1
with the first problems on any failure. Run by Tests/RunKitCLITests/LiveStoreTests.swift.
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS, METRICS, STEPS = 6, 3, 12

parser = argparse.ArgumentParser()
parser.add_argument("--runkit", required=True)
parser.add_argument("--fixture", required=True)
parser.add_argument("--reads", type=int, default=210)
parser.add_argument("--readers", type=int, default=2)
parser.add_argument("--modes", default="default,wal")
args = parser.parse_args()


def progress(path):
    """The writer's progress: indices created and finished, and run ids by index."""
    created, finished, ids = set(), set(), {}
    with open(path) as file:
        for line in file:
            parts = line.split()
            if len(parts) == 3 and parts[0] in ("created", "finished"):
                (created if parts[0] == "created" else finished).add(int(parts[1]))
                ids[int(parts[1])] = parts[2]
    return created, finished, ids


def expected_metric(index, k, step=STEPS - 1):
    return index + k / 10 + step


class Checker:
    """The checks of one reader (a thread running its commands one after the other)."""

    def __init__(self, mode, problems):
        self.mode = mode
        self.problems = problems
        self.last_list_total = self.last_list_finished = 0
        self.last_group_total = self.last_group_finished = 0
        self.counts = {"list": 0, "group": 0, "show": 0}

    def fail(self, read, message):
        self.problems.append(f"[{self.mode}] read {read}: {message}")

    def check_run(self, read, run, complete_history=None):
        """A live run: FINISHED means complete; RUNNING means all-or-nothing params and metrics."""
        index = int(run["tags"]["live.index"])
        params, metrics = run["params"], run["metrics"]
        want_params = {f"p{j}": f"{index}-{j}" for j in range(PARAMS)}
        want_metrics = {f"m{k}": expected_metric(index, k) for k in range(METRICS)}
        if run["run_name"] != f"live-{index}":
            self.fail(read, f"run {index} is named {run['run_name']!r}")
        if run["status"] == "FINISHED":
            if params != want_params:
                self.fail(read, f"FINISHED run {index} half read: params {params}")
            if metrics != want_metrics:
                self.fail(read, f"FINISHED run {index} half read: metrics {metrics}")
        else:
            if params not in ({}, want_params):
                self.fail(read, f"{run['status']} run {index} half read: params {params}")
            if metrics not in ({}, want_metrics):
                self.fail(read, f"{run['status']} run {index} half read: metrics {metrics}")
        if complete_history is not None:
            history = complete_history
            if set(history) != set(metrics):
                self.fail(read, f"run {index}: history of {sorted(history)} but metrics {sorted(metrics)}")
            for key, points in history.items():
                k = int(key[1:])
                steps = [point[0] for point in points]
                values = [point[2] for point in points]
                if steps != list(range(STEPS)) or values != [expected_metric(index, k, s) for s in range(STEPS)]:
                    self.fail(read, f"run {index}: history of {key} is {points}")
        return index

    def check_list(self, read, runs, finished_before, created_after):
        live = {}
        for run in runs:
            if run["tags"].get("live") == "1":
                live[self.check_run(read, run)] = run
        for index in finished_before:
            if index not in live or live[index]["status"] != "FINISHED":
                self.fail(read, f"run {index}, finished before the read, is {'missing' if index not in live else live[index]['status']}")
        if not set(live) <= created_after:
            self.fail(read, f"runs {sorted(set(live) - created_after)} listed before they were created")
        finished = sum(run["status"] == "FINISHED" for run in live.values())
        if len(runs) < self.last_list_total or finished < self.last_list_finished:
            self.fail(read, f"counts went down: {self.last_list_total} -> {len(runs)} runs, {self.last_list_finished} -> {finished} finished")
        self.last_list_total, self.last_list_finished = len(runs), finished

    def check_group(self, read, rows, finished_before):
        total = finished = 0
        for row in rows:
            count = row["count()"]
            total += count
            if row["status"] == "FINISHED":
                finished = count
                # Runs finish in order: the FINISHED ones are live-0 .. live-(count-1).
                want_sum = sum(expected_metric(i, 0) for i in range(count))
                if row["count(params.p0)"] != count or row["count(metrics.m0)"] != count \
                        or abs((row["sum(metrics.m0)"] or 0) - want_sum) > 1e-6:
                    self.fail(read, f"FINISHED group half read: {row}")
        if finished < len(finished_before):
            self.fail(read, f"group counts {finished} FINISHED runs; {len(finished_before)} had finished before the read")
        if total < self.last_group_total or finished < self.last_group_finished:
            self.fail(read, f"group counts went down: {self.last_group_total} -> {total}, {self.last_group_finished} -> {finished}")
        self.last_group_total, self.last_group_finished = total, finished

    def check_show(self, read, record, index, finished_before):
        self.check_run(read, record, complete_history=record.get("metric_history", {}))
        if index in finished_before and record["status"] != "FINISHED":
            self.fail(read, f"show of run {index}, finished before the read, says {record['status']}")


def run_mode(mode):
    folder = tempfile.mkdtemp(prefix=f"runkit-live-{mode}-")
    store = os.path.join(folder, "store")
    shutil.copytree(args.fixture, store)
    database = os.path.join(store, "mlflow.db")
    if mode == "wal":
        connection = sqlite3.connect(database)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.close()
    for suffix in ("-wal", "-shm", "-journal"):
        if os.path.exists(database + suffix):
            raise SystemExit(f"{database + suffix} exists before the writer started")
    progress_path = os.path.join(folder, "progress")
    stop = os.path.join(folder, "stop")
    open(progress_path, "w").close()
    log = open(os.path.join(folder, "writer.log"), "w")
    writer = subprocess.Popen([sys.executable, os.path.join(HERE, "live_writer.py"), database,
                               "--progress", progress_path, "--stop", stop,
                               "--params", str(PARAMS), "--metrics", str(METRICS), "--steps", str(STEPS)],
                              cwd=store, stdout=log, stderr=subprocess.STDOUT)
    env = dict(os.environ, RUNKIT_CACHE_DIR=os.path.join(folder, "cache"), NO_COLOR="1")
    env.pop("MLFLOW_TRACKING_URI", None)
    env.pop("RUNKIT_INDEX", None)
    problems = []
    checkers = [Checker(mode, problems) for _ in range(args.readers)]
    started = time.monotonic()

    def reader(number):
        checker = checkers[number]
        for read in range(number, args.reads, args.readers):
            kind = ("list", "group", "show")[read % 3]
            created_before, finished_before, ids = progress(progress_path)
            if kind == "list":
                command = ["list", store, "--format", "json"] + (["--index"] if read % 2 else [])
            elif kind == "group":
                command = ["group", store, "--where", "tags.live = '1'", "--by", "status", "--agg", "count()",
                           "--agg", "count(params.p0)", "--agg", "count(metrics.m0)", "--agg", "sum(metrics.m0)",
                           "--format", "json"]
            else:
                # The newest run (being written now) or, every other time, one finished earlier.
                index = max(created_before) if read % 2 else sorted(finished_before)[len(finished_before) // 2]
                command = ["show", ids[index], store]
            result = subprocess.run([args.runkit] + command, capture_output=True, text=True, env=env)
            created_after = progress(progress_path)[0]
            checker.counts[kind] += 1
            if result.returncode != 0 or result.stderr:
                checker.fail(read, f"runkit {kind} exited {result.returncode}: {result.stderr.strip()[:300]}")
                continue
            try:
                answer = json.loads(result.stdout)
            except ValueError as error:
                checker.fail(read, f"runkit {kind} printed no JSON ({error}): {result.stdout[:200]!r}")
                continue
            if kind == "list":
                checker.check_list(read, answer, finished_before, created_after)
            elif kind == "group":
                checker.check_group(read, answer, finished_before)
            else:
                checker.check_show(read, answer, index, finished_before)
            if mode == "default":
                for suffix in ("-wal", "-shm"):
                    if os.path.exists(database + suffix):
                        checker.fail(read, f"{os.path.basename(database + suffix)} appeared beside the database")

    try:
        deadline = time.monotonic() + 120
        while not progress(progress_path)[1]:
            if writer.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise SystemExit(f"[{mode}] the writer did not finish a run:\n" + open(log.name).read()[-3000:])
            time.sleep(0.1)
        threads = [threading.Thread(target=reader, args=(number,)) for number in range(args.readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        open(stop, "w").close()
        try:
            writer.wait(timeout=60)
        except subprocess.TimeoutExpired:
            writer.kill()
            problems.append(f"[{mode}] the writer did not stop")
    if writer.returncode != 0:
        problems.append(f"[{mode}] the writer failed:\n{open(log.name).read()[-3000:]}")
    for suffix in ("-wal", "-shm", "-journal"):
        if os.path.exists(database + suffix):
            problems.append(f"[{mode}] {os.path.basename(database + suffix)} is left beside the database after the writer stopped")
    written = len(progress(progress_path)[1])
    final = subprocess.run([args.runkit, "list", store, "--format", "json", "--where", "tags.live = '1'"],
                           capture_output=True, text=True, env=env)
    if final.returncode != 0 or len(json.loads(final.stdout or "[]")) != written:
        problems.append(f"[{mode}] after the writer stopped, list gave {final.returncode} {final.stderr.strip()} and not the {written} runs written")
    seconds = time.monotonic() - started
    counts = {kind: sum(checker.counts[kind] for checker in checkers) for kind in ("list", "group", "show")}
    reads = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"{mode}: {sum(counts.values())} reads ({reads}) by {args.readers} readers while {written} runs "
          f"were written in {seconds:.1f} s: {len(problems)} problems")
    shutil.rmtree(folder, ignore_errors=True)
    return problems


problems = []
for mode in args.modes.split(","):
    problems += run_mode(mode)
for problem in problems[:40]:
    print(problem)
if len(problems) > 40:
    print(f"... and {len(problems) - 40} more")
sys.exit(1 if problems else 0)
