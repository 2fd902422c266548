"""Changes an MLflow tracking server's runs through MLflow's own client between two questions of
RemoteCacheCLITests (the cache of remote stores, docs/remote.md).

    python mlflow_cache_steps.py URL fill     # experiment "cache": runs done-0..done-3 FINISHED, "running" RUNNING
    python mlflow_cache_steps.py URL change   # "running" logs a metric and finishes; a new run "late"
                                              # is logged and finished; done-0 is deleted
    python mlflow_cache_steps.py URL ties     # experiment "ties": 63 runs, 3 started at each of 21
                                              # consecutive milliseconds (ties at every range edge of a
                                              # split search), param group a/b/c, 3 deleted, 1 running
"""
import sys

from mlflow.tracking import MlflowClient


def run_named(client, experiment_id, name):
    runs = client.search_runs([experiment_id], filter_string=f"attributes.run_name = '{name}'", run_view_type=3)
    return runs[0].info.run_id


def main(url, step):
    client = MlflowClient(tracking_uri=url)
    if step == "fill":
        experiment_id = client.create_experiment("cache")
        for index in range(4):
            run = client.create_run(experiment_id, run_name=f"done-{index}")
            client.log_param(run.info.run_id, "lr", str(0.1 * (index + 1)))
            client.log_metric(run.info.run_id, "loss", 1.0 / (index + 1), step=0)
            client.set_terminated(run.info.run_id, "FINISHED")
        run = client.create_run(experiment_id, run_name="running")
        client.log_param(run.info.run_id, "lr", "0.9")
        client.log_metric(run.info.run_id, "loss", 0.9, step=0)
    elif step == "change":
        experiment_id = client.get_experiment_by_name("cache").experiment_id
        running = run_named(client, experiment_id, "running")
        client.log_metric(running, "loss", 0.05, step=1)
        client.set_terminated(running, "FINISHED")
        late = client.create_run(experiment_id, run_name="late")
        client.log_metric(late.info.run_id, "loss", 0.01, step=0)
        client.set_terminated(late.info.run_id, "FAILED")
        client.delete_run(run_named(client, experiment_id, "done-0"))
    elif step == "ties":
        experiment_id = client.create_experiment("ties")
        start = 1_795_000_000_000
        for index in range(63):
            run = client.create_run(experiment_id, run_name=f"tie-{index}", start_time=start + index // 3)
            client.log_param(run.info.run_id, "group", "abc"[index % 3])
            if index != 31:
                client.set_terminated(run.info.run_id, "FINISHED", end_time=start + 1000 + index)
            if index % 20 == 7:
                client.delete_run(run.info.run_id)
    else:
        raise SystemExit(f"unknown step {step}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
