#!/usr/bin/env python3
"""Benchmarks/change_store.py KIND STORE N — changes a scratch copy of a synthetic store the way a
running sweep would: appends a metric value to N existing runs and adds N new runs (copies of
existing ones under new ids). Used by index.sh to time an index refresh after changes; never
run on a store that matters. Standard-library Python only."""
import os
import shutil
import sqlite3
import sys
import time
import uuid


def change_file_store(store, n):
    mlruns = os.path.join(store, "mlruns") if os.path.isdir(os.path.join(store, "mlruns")) else store
    experiment = next(e for e in sorted(os.listdir(mlruns)) if e.isdigit() and e != "0")
    folder = os.path.join(mlruns, experiment)
    runs = sorted(r for r in os.listdir(folder) if len(r) == 32)[: 2 * n]
    now = int(time.time() * 1000)
    for run in runs[:n]:
        with open(os.path.join(folder, run, "metrics", "loss"), "a") as f:
            f.write(f"{now} 0.001 999\n")
    for run in runs[n:]:
        new = uuid.uuid4().hex
        shutil.copytree(os.path.join(folder, run), os.path.join(folder, new))
        meta = os.path.join(folder, new, "meta.yaml")
        with open(meta) as f:
            text = f.read().replace(run, new)
        with open(meta, "w") as f:
            f.write(text)


def change_sqlite_store(store, n):
    db = sqlite3.connect(os.path.join(store, "mlflow.db"))
    runs = [r[0] for r in db.execute("SELECT run_uuid FROM runs ORDER BY run_uuid LIMIT ?", (2 * n,))]
    now = int(time.time() * 1000)
    for run in runs[:n]:
        db.execute("UPDATE latest_metrics SET value = 0.001, timestamp = ?, step = 999 WHERE run_uuid = ? AND key = 'loss'", (now, run))
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if any(c[1] == "run_uuid" for c in db.execute(f"PRAGMA table_info('{t}')"))]
    for run in runs[n:]:
        new = uuid.uuid4().hex
        for table in tables:
            columns = [c[1] for c in db.execute(f"PRAGMA table_info('{table}')")]
            select = ", ".join("?" if c == "run_uuid" else f'"{c}"' for c in columns)
            names = ", ".join(f'"{c}"' for c in columns)
            db.execute(f'INSERT INTO "{table}" ({names}) SELECT {select} FROM "{table}" WHERE run_uuid = ?', (new, run))
    db.commit()
    db.close()


def change_mlxp_store(store, n):
    logs = os.path.join(store, "logs") if os.path.isdir(os.path.join(store, "logs")) else store
    numbers = sorted(int(d) for d in os.listdir(logs) if d.isdigit())
    for number in numbers[:n]:
        with open(os.path.join(logs, str(number), "metrics", "train.json"), "a") as f:
            f.write('{"loss": 0.001, "epoch": 999}\n')
    last = numbers[-1]
    for offset, number in enumerate(numbers[n : 2 * n], start=1):
        shutil.copytree(os.path.join(logs, str(number)), os.path.join(logs, str(last + offset)))


if __name__ == "__main__":
    kind, store, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"file": change_file_store, "sqlite": change_sqlite_store, "mlxp": change_mlxp_store}[kind](store, n)
