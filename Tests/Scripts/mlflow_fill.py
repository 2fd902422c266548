"""Fills an MLflow tracking server with the runs of a local MLflow SQLite store, through MLflow's
own client (REST): experiments, runs (name, start/end time, status, deleted or not), params,
every metric point (step, timestamp, value), tags, and each run's `.hydra/config.yaml` artifact
through the server's artifact proxy.

    python mlflow_fill.py SOURCE_DIR TRACKING_URL IDS_JSON

SOURCE_DIR holds mlflow.db and mlruns/ (a conformance store); the runs' artifacts are read at
SOURCE_DIR/mlruns/<experiment>/<run>/artifacts. The server gives new run and experiment ids: the
map from the source's ids to the server's is written to IDS_JSON ({"runs": {...}, "experiments":
{...}}), which the tests use to compare the two stores. Run by scripts/mlflow-server.sh.
"""
import json
import math
import os
import sqlite3
import sys

from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def main(source, url, ids_path):
    db = sqlite3.connect(f"file:{os.path.join(source, 'mlflow.db')}?mode=ro", uri=True)
    client = MlflowClient(tracking_uri=url)
    experiment_ids = {}
    for exp_id, name, stage in db.execute(
            "SELECT experiment_id, name, lifecycle_stage FROM experiments ORDER BY experiment_id"):
        existing = client.get_experiment_by_name(name)
        new_id = existing.experiment_id if existing else client.create_experiment(name)
        tags = db.execute("SELECT key, value FROM experiment_tags WHERE experiment_id = ?", (exp_id,)).fetchall()
        for key, value in tags:
            client.set_experiment_tag(new_id, key, value)
        experiment_ids[str(exp_id)] = new_id
    run_ids = {}
    rows = db.execute("SELECT run_uuid, name, experiment_id, status, lifecycle_stage, start_time, end_time "
                      "FROM runs ORDER BY start_time, run_uuid").fetchall()
    for run_uuid, name, exp_id, status, stage, start, end in rows:
        tags = dict(db.execute("SELECT key, value FROM tags WHERE run_uuid = ?", (run_uuid,)).fetchall())
        run = client.create_run(experiment_ids[str(exp_id)], start_time=start, tags=tags, run_name=name)
        new_id = run.info.run_id
        run_ids[run_uuid] = new_id
        params = [Param(k, v) for k, v in db.execute("SELECT key, value FROM params WHERE run_uuid = ?", (run_uuid,))]
        metrics = [Metric(k, math.nan if is_nan else v, ts, step) for k, v, ts, step, is_nan in db.execute(
            "SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? "
            "ORDER BY key, timestamp, step, value", (run_uuid,))]
        for part in chunks(params, 100):
            client.log_batch(new_id, params=part)
        for part in chunks(metrics, 1000):
            client.log_batch(new_id, metrics=part)
        config = os.path.join(source, "mlruns", str(exp_id), run_uuid, "artifacts", ".hydra", "config.yaml")
        if os.path.exists(config):
            client.log_artifact(new_id, config, artifact_path=".hydra")
        if status != "RUNNING":
            client.set_terminated(new_id, status=status, end_time=end)
        if stage == "deleted":
            client.delete_run(new_id)
    with open(ids_path, "w") as out:
        json.dump({"runs": run_ids, "experiments": experiment_ids}, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
