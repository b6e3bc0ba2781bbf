#!/usr/bin/env bash
# Interleaved A/B of malloc settings on one training workload: speed (img/s at the median step) and the time spent
# freeing a step's memory, ROUNDS rounds of each setting in turn so that drifts in machine load hit both sides.
# This is how docs/performance.md ("Memory over a run") compared glibc, MALLOC_MMAP_THRESHOLD_ and jemalloc.
#
#   bench/malloc_ab.sh            # glibc against jemalloc with decay off (needs Debian's libjemalloc2)
#   ROUNDS=3 STEPS=60 bench/malloc_ab.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS="${ROUNDS:-3}"
STEPS="${STEPS:-60}"
JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
export DJL_OFFLINE=true OPT_OUT_TRACKING=true TORCH_CPP_LOG_LEVEL=ERROR
./pretrain4j --version >/dev/null
bench() {
  env "$@" java -Xms384m -Xmx384m -XX:+AlwaysPreTouch -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    -jar pretrain4j-cli/target/pretrain4j.jar benchmark configs/fashion_mnist/resnet18-w16_fast_fashion-mnist.conf \
    --steps "$STEPS" --threads 1 2>/dev/null | sed -n 's/^RESULT //p' |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(f"{d[\"images_per_s_median\"]:.1f} img/s, free {d[\"other_ms\"]:.1f} ms/step, RSS +{d[\"rss_growth_pct\"]:.1f}%")'
}
for r in $(seq "$ROUNDS"); do
  echo "round $r glibc:              $(bench PRETRAIN4J_NONE=1)"
  echo "round $r jemalloc, no decay: $(bench LD_PRELOAD="$JEMALLOC" MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1)"
done
