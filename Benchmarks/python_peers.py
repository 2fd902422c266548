#!/usr/bin/env python3
"""Run one Python peer's load of a synthetic store, as a user would, and report what it did.

Run with the benchmark venv's python (``Benchmarks/python_venv.sh`` makes it); ``compare.sh``
times each call as a whole process (imports included) under ``/usr/bin/time -v``. On stdout, one
JSON line: the tool, its version, the rows it returned, and the in-process seconds of the import
and of the operation itself (so a reader can take the import out).

    python_peers.py mlflow STORE_URI           # mlflow.search_runs(experiment_ids=<all>) -> DataFrame
    python_peers.py hydraflow STORE_URI        # Run.load(iter_run_dirs()) + filter + to_frame
    python_peers.py mlxp LOGS SCRATCH          # Reader(LOGS, dst_dir=SCRATCH).filter(...) -> MLXP DataFrame
    python_peers.py mlflow-filter STORE_URI FILTER             # search_runs(filter_string=FILTER) (planner.sh)
    python_peers.py mlflow-group STORE_URI PARAM METRIC        # search_runs + pandas groupby(PARAM):
                                                               # mean/std/count of METRIC (planner.sh)

STORE_URI is an MLflow tracking URI (``sqlite:///…/mlflow.db`` or ``file:///…/mlruns``). MLflow 3.x
refuses a file store unless ``MLFLOW_ALLOW_FILE_STORE=true``, which is set here (reading only).
The filter is the one ``compare.sh`` gives RunKit: ``model.type == 'cnn'``.
"""

import json
import os
import sys
import time

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
t0 = time.perf_counter()


def report(tool, version, rows, t_import, t_op, **extra):
    print(json.dumps({"tool": tool, "version": version, "rows": rows,
                      "import_s": round(t_import, 4), "op_s": round(t_op, 4), **extra}))


def run_mlflow(uri):
    import mlflow
    from mlflow.tracking import MlflowClient
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    mlflow.set_tracking_uri(uri)
    ids = [e.experiment_id for e in MlflowClient().search_experiments()]
    df = mlflow.search_runs(experiment_ids=ids)
    t_op = time.perf_counter() - t1
    report("mlflow.search_runs", mlflow.__version__, len(df), t_import, t_op, columns=len(df.columns))


def search_all(uri, filter_string=""):
    import mlflow
    from mlflow.tracking import MlflowClient
    mlflow.set_tracking_uri(uri)
    ids = [e.experiment_id for e in MlflowClient().search_experiments()]
    return mlflow, mlflow.search_runs(experiment_ids=ids, filter_string=filter_string)


def run_mlflow_filter(uri, filter_string):
    import mlflow  # noqa: F401 (the import is reported apart from the operation)
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    mlflow, df = search_all(uri, filter_string)
    report("mlflow.search_runs(filter_string)", mlflow.__version__, len(df), t_import, time.perf_counter() - t1)


def run_mlflow_group(uri, param, metric):
    import mlflow  # noqa: F401
    import pandas  # noqa: F401
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    mlflow, df = search_all(uri)
    groups = df.groupby(f"params.{param}")[f"metrics.{metric}"].agg(["mean", "std", "count"])
    report("mlflow.search_runs + pandas groupby", mlflow.__version__, len(groups), t_import, time.perf_counter() - t1)


def run_hydraflow(uri):
    import mlflow
    import hydraflow
    from hydraflow import Run, iter_run_dirs
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    mlflow.set_tracking_uri(uri)
    runs = Run.load(iter_run_dirs())  # every active non-Default experiment of the tracking URI
    loaded = len(runs)
    cnn = runs.filter(model__type="cnn")
    df = cnn.to_frame("run_id", "model.type", "optimizer.lr", "data.batch_size", "seed")
    t_op = time.perf_counter() - t1
    version = getattr(hydraflow, "__version__", None)
    if version is None:
        from importlib.metadata import version as v
        version = v("hydraflow")
    report("hydraflow", version, len(df), t_import, t_op, loaded=loaded)


def run_mlxp(logs, scratch):
    import mlxp
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    os.makedirs(scratch, exist_ok=True)
    reader = mlxp.Reader(logs, dst_dir=scratch, refresh=True)
    t_index = time.perf_counter() - t1
    # MLXP's own (lazy) DataFrame: result_format="pandas" raises KeyError('test.best_epoch') on
    # this store, as the key is logged by some runs only (MLXP 1.0.5)
    df = reader.filter(query_string="config.model.type == 'cnn'")
    t_op = time.perf_counter() - t1
    from importlib.metadata import version as v
    report("mlxp.Reader", v("mlxp"), len(df), t_import, t_op, indexed=len(reader), index_s=round(t_index, 4))


if __name__ == "__main__":
    tool, args = sys.argv[1], sys.argv[2:]
    {"mlflow": run_mlflow, "hydraflow": run_hydraflow, "mlxp": run_mlxp,
     "mlflow-filter": run_mlflow_filter, "mlflow-group": run_mlflow_group}[tool](*args)
