#!/bin/sh
# Reads a malet log with malet's own ExperimentLog.from_tsv and prints it as JSON:
# {"static_configs", "grid_fields", "metric_fields", "rows": [{column: value}]}, tuples as
# {"$tuple": [...]}, NaN/None as null.
# malet 0.2.2 (and what it imports) is pip-installed once into $RUNKIT_MALET_CACHE
# (default ~/.cache/runkit/malet-0.2.2); malet imports wandb at module level, so a stub
# module stands in for it. Exits 77 when malet cannot be installed (no network, no pip).
set -u
log="$1"
cache="${RUNKIT_MALET_CACHE:-$HOME/.cache/runkit/malet-0.2.2}"
if [ ! -e "$cache/.installed" ]; then
    mkdir -p "$cache/stub/wandb" || exit 77
    : > "$cache/stub/wandb/__init__.py"
    python3 -m pip install --quiet --disable-pip-version-check --target "$cache/site" --no-deps malet==0.2.2 >"$cache/pip.log" 2>&1 || exit 77
    python3 -c "import pandas, yaml" 2>/dev/null || python3 -m pip install --quiet --target "$cache/site" pandas pyyaml >>"$cache/pip.log" 2>&1 || exit 77
    python3 -m pip install --quiet --disable-pip-version-check --target "$cache/site" ml_collections gitpython absl-py rich >>"$cache/pip.log" 2>&1 || exit 77
    touch "$cache/.installed"
fi
PYTHONPATH="$cache/site:$cache/stub" python3 - "$log" <<'PY'
import json, math, sys
from malet.experiment import ExperimentLog

def plain(value):
    if isinstance(value, tuple):
        return {"$tuple": [plain(v) for v in value]}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value

log = ExperimentLog.from_tsv(sys.argv[1])
frame = log.df.reset_index()
rows = [{column: plain(row[column]) for column in frame.columns} for _, row in frame.iterrows()]
print(json.dumps({"static_configs": plain(log.static_configs), "grid_fields": list(log.grid_fields),
                  "metric_fields": list(log.metric_fields), "rows": rows}))
PY
