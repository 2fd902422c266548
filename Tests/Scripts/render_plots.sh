#!/bin/sh
# Renders the reference plots of docs/grouping-and-export.md to docs/plots/*.svg and *.png with `runkit plot --png`
# (headless chromium, else rsvg-convert). Usage: Tests/Scripts/render_plots.sh [RUNKIT_BINARY]
# Look at the PNGs after a change to the plotting code; commit them when they look right.
set -eu
cd "$(dirname "$0")/../.."
runkit=${1:-.build/debug/runkit}
[ -x "$runkit" ] || swift build
out=docs/plots
mkdir -p "$out"
mlxp=Tests/Fixtures/mlxp-logs
complete="info.status == 'COMPLETE'"
plot() { name=$1; shift; "$runkit" plot "$@" --output "$out/$name.svg" --png 2>&1 | grep -v -e 'warning:' -e 'note:' || true; }
plot curve-train-loss-by-lr $mlxp --kind curve --metric train.loss --by optimizer.lr
plot curve-train-loss-by-lr-complete $mlxp --kind curve --metric train.loss --by optimizer.lr --where "$complete"
plot bar-test-loss $mlxp --kind bar --metric test.loss --by model.num_units,optimizer.lr --where "$complete"
plot heatmap-test-loss $mlxp --kind heatmap --metric test.loss --x optimizer.lr --y model.num_units --where "$complete"
plot scatter-train-test $mlxp --kind scatter --x train.loss --y test.loss --color optimizer.lr --where "$complete"
plot curve-malet-val-acc Tests/Fixtures/malet/exp_group_resume --kind curve --metric val_acc --by optimizer,lr --band minmax
plot parallel-val-acc Examples/hydraflow-project --experiment train --kind parallel --by-all-except seed,train.fail_at_epoch --metric 'max(history.`val/acc`)'
plot parallel-test-loss $mlxp --kind parallel --by model.num_units,optimizer.lr,seed,model.activation --metric test.loss --where "$complete"
ls -l "$out"
