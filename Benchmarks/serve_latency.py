#!/usr/bin/env python3
"""Latency of `runkit serve`'s API, measured by a client on the same machine over one kept-alive
HTTP/1.1 connection (http.client): each request's time from sending to the last byte read.

    serve_latency.py URL --requests N --kind page|group|page-warm|mlflow-page [--timeout S]

page:      /api/runs?where=metrics.loss < T&order_by=metrics.loss DESC&columns=…&limit=100, T different
           each request, so every request filters and sorts every run (nothing cached)
page-warm: the same query, offset moving by 100: paging through one result (the selection cached)
group:     /api/group?where=metrics.loss < T&by=config.model.type,config.optimizer.lr&agg=count()&agg=mean(metrics.loss)&agg=std(metrics.loss), T different each request
mlflow-page: the page's question asked of an MLflow tracking server (URL is its address): POST
           /ajax-api/2.0/mlflow/runs/search (what MLflow's UI calls) with filter metrics.loss < T,
           order_by metrics.loss DESC, max_results 100, over every experiment

A request with no answer after --timeout seconds (default 60) counts as taking that long (and the
connection is opened again); the line says how many did.

Prints `KIND: p50 X ms, p95 Y ms, max Z ms over N requests`.
"""
import argparse, http.client, json, socket, time, urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--kind", choices=["page", "page-warm", "group", "mlflow-page"], required=True)
parser.add_argument("--timeout", type=float, default=60)
args = parser.parse_args()

parsed = urllib.parse.urlsplit(args.url)
connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=args.timeout)
quote = urllib.parse.quote


def target(i):
    threshold = 0.5 + (i % 997) / 2000
    if args.kind == "page":
        return (f"/api/runs?where={quote(f'metrics.loss < {threshold}')}&order_by={quote('metrics.loss DESC')}"
                f"&columns={quote('run_id,config.model.type,config.optimizer.lr,metrics.loss')}&limit=100")
    if args.kind == "page-warm":
        return (f"/api/runs?where={quote('metrics.loss < 0.9')}&order_by={quote('metrics.loss DESC')}"
                f"&columns={quote('run_id,config.model.type,config.optimizer.lr,metrics.loss')}&limit=100&offset={100 * (i % 50)}")
    return (f"/api/group?where={quote(f'metrics.loss < {threshold}')}&by=config.model.type,config.optimizer.lr"
            f"&agg=count()&agg={quote('mean(metrics.loss)')}&agg={quote('std(metrics.loss)')}")


experiments = []
if args.kind == "mlflow-page":
    connection.request("GET", "/api/2.0/mlflow/experiments/search?max_results=1000")
    experiments = [e["experiment_id"] for e in json.loads(connection.getresponse().read())["experiments"]]


def send(i):
    if args.kind != "mlflow-page":
        connection.request("GET", target(i))
        return target(i)
    threshold = 0.5 + (i % 997) / 2000
    body = json.dumps({"experiment_ids": experiments, "filter": f"metrics.loss < {threshold}",
                       "order_by": ["metrics.loss DESC"], "max_results": 100})
    connection.request("POST", "/ajax-api/2.0/mlflow/runs/search", body, {"Content-Type": "application/json"})
    return body


times = []
timeouts = 0
warmup = 5 if args.kind != "mlflow-page" else 1   # MLflow's answers take seconds: one warms it
for i in range(args.requests + warmup):
    start = time.perf_counter()
    try:
        sent = send(i)
        response = connection.getresponse()
        body = response.read()
    except (socket.timeout, TimeoutError):
        timeouts += 1
        connection.close()
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=args.timeout)
        if i >= warmup:
            times.append(args.timeout * 1000)
        continue
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise SystemExit(f"{sent}: {response.status} {body[:300]!r}")
    if i >= warmup:   # the first few warm the connection
        times.append(elapsed)
times.sort()
p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
late = f", {timeouts} timed out after {args.timeout:g} s (counted as {args.timeout:g} s)" if timeouts else ""
print(f"{args.kind}: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {times[-1]:.1f} ms over {len(times)} requests{late}")
