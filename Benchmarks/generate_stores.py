#!/usr/bin/env python3
"""Write format-exact synthetic MLflow stores for benchmarking RunKit.

Two kinds, both with N runs (default 10,000) spread over a few experiments:

* ``sqlite``: ``<out>/sqlite/mlflow.db`` (MLflow's SQLite tracking store; its schema,
  alembic version and bookkeeping rows are replayed from the fixture
  ``Tests/Fixtures/hydraflow-sqlite/mlflow.db``) plus, per run,
  ``<out>/sqlite/mlruns/<exp_id>/<run_id>/artifacts/.hydra/config.yaml`` (HydraFlow layout).
* ``file``: ``<out>/file/mlruns/`` (MLflow's legacy file store: experiment and run
  ``meta.yaml``, ``params/``, ``tags/``, ``metrics/`` with ``val/...`` keys as nested folders)
  with the same ``artifacts/.hydra/config.yaml`` per run.
* ``mlxp``: ``<out>/mlxp/logs/<n>/`` as MLXP's ``DefaultLogger`` writes it: ``metadata/config.yaml``
  and ``info.yaml``, ``metrics/train.json`` and ``test.json`` (one JSON object per line, a final
  ``test`` line with ``best_epoch``/``status_msg``), ``metrics/.keys/``, and a small
  ``artifacts/pickle/last_ckpt.pkl`` with ``artifacts/.keys/artifacts.yaml``.

Each run has 10 params, 5 tags (``mlflow.runName``, ``mlflow.user``, ``mlflow.source.name``,
``mlflow.source.type``, ``stage``), 5 metrics x 20 steps and a nested Hydra config written the
way OmegaConf writes it (PyYAML block style, keys in dataclass order). Statuses are mostly
FINISHED with some FAILED (NaN loss at the last step), KILLED and RUNNING (no end time) runs,
and ~1% of runs are deleted. Output is deterministic for a given ``--seed``.

After a store is complete, ``<out>/<kind>.json`` records how it was made; ``run.sh`` reuses a
store whose manifest matches. Python 3 standard library only.

    python3 Benchmarks/generate_stores.py --runs 10000 --kind both --out ~/.cache/runkit-bench/n10000

A million-run SQLite store (what ``planner.sh --runs 1000000`` makes): runs are described and
inserted CHUNK_RUNS at a time (peak memory 3.7 GB whatever N), and ``--metric-history last`` keeps
one point per metric in ``metrics`` (the full history would be 100M rows, ~27 GB; the questions of
issue 17 read ``latest_metrics``). It has a 4.8 GB mlflow.db and 1M config files (4M inodes,
~15 GB of 4 KiB blocks: ~20 GB in all) and took 21 minutes on 2 shared cores. ``--configs none``
skips the config files where inodes or disk are short.

    python3 Benchmarks/generate_stores.py --runs 1000000 --kind sqlite --metric-history last \
        --out ~/.cache/runkit-bench/n1000000
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import shutil
import sqlite3
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

GENERATOR_VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "Tests", "Fixtures", "hydraflow-sqlite", "mlflow.db")

# Tables whose rows describe runs and experiments: generated, never copied from the fixture.
RUN_TABLES = {"experiments", "experiment_tags", "runs", "params", "tags", "metrics", "latest_metrics"}

EXPERIMENT_NAMES = ["train", "finetune", "ablation", "sweep"]
METRIC_KEYS = ["loss", "val/loss", "val/acc", "grad_norm", "learning_rate"]
STEPS = 20
BASE_TIME_MS = 1_790_000_000_000
STATUS_CODES = {"RUNNING": 1, "SCHEDULED": 2, "FINISHED": 3, "FAILED": 4, "KILLED": 5}
# Runs described and inserted at a time into a SQLite store: memory stays bounded (3.7 GB) for a
# million runs, and stores of up to this many runs are inserted in one chunk, table after table, so their
# mlflow.db is byte-identical to the one generator version 1 wrote without chunks.
CHUNK_RUNS = 100_000


# --------------------------------------------------------------------------------------------
# YAML, written the way PyYAML's default (block-style) dumper writes it, as OmegaConf.to_yaml does.

def yaml_float(value: float) -> str:
    """PyYAML's ``represent_float``."""
    if value != value:
        return ".nan"
    if value == math.inf:
        return ".inf"
    if value == -math.inf:
        return "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def yaml_scalar(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_float(value)
    # Only plain strings that PyYAML leaves unquoted are generated (lowercase words, paths).
    return value


def yaml_block(mapping: dict, indent: int = 0, out: list | None = None) -> list:
    out = [] if out is None else out
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, dict):
            if value:
                out.append(f"{pad}{key}:\n")
                yaml_block(value, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {{}}\n")
        elif isinstance(value, list):
            if value:
                out.append(f"{pad}{key}:\n")
                for item in value:  # PyYAML's indentless sequences inside a mapping
                    out.append(f"{pad}- {yaml_scalar(item)}\n")
            else:
                out.append(f"{pad}{key}: []\n")
        else:
            out.append(f"{pad}{key}: {yaml_scalar(value)}\n")
    return out


def yaml_meta(fields: dict) -> str:
    """``yaml.safe_dump`` of a flat dict as MLflow writes meta.yaml (keys sorted)."""
    lines = []
    for key in sorted(fields):
        value = fields[key]
        if value == []:
            text = "[]"
        elif isinstance(value, str) and value == "":
            text = "''"
        elif isinstance(value, str) and (value.isdigit() or value in ("null", "true", "false")):
            text = f"'{value}'"
        else:
            text = yaml_scalar(value)
        lines.append(f"{key}: {text}\n")
    return "".join(lines)


# --------------------------------------------------------------------------------------------
# The runs: one deterministic description shared by both store kinds.

class RunSpec:
    __slots__ = ("run_id", "name", "exp_index", "status", "lifecycle", "start", "end",
                 "deleted_time", "config", "params", "tags", "metrics")


def make_config(rng: random.Random, index: int) -> dict:
    model_type = rng.choice(["mlp", "cnn", "resnet", "vit"])
    augment = rng.choice([["flip", "crop"], ["flip"], ["flip", "crop", "jitter"], []])
    return {
        "model": {
            "type": model_type,
            "hidden_size": rng.choice([64, 128, 256, 512, 1024]),
            "num_layers": rng.randint(2, 8),
            "dropout": rng.choice([None, 0.1, 0.2, 0.3]),
            "activation": rng.choice(["relu", "gelu", "silu"]),
        },
        "optimizer": {
            "name": rng.choice(["adam", "adamw", "sgd"]),
            "lr": rng.choice([0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001, 1e-05]),
            "weight_decay": rng.choice([0.0, 0.0001, 0.01]),
            "betas": [0.9, 0.999],
        },
        "data": {
            "name": rng.choice(["cifar10", "cifar100", "mnist"]),
            "batch_size": rng.choice([32, 64, 128, 256, 512]),
            "augment": augment,
            "num_workers": 4,
            "root": "/data/datasets",
        },
        "train": {
            "epochs": STEPS,
            "fail_at_epoch": None,
            "scheduler": {
                "name": rng.choice(["cosine", "step", "constant"]),
                "warmup_steps": rng.choice([0, 100, 500, 1000]),
            },
        },
        "seed": index % 10,
        "notes": None,
    }


def experiment_index(index: int, count: int) -> int:
    """The experiment (0-based) of the index-th of count runs: runs are split in equal blocks."""
    return index * len(EXPERIMENT_NAMES) // max(count, 1)


def iter_runs(count: int, seed: int):
    """The runs one at a time, so that a store of a million runs never holds them all."""
    rng = random.Random(seed)
    for index in range(count):
        spec = RunSpec()
        spec.run_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        spec.exp_index = experiment_index(index, count)
        config = make_config(rng, index)
        draw = rng.random()
        spec.status = ("FAILED" if draw < 0.03 else "KILLED" if draw < 0.04
                       else "RUNNING" if draw < 0.05 else "FINISHED")
        spec.lifecycle = "deleted" if rng.random() < 0.01 else "active"
        if spec.status == "FAILED":
            config["train"]["fail_at_epoch"] = STEPS - 1
        spec.config = config
        model, opt, data = config["model"], config["optimizer"], config["data"]
        spec.name = f"{model['type']}-lr{opt['lr']}-bs{data['batch_size']}-s{config['seed']}"
        spec.start = BASE_TIME_MS + index * 60_000 + rng.randint(0, 999)
        duration = STEPS * 1000 + 500
        spec.end = None if spec.status == "RUNNING" else spec.start + duration
        spec.deleted_time = (spec.start + duration + 3_600_000) if spec.lifecycle == "deleted" else None
        spec.params = {
            "model.type": model["type"],
            "model.hidden_size": str(model["hidden_size"]),
            "model.num_layers": str(model["num_layers"]),
            "model.dropout": str(model["dropout"]),
            "optimizer.name": opt["name"],
            "optimizer.lr": str(opt["lr"]),
            "optimizer.weight_decay": str(opt["weight_decay"]),
            "data.batch_size": str(data["batch_size"]),
            "data.augment": str(data["augment"]),
            "seed": str(config["seed"]),
        }
        spec.tags = {
            "mlflow.runName": spec.name,
            "mlflow.user": "researcher",
            "mlflow.source.name": "train.py",
            "mlflow.source.type": "LOCAL",
            "stage": "dev" if config["seed"] % 2 else "prod",
        }
        # metrics[key] = [(step, timestamp, value)], in logging order.
        metrics = {key: [] for key in METRIC_KEYS}
        scale = 1.0 + rng.random()
        lr = opt["lr"]
        for step in range(STEPS):
            ts = spec.start + (step + 1) * 1000
            loss = scale * math.exp(-step / 6.0) + 0.05 * rng.random()
            metrics["loss"].append((step, ts, loss))
            metrics["val/loss"].append((step, ts + 3, loss * (1.05 + 0.1 * rng.random())))
            metrics["val/acc"].append((step, ts + 3, 1.0 - math.exp(-step / 5.0) * (0.8 + 0.1 * rng.random())))
            metrics["grad_norm"].append((step, ts + 5, 0.5 + 2.0 * rng.random()))
            metrics["learning_rate"].append((step, ts + 6, lr * 0.5 * (1 + math.cos(math.pi * step / STEPS))))
        if spec.status == "FAILED":  # the loss diverged at the last epoch
            step, ts, _ = metrics["loss"][-1]
            metrics["loss"][-1] = (step, ts, math.nan)
        spec.metrics = metrics
        yield spec


def chunks(iterable, size: int):
    """Lists of up to ``size`` items of ``iterable``, in order."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def latest_point(points):
    """MLflow's rule: the max of (step, timestamp, value); a NaN at the max step still wins."""
    return max(points, key=lambda p: (p[0], p[1], -math.inf if p[2] != p[2] else p[2]))


# --------------------------------------------------------------------------------------------
# The SQLite store.

def write_sqlite(root: str, runs, count: int, schema_db: str, stale_root: str | None, jobs: int,
                 history: str = "full", configs: str = "all") -> None:
    """``runs`` is an iterable of ``count`` specs, consumed in chunks of CHUNK_RUNS; ``history``
    "last" writes only each metric's latest point into ``metrics``; ``configs`` "none" writes no
    config.yaml files."""
    begin = time.perf_counter()
    os.makedirs(root)
    db_path = os.path.join(root, "mlflow.db")
    artifact_root = stale_root or os.path.abspath(root)

    fixture = sqlite3.connect(f"file:{schema_db}?mode=ro", uri=True)
    schema = fixture.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    copied_rows = {}
    for kind, name, _ in schema:
        if kind == "table" and name not in RUN_TABLES:
            rows = fixture.execute(f'SELECT * FROM "{name}"').fetchall()
            if rows:
                copied_rows[name] = rows
    pragmas = {p: fixture.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "user_version", "auto_vacuum")}
    fixture.close()

    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute(f"PRAGMA page_size = {int(pragmas['page_size'])}")
    db.execute(f"PRAGMA auto_vacuum = {int(pragmas['auto_vacuum'])}")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    # Tables (with their inline constraints) first, in the fixture's order; secondary indexes and
    # triggers after the bulk insert, which is much faster and gives the same schema.
    for kind, name, sql in schema:
        if kind == "table":
            db.execute(sql)
    for name, rows in copied_rows.items():
        marks = ",".join("?" * len(rows[0]))
        db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    db.execute(f"PRAGMA user_version = {int(pragmas['user_version'])}")

    created = BASE_TIME_MS - 86_400_000
    experiments = [(0, "Default", f"{artifact_root}/mlruns/0", "active", created, created, "default")]
    for index, name in enumerate(EXPERIMENT_NAMES, start=1):
        experiments.append((index, name, f"{artifact_root}/mlruns/{index}", "active",
                            created + index, created + index, "default"))
    db.executemany("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage,"
                   " creation_time, last_update_time, workspace) VALUES (?,?,?,?,?,?,?)", experiments)

    mlruns = os.path.join(root, "mlruns")
    exp_ids = sorted({experiment_index(index, count) + 1 for index in range(count)})
    for exp_id in exp_ids:
        os.makedirs(os.path.join(mlruns, str(exp_id)))
    experiment_fds = {exp_id: open_dir(os.path.join(mlruns, str(exp_id))) for exp_id in exp_ids}

    def write_config(spec: RunSpec) -> None:
        run_fd = make_dir(spec.run_id, experiment_fds[spec.exp_index + 1])
        try:
            os.mkdir("artifacts", dir_fd=run_fd)
            os.mkdir("artifacts/.hydra", dir_fd=run_fd)
            write_at(run_fd, "artifacts/.hydra/config.yaml", "".join(yaml_block(spec.config)))
        finally:
            os.close(run_fd)

    config_seconds = 0.0
    try:
        for chunk in chunks(runs, CHUNK_RUNS):
            insert_runs(db, chunk, artifact_root, history)
            if configs == "all":
                started = time.perf_counter()
                for_each(chunk, write_config, jobs)
                config_seconds += time.perf_counter() - started
    finally:
        for fd in experiment_fds.values():
            os.close(fd)
    for kind, name, sql in schema:
        if kind != "table":
            db.execute(sql)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    log(f"  mlflow.db: {time.perf_counter() - begin - config_seconds:.2f} s")
    log(f"  config files: {config_seconds:.2f} s" if configs == "all" else "  config files: none (--configs none)")


def insert_runs(db, runs: list[RunSpec], artifact_root: str, history: str) -> None:
    """Inserts the rows of ``runs`` table after table; ``history`` "last" keeps one point per metric."""
    run_rows, param_rows, tag_rows, metric_rows, latest_rows = [], [], [], [], []
    for spec in runs:
        exp_id = spec.exp_index + 1
        run_rows.append((spec.run_id, spec.name, "UNKNOWN", "", "", "researcher", spec.status,
                         spec.start, spec.end, "", spec.lifecycle,
                         f"{artifact_root}/mlruns/{exp_id}/{spec.run_id}/artifacts", exp_id,
                         spec.deleted_time))
        rid = spec.run_id
        param_rows.extend((key, value, rid) for key, value in spec.params.items())
        tag_rows.extend((key, value, rid) for key, value in spec.tags.items())
        for key, points in spec.metrics.items():
            step, ts, value = latest_point(points)
            for step_, ts_, value_ in (points if history == "full" else [(step, ts, value)]):
                nan = value_ != value_
                metric_rows.append((key, 0.0 if nan else value_, ts_, rid, step_, 1 if nan else 0))
            nan = value != value
            latest_rows.append((key, 0.0 if nan else value, ts, step, 1 if nan else 0, rid))
    db.executemany("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id,"
                   " status, start_time, end_time, source_version, lifecycle_stage, artifact_uri,"
                   " experiment_id, deleted_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", run_rows)
    db.executemany('INSERT INTO params ("key", value, run_uuid) VALUES (?,?,?)', param_rows)
    db.executemany('INSERT INTO tags ("key", value, run_uuid) VALUES (?,?,?)', tag_rows)
    db.executemany('INSERT INTO metrics ("key", value, timestamp, run_uuid, step, is_nan) VALUES (?,?,?,?,?,?)',
                   metric_rows)
    db.executemany('INSERT INTO latest_metrics ("key", value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)',
                   latest_rows)


# --------------------------------------------------------------------------------------------
# The legacy file store.

# Tens of thousands of small files: raw descriptors relative to the run folder (no path
# resolution from /, no Python file objects) are several times faster than open()/makedirs().
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL


def log(message: str) -> None:
    print(message, file=sys.stderr)


def open_dir(path: str, dir_fd: int | None = None) -> int:
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY, dir_fd=dir_fd)


def make_dir(name: str, dir_fd: int) -> int:
    os.mkdir(name, dir_fd=dir_fd)
    return open_dir(name, dir_fd)


def write_at(dir_fd: int, name: str, text: str) -> None:
    fd = os.open(name, NEW_FILE, 0o644, dir_fd=dir_fd)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def for_each(runs: list, body, jobs: int) -> None:
    """Runs ``body`` on every run with ``jobs`` threads: file creation here is latency-bound in
    the kernel (the GIL is released), so a few threads overlap it even on two cores."""
    if jobs <= 1:
        for spec in runs:
            body(spec)
        return
    def work(chunk):
        for spec in chunk:
            body(spec)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(work, runs[k::jobs]) for k in range(jobs)]:
            future.result()


def write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_file_store(root: str, runs: list[RunSpec], seed: int, stale_root: str | None, jobs: int) -> None:
    mlruns = os.path.join(root, "mlruns")
    os.makedirs(mlruns)
    uri_root = "file://" + (stale_root or os.path.abspath(root)) + "/mlruns"
    rng = random.Random(seed + 1)
    created = BASE_TIME_MS - 86_400_000

    def experiment_meta(exp_id: str, name: str, created_ms: int) -> str:
        return yaml_meta({
            "artifact_location": f"{uri_root}/{exp_id}",
            "creation_time": created_ms,
            "effective_trace_archival_retention": None,
            "experiment_id": exp_id,
            "last_update_time": created_ms,
            "lifecycle_stage": "active",
            "name": name,
            "trace_location": None,
            "workspace": "default",
        })

    os.makedirs(os.path.join(mlruns, "0"))
    write_text(os.path.join(mlruns, "0", "meta.yaml"), experiment_meta("0", "Default", created))
    exp_ids = []
    for index, name in enumerate(EXPERIMENT_NAMES, start=1):
        exp_id = str(rng.randrange(10 ** 17, 10 ** 18))
        exp_ids.append(exp_id)
        os.makedirs(os.path.join(mlruns, exp_id))
        write_text(os.path.join(mlruns, exp_id, "meta.yaml"), experiment_meta(exp_id, name, created + index))

    experiment_fds = [open_dir(os.path.join(mlruns, exp_id)) for exp_id in exp_ids]

    def write_run(spec: RunSpec) -> None:
        run_fd = make_dir(spec.run_id, experiment_fds[spec.exp_index])
        try:
            write_file_run(run_fd, spec, exp_ids[spec.exp_index], uri_root)
        finally:
            os.close(run_fd)

    try:
        for_each(runs, write_run, jobs)
    finally:
        for fd in experiment_fds:
            os.close(fd)


def write_file_run(run_fd: int, spec: RunSpec, exp_id: str, uri_root: str) -> None:
    for sub in ("params", "tags", "metrics", "metrics/val", "artifacts", "artifacts/.hydra"):
        os.mkdir(sub, dir_fd=run_fd)
    meta = {
        "artifact_uri": f"{uri_root}/{exp_id}/{spec.run_id}/artifacts",
        "end_time": spec.end,
        "entry_point_name": "",
        "experiment_id": exp_id,
        "lifecycle_stage": spec.lifecycle,
        "run_id": spec.run_id,
        "run_name": spec.name,
        "source_name": "",
        "source_type": 4,
        "source_version": "",
        "start_time": spec.start,
        "status": STATUS_CODES[spec.status],
        "tags": [],
        "user_id": "researcher",
    }
    if spec.deleted_time is not None:
        meta["deleted_time"] = spec.deleted_time
    write_at(run_fd, "meta.yaml", yaml_meta(meta))
    # Param and tag files hold the bare value, no trailing newline; a "/" in a key is a folder.
    for key, value in spec.params.items():
        write_at(run_fd, "params/" + key, value)
    for key, value in spec.tags.items():
        write_at(run_fd, "tags/" + key, value)
    for key, points in spec.metrics.items():
        # One "<timestamp> <value> <step>" line per point; str(float) as MLflow writes it (nan literally).
        write_at(run_fd, "metrics/" + key, "".join(f"{ts} {value} {step}\n" for step, ts, value in points))
    write_at(run_fd, "artifacts/.hydra/config.yaml", "".join(yaml_block(spec.config)))


# --------------------------------------------------------------------------------------------
# The MLXP log folder.

MLXP_STATUS = {"FINISHED": "COMPLETE", "FAILED": "FAILED", "RUNNING": "RUNNING", "KILLED": "RUNNING"}


def mlxp_clock(ms: int | None) -> tuple[str, str]:
    """MLXP's ``%d/%m/%Y`` and ``%H:%M:%S`` strings (UTC here), empty for a run that never ended."""
    if ms is None:
        return "", ""
    moment = time.gmtime(ms / 1000)
    return time.strftime("%d/%m/%Y", moment), time.strftime("%H:%M:%S", moment)


def write_mlxp_store(root: str, runs: list[RunSpec], jobs: int) -> None:
    logs = os.path.join(root, "logs")
    os.makedirs(logs)
    app = "/home/researcher/mlxp_app"
    numbered = list(enumerate(runs, start=1))

    def write_run(item) -> None:
        number, spec = item
        run_fd = make_dir(str(number), logs_fd)
        try:
            for sub in ("metadata", "metrics", "metrics/.keys", "artifacts", "artifacts/.keys", "artifacts/pickle"):
                os.mkdir(sub, dir_fd=run_fd)
            start_date, start_time = mlxp_clock(spec.start)
            end_date, end_time = mlxp_clock(spec.end)
            log_dir = f"{app}/logs/{number}"
            info = [
                f"status: {MLXP_STATUS[spec.status]}\n",
                f"current_file_path: {app}/main.py\n",
                "executable: /home/researcher/.venv/bin/python\n",
                "hostname: node01\n",
                f"process_id: {1000 + number}\n",
                f"start_date: {start_date}\n",
                f"start_time: '{start_time}'\n",
                f"end_date: {end_date or chr(39) * 2}\n",
                f"end_time: {chr(39) + end_time + chr(39) if end_time else chr(39) * 2}\n",
                f"work_dir: {app}\n",
                "logger:\n",
                f"  log_id: {number}\n",
                f"  log_dir: {log_dir}\n",
                f"  metrics_dir: {log_dir}/metrics\n",
                f"  metadata_dir: {log_dir}/metadata\n",
                f"  artifacts_dir: {log_dir}/artifacts\n",
                "scheduler: null\n",
                "version_manager: null\n",
            ]
            write_at(run_fd, "metadata/info.yaml", "".join(info))
            write_at(run_fd, "metadata/config.yaml", "".join(yaml_block(spec.config)))
            train, test = [], []
            for step in range(STEPS):
                loss, val_loss, acc, grad = (spec.metrics[key][step][2] for key in ("loss", "val/loss", "val/acc", "grad_norm"))
                train.append(json.dumps({"loss": loss, "epoch": step, "grad_norm": grad}) + "\n")
                test.append(json.dumps({"loss": val_loss, "epoch": step, "acc": acc}) + "\n")
            if spec.end is not None:
                best = min(range(STEPS), key=lambda k: spec.metrics["val/loss"][k][2])
                test.append(json.dumps({"best_epoch": best, "best_loss": spec.metrics["val/loss"][best][2],
                                        "status_msg": "converged" if spec.status == "FINISHED" else "diverged"}) + "\n")
            write_at(run_fd, "metrics/train.json", "".join(train))
            write_at(run_fd, "metrics/test.json", "".join(test))
            write_at(run_fd, "metrics/.keys/train.yaml", "epoch: ''\ngrad_norm: ''\nloss: ''\n")
            write_at(run_fd, "metrics/.keys/test.yaml",
                     "acc: ''\nbest_epoch: ''\nbest_loss: ''\nepoch: ''\nloss: ''\nstatus_msg: ''\n")
            write_at(run_fd, "artifacts/pickle/last_ckpt.pkl", "\x80\x04K\x13.")
            write_at(run_fd, "artifacts/.keys/artifacts.yaml", "pickle:\n  ? ''\n  : last_ckpt.pkl: ''\n")
        finally:
            os.close(run_fd)

    logs_fd = open_dir(logs)
    try:
        for_each(numbered, write_run, jobs)
    finally:
        os.close(logs_fd)


# --------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    if argv == ["--generator-version"]:  # run.sh reuses stores made by the same version
        print(GENERATOR_VERSION)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per store (default 10000)")
    parser.add_argument("--kind", choices=["sqlite", "file", "mlxp", "both", "all"], default="both",
                        help="both = sqlite and file; all = sqlite, file and mlxp")
    parser.add_argument("--out", required=True, help="output folder (gets sqlite/, file/ and/or mlxp/)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--schema-from", default=DEFAULT_SCHEMA,
                        help="MLflow database whose schema is replayed (default: the hydraflow-sqlite fixture)")
    parser.add_argument("--jobs", type=int, default=4, help="threads writing files (default 4)")
    parser.add_argument("--stale-root", default=None,
                        help="record artifact paths under this (nonexistent) root, as in a copied store")
    parser.add_argument("--metric-history", choices=["full", "last"], default="full",
                        help="sqlite: every step in the metrics table (default), or only the latest"
                             " point (a 1M-run store: 5M rows instead of 100M, ~3 GB instead of ~27 GB)")
    parser.add_argument("--configs", choices=["all", "none"], default="all",
                        help="sqlite: a config.yaml per run (default), or none")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not os.path.isfile(args.schema_from):
        parser.error(f"schema database not found: {args.schema_from}")

    out = os.path.abspath(os.path.expanduser(args.out))
    os.makedirs(out, exist_ok=True)
    kinds = {"both": ["sqlite", "file"], "all": ["sqlite", "file", "mlxp"]}.get(args.kind, [args.kind])
    for kind in kinds:
        target = os.path.join(out, kind)
        manifest = os.path.join(out, f"{kind}.json")
        if os.path.exists(target):
            if not os.path.exists(manifest):
                print(f"error: {target} exists and was not made by this script; remove it first.", file=sys.stderr)
                return 1
            shutil.rmtree(target)
        if os.path.exists(manifest):
            os.remove(manifest)
        begin = time.perf_counter()
        runs = iter_runs(args.runs, args.seed)
        extra = {}
        if kind == "sqlite":
            write_sqlite(target, runs, args.runs, args.schema_from, args.stale_root, args.jobs,
                         args.metric_history, args.configs)
            # recorded only when not the default, so that older manifests still match
            extra = {key: value for key, value in (("metric_history", args.metric_history), ("configs", args.configs))
                     if value not in ("full", "all")}
        elif kind == "file":
            write_file_store(target, list(runs), args.seed, args.stale_root, args.jobs)
        else:
            write_mlxp_store(target, list(runs), args.jobs)
        elapsed = time.perf_counter() - begin
        with open(manifest, "w", encoding="utf-8") as handle:
            json.dump({"kind": kind, "runs": args.runs, "seed": args.seed,
                       "stale_root": args.stale_root, "generator_version": GENERATOR_VERSION,
                       "store": target, **extra}, handle)
            handle.write("\n")
        log(f"wrote {kind} store of {args.runs} runs to {target} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
