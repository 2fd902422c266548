"""Logs runs into an MLflow SQLite store with MLflow's own client, in a loop, until told to stop.

    python live_writer.py DATABASE --progress FILE --stop FILE [--params 6] [--metrics 3]
                          [--steps 12] [--dispose-every 5]

Each run i (named live-<i>, in experiment "live", tagged live=1 and live.index=<i>):
  1. create_run                                  (one transaction: the run and its tags)
  2. log_batch: params p0..pN = "<i>-<j>", then metrics m0..mK at steps 0..S-1
     (MLflow commits the params, then the metrics with latest_metrics, as two transactions)
  3. set_terminated(FINISHED)                    (one transaction)
so a run read as FINISHED must have every param, metric and step: anything less is a half read.
The latest value of metric mk is i + k / 10 + (S - 1) (its last step).

After each step a line "created i", "logged i" or "finished i" is appended to --progress (flushed
before the next step starts), so a reader knows what was committed before it started. Every
--dispose-every runs the client's SQLAlchemy engine is disposed: its connections close, and in WAL
mode the last close checkpoints and removes -wal and -shm, which the next run creates again (a
writer coming and going). The loop ends when the --stop file exists; "stopped N" is the last line.
Run by Tests/Scripts/live_store_check.py.
"""
import argparse
import os
import time

from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient

parser = argparse.ArgumentParser()
parser.add_argument("database")
parser.add_argument("--progress", required=True)
parser.add_argument("--stop", required=True)
parser.add_argument("--params", type=int, default=6)
parser.add_argument("--metrics", type=int, default=3)
parser.add_argument("--steps", type=int, default=12)
parser.add_argument("--dispose-every", type=int, default=5)
args = parser.parse_args()

client = MlflowClient(tracking_uri="sqlite:///" + os.path.abspath(args.database))
experiment = client.get_experiment_by_name("live")
experiment_id = experiment.experiment_id if experiment else client.create_experiment("live")
progress = open(args.progress, "a", buffering=1)


def note(line):
    progress.write(line + "\n")
    progress.flush()
    os.fsync(progress.fileno())


def dispose():
    """Closes the client's database connections (the store keeps its engine in `engine`)."""
    store = client._tracking_client.store
    engine = getattr(store, "engine", None)
    if engine is not None:
        engine.dispose()


note("ready")
index = 0
while not os.path.exists(args.stop):
    run = client.create_run(experiment_id, run_name=f"live-{index}", tags={"live": "1", "live.index": str(index)})
    run_id = run.info.run_id
    note(f"created {index} {run_id}")
    now = int(time.time() * 1000)
    params = [Param(f"p{j}", f"{index}-{j}") for j in range(args.params)]
    metrics = [Metric(f"m{k}", index + k / 10 + step, now + step, step)
               for k in range(args.metrics) for step in range(args.steps)]
    client.log_batch(run_id, metrics=metrics, params=params)
    note(f"logged {index} {run_id}")
    client.set_terminated(run_id, "FINISHED")
    note(f"finished {index} {run_id}")
    index += 1
    if args.dispose_every and index % args.dispose_every == 0:
        dispose()
note(f"stopped {index}")
