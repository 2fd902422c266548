#!/usr/bin/env python3
"""Benchmarks/stat_floor.py — the least an index that is never stale must pay on this machine:
one stat() of each file it checks, relative to an open store folder, as the index does.

    python3 Benchmarks/stat_floor.py STORE [--repeat R]

STORE is an MLflow SQLite store (the folder with mlflow.db and mlruns/: each run's
artifacts/.hydra/config.yaml is checked, one stat per run) or an MLflow file store (mlruns/:
every file and folder of each run except artifacts/, as the index records them). Prints the
number of paths, the median time of R passes (default 5), after one pass that warms the kernel's
caches, and a lower bound of the cost: the pass minus a pass of as many stat(".") calls, which
takes off Python's call and the system call's own entry cost and leaves the path lookups.
Not a test: nothing here runs under `swift test`.
"""
import os
import statistics
import sys
import time


def paths_of(store):
    """The paths (relative to the returned folder) that the index stats on an unchanged load."""
    if os.path.exists(os.path.join(store, "mlflow.db")):
        root = os.path.join(store, "mlruns")
        paths = []
        for experiment in sorted(os.listdir(root)):
            folder = os.path.join(root, experiment)
            if not os.path.isdir(folder):
                continue
            for run in sorted(os.listdir(folder)):
                config = os.path.join(experiment, run, "artifacts", ".hydra", "config.yaml")
                if os.path.exists(os.path.join(root, config)):
                    paths.append(config)
        return root, paths
    root = store
    paths = []
    for experiment in sorted(os.listdir(root)):
        folder = os.path.join(root, experiment)
        if not os.path.isdir(folder) or experiment.startswith("."):
            continue
        for run in sorted(os.listdir(folder)):
            run_folder = os.path.join(experiment, run)
            if not os.path.isdir(os.path.join(root, run_folder)):
                continue
            for current, folders, files in os.walk(os.path.join(root, run_folder)):
                folders[:] = [f for f in folders if f != "artifacts"]
                relative = os.path.relpath(current, root)
                paths.append(relative)
                paths.extend(os.path.join(relative, name) for name in files)
    return root, paths


def timed_pass(fd, paths):
    start = time.perf_counter()
    for path in paths:
        os.stat(path, dir_fd=fd)
    return time.perf_counter() - start


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    repeat = 5
    if "--repeat" in args:
        repeat = int(args[args.index("--repeat") + 1])
    root, paths = paths_of(args[0])
    fd = os.open(root, os.O_RDONLY)
    timed_pass(fd, paths)  # warm the dentry and inode caches
    times = [timed_pass(fd, paths) for _ in range(repeat)]
    overhead = statistics.median(timed_pass(fd, ["."] * len(paths)) for _ in range(repeat))
    median = statistics.median(times)
    per_stat = (median - overhead) / max(len(paths), 1)
    depth = statistics.mean(path.count("/") + 1 for path in paths) if paths else 0
    print(f"{len(paths)} paths (mean depth {depth:.1f} components) under {root}")
    print(f"stat pass: median {median * 1000:.1f} ms of {repeat}; a pass of stat('.'): {overhead * 1000:.1f} ms")
    print(f"path lookups alone: {per_stat * 1e6:.2f} µs per stat, {per_stat * 1e6 / max(depth, 1):.2f} µs per path component")
    print(f"floor of an unchanged indexed load (lower bound): {(median - overhead) * 1000:.0f} ms on one core,"
          f" {(median - overhead) * 1000 / (os.cpu_count() or 1):.0f} ms spread over {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
