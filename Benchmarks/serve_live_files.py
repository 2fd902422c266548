#!/usr/bin/env python3
"""How soon `runkit serve` shows a metric line appended to a run of an MLflow file store (a COPY:
it is written), and what watching costs when nothing changes: serves the store, appends 5 lines
(`timestamp value step` with a new step each) to RUN_FOLDER/metrics/loss one second apart, polls
`/api/runs` until each value is served, then samples the server's CPU time over 10 idle seconds.

    serve_live_files.py RUNKIT COPY/mlruns COPY/mlruns/EXP/RUN LABEL

Not a test: nothing here runs under `swift test`.
"""
import json, subprocess, sys, time, urllib.request, statistics, os
binary, store, run_folder, label = sys.argv[1:5]
t0 = time.monotonic()
p = subprocess.Popen([binary, "serve", store, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
url = p.stdout.readline().strip().rstrip("/")
print(f"{label}: serving after {time.monotonic() - t0:.1f} s", flush=True)
get = lambda path: json.load(urllib.request.urlopen(url + path))
print(f"{label}: watch {get('/api/version')['stores'][0].get('watch', '-')}", flush=True)
run = os.path.basename(run_folder)
seen = []
for rep in range(5):
    value = 5000.0 + rep + 0.5
    with open(run_folder + "/metrics/loss", "a") as f:
        f.write(f"{int(time.time() * 1000)} {value} {int(time.time())}\n")
    t = time.monotonic()
    while get(f"/api/runs?limit=1&columns=metrics.loss&where=run_id%20%3D%20%27{run}%27")["runs"][0]["metrics.loss"] != value:
        if time.monotonic() - t > 120: raise SystemExit("not served")
        time.sleep(0.05)
    seen.append(time.monotonic() - t)
    print(f"{label}: change {rep + 1} served after {seen[-1]:.2f} s, reread {get('/api/version')['stores'][0].get('reread', '-')}", flush=True)
    time.sleep(1)
# Idle CPU over 10 s.
with open(f"/proc/{p.pid}/stat") as f: a = f.read().split()
time.sleep(10)
with open(f"/proc/{p.pid}/stat") as f: b = f.read().split()
ticks = (int(b[13]) + int(b[14]) - int(a[13]) - int(a[14])) / os.sysconf("SC_CLK_TCK")
print(f"{label}: median {statistics.median(seen):.2f} s; idle CPU {ticks / 10 * 100:.1f} % of a core over 10 s", flush=True)
p.terminate(); p.wait()
