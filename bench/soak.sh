#!/usr/bin/env bash
# The soak benchmark (docs/reliability.md): trains LeNet-5 on the committed Fashion-MNIST subset for 20,000 iterations
# through the launcher, with the data loader, validation, logging and a checkpoint every 1,000 iterations in the loop.
# ResourceMonitorHook logs resident memory, open files and threads every 1,000 iterations and, at the end, their change
# since iteration 1,000. Exits 0 when resident memory stayed within 5% of its level at iteration 1,000, 1 otherwise.
# Open files and threads are printed at every 1,000th iteration: a leak shows as steady growth over the 20 readings
# (they differ by one or two with the phase of the loader threads, so a single difference proves nothing).
#
#   bench/soak.sh                                  # the full run; log in work_dirs/soak-<time>.log
#   bench/soak.sh --set train_cfg.max_iters=2000   # extra arguments go to `pretrain4j train`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
STAMP="$(date -u +%Y%m%d_%H%M%S)"
WORK="work_dirs/soak-$STAMP"
LOG="$WORK.log"
mkdir -p work_dirs
./pretrain4j --version >/dev/null # builds the distribution first if needed, outside the timed run
echo "soak: ./pretrain4j train configs/fashion_mnist/soak_lenet5_fashion-mnist.conf --work-dir $WORK $*; log $LOG"
start=$(date +%s)
./pretrain4j train configs/fashion_mnist/soak_lenet5_fashion-mnist.conf --work-dir "$WORK" "$@" >"$LOG" 2>&1 || {
  tail -20 "$LOG"
  exit 1
}
echo "soak: wall time $(( $(date +%s) - start )) s"
grep -E 'resources (at|from)' "$LOG" | sed 's/^.* - resources/resources/'
grep -E 'resources from .*: within\)' "$LOG" >/dev/null
