#!/usr/bin/env bash
# Runs pretrain4j, the raw-DJL baseline and PyTorch eager on the same workloads, one after the other on this
# machine with the same number of threads, and prints images/s with the ratios pretrain4j/PyTorch and
# pretrain4j/raw-DJL. Only ratios from one run are meaningful: the machine's speed drifts between runs.
#
#   bench/compare.sh                    # all workloads, 2 threads each side
#   THREADS=2 TRAIN_STEPS=15 INFER_STEPS=30 R50_STEPS=10 VIT_STEPS=5 MAE_STEPS=15 bench/compare.sh
#
# Needs Debian's python3-torch and libopenblas0-pthread (without the latter torch uses reference BLAS and is ~30x
# slower at matmul, an unfairly weak peer). Raw outputs (RESULT {json} lines and logs) go to $BENCH_OUT.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THREADS="${THREADS:-2}"
TRAIN_STEPS="${TRAIN_STEPS:-15}"
INFER_STEPS="${INFER_STEPS:-30}"
R50_STEPS="${R50_STEPS:-10}"
VIT_STEPS="${VIT_STEPS:-5}"
MAE_STEPS="${MAE_STEPS:-15}"
WARMUP="${WARMUP:-3}"
OUT="${BENCH_OUT:-$ROOT/work_dirs/bench/$(date -u +%Y%m%dT%H%M%SZ)}"

# Debian's torch lives in the system interpreter; a pyenv or venv python3 earlier on PATH would not see it.
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import torch' 2>/dev/null; then PYTHON="$candidate"; break; fi
  done
fi
missing=()
[ -n "$PYTHON" ] || missing+=(python3-torch)
[ -z "$PYTHON" ] || "$PYTHON" -c 'import torchvision' 2>/dev/null || missing+=(python3-torchvision)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare.sh: missing ${missing[*]}; install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y python3-torch python3-torchvision libopenblas0-pthread" >&2
  exit 1
fi

# The JVM side: the launcher sets these too; set here so nothing started from this script goes online.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
# One BLAS/OpenMP thread budget for both sides, as the issue compares them (2 threads each).
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS"
mkdir -p "$OUT"
echo "compare.sh: building pretrain4j if needed..." >&2
./pretrain4j --version >&2
# pretrain4j and the raw-DJL baseline run through the launcher, as users run them: its fixed pre-touched heap and, when
# Debian's libjemalloc2 is installed, jemalloc keeping freed pages (the launcher's comments say why). Both JVM sides
# get the same runtime, so the ratio to raw DJL compares the layers alone; PyTorch runs as `python3` runs it (glibc
# malloc), or under LD_PRELOAD=$TORCH_PRELOAD when that is set. The jar is built above; editing sources while this
# runs would make the launcher rebuild between measurements.

# run NAME COMMAND...: runs one side of one workload, keeps its output and appends its RESULT lines to results.jsonl.
run() {
  local name="$1"; shift
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "== $name (load average before: $load): $*" >&2
  echo "$name $load" >>"$OUT/loadavg.txt"
  if ! "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; then
    echo "compare.sh: $name failed, see $OUT/$name.err" >&2
    tail -5 "$OUT/$name.err" >&2
    return 0
  fi
  grep '^RESULT ' "$OUT/$name.out" | sed "s/^RESULT /{\"side\":\"$name\",\"r\":/; s/\$/}/" >>"$OUT/results.jsonl"
}

p4j() { "$ROOT/pretrain4j" benchmark --threads "$THREADS" --warmup "$WARMUP" "$@"; }
torch_peer() {
  LD_PRELOAD="${TORCH_PRELOAD:-}" "$PYTHON" bench/peers/torch_peer.py --threads "$THREADS" --warmup "$WARMUP" "$@"
}
: >"$OUT/results.jsonl"; : >"$OUT/loadavg.txt"

CIFAR=configs/_base_/models/resnet18_cifar.conf
R50=configs/_base_/models/resnet50.conf
run torch:gemm2048 torch_peer --only gemm2048
run pretrain4j:resnet18_cifar_train_b64 p4j "$CIFAR" --mode train --batch-size 64 --input-shape 3,32,32 --steps "$TRAIN_STEPS"
run raw-djl:resnet18_cifar_train_b64 p4j --raw-djl resnet18_cifar --mode train --batch-size 64 --steps "$TRAIN_STEPS"
run torch:resnet18_cifar_train_b64 torch_peer --only resnet18_cifar_train_b64 --steps "$TRAIN_STEPS"
run pretrain4j:resnet18_cifar_infer_b64 p4j "$CIFAR" --mode infer --batch-size 64 --input-shape 3,32,32 --steps "$INFER_STEPS"
run raw-djl:resnet18_cifar_infer_b64 p4j --raw-djl resnet18_cifar --mode infer --batch-size 64 --steps "$INFER_STEPS"
run torch:resnet18_cifar_infer_b64 torch_peer --only resnet18_cifar_infer_b64 --steps "$INFER_STEPS"
run pretrain4j:resnet50_infer_b8_224 p4j "$R50" --mode infer --batch-size 8 --input-shape 3,224,224 --steps "$R50_STEPS"
run torch:resnet50_infer_b8_224 torch_peer --only resnet50_infer_b8_224 --steps "$R50_STEPS"
VIT=configs/_base_/models/vit-base-p16.conf
run pretrain4j:vit_b16_infer_b8_224 p4j "$VIT" --mode infer --batch-size 8 --input-shape 3,224,224 --steps "$VIT_STEPS"
run torch:vit_b16_infer_b8_224 torch_peer --only vit_b16_infer_b8_224 --steps "$VIT_STEPS"
# MAE pre-training step of the small ViT of configs/mae (batch 256 of 1x28x28, 75% masked, AdamW), synthetic images;
# with norm_pix as mmpretrain's recipe and the peer have it (the Fashion-MNIST config turns it off).
MAE=configs/mae/mae_vit-tiny-p4_fashion-mnist.conf
run pretrain4j:mae_vit_tiny_p4_train_b256 p4j "$MAE" --mode train --batch-size 256 --input-shape 1,28,28 \
  --steps "$MAE_STEPS" --set model.head.norm_pix=true
run torch:mae_vit_tiny_p4_train_b256 torch_peer --only mae_vit_tiny_p4_train_b256 --steps "$MAE_STEPS"

"$PYTHON" - "$OUT/results.jsonl" "$THREADS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {r["side"]: r["r"] for r in rows}
def ips(side, key="images_per_s_median"):
    r = by.get(side)
    return r.get(key) if r else None
def fmt(v, f="{:.1f}"):
    return "-" if v is None else f.format(v)
def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}x"
print(f"\nthreads per side: {sys.argv[2]}; images/s at the median step time (a shared machine's hiccups move the "
      f"mean, not the median); mean-based ratios in brackets")
head = ("workload", "pretrain4j img/s", "PyTorch img/s", "raw DJL img/s", "p4j/PyTorch", "p4j/raw DJL",
        "p4j step split ms (data/fwd/bwd/opt/other)", "PyTorch split ms")
table = []
for w in ("resnet18_cifar_train_b64", "resnet18_cifar_infer_b64", "resnet50_infer_b8_224", "vit_b16_infer_b8_224",
          "mae_vit_tiny_p4_train_b256"):
    p, t, d = ips("pretrain4j:" + w), ips("torch:" + w), ips("raw-djl:" + w)
    def split(side):
        r = by.get(side)
        if not r:
            return "-"
        return "/".join(f"{r[k]:.0f}" for k in ("data_ms", "forward_ms", "backward_ms", "optimizer_ms", "other_ms"))
    pm, tm, dm = (ips(s + w, "images_per_s") for s in ("pretrain4j:", "torch:", "raw-djl:"))
    table.append((w, fmt(p), fmt(t), fmt(d), f"{ratio(p, t)} [{ratio(pm, tm)}]", f"{ratio(p, d)} [{ratio(pm, dm)}]",
                  split("pretrain4j:" + w), split("torch:" + w)))
widths = [max(len(str(r[i])) for r in [head] + table) for i in range(len(head))]
for r in [head] + table:
    print("  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)))
java_mm = [r["matmul_gflops"] for s, r in by.items() if s.startswith(("pretrain4j:", "raw-djl:")) and "matmul_gflops" in r]
torch_mm = by.get("torch:gemm2048", {}).get("matmul_gflops")
print(f"\n2048x2048 float32 matmul GFLOP/s: DJL/libtorch {fmt(max(java_mm) if java_mm else None)} (best over runs), "
      f"PyTorch {fmt(torch_mm)}")
for w in ("resnet18_cifar_train_b64",):
    r = by.get("pretrain4j:" + w)
    if r:
        print(f"pretrain4j {w}: {r['forward_gflop_per_image']:.3f} GFLOP/image forward, {r['achieved_gflops']:.1f} "
              f"GFLOP/s achieved = {r['roofline_fraction']:.2f} of the roofline; peak RSS {r['peak_rss_mb']:.0f} MB")
PY
echo "1-minute load average before each run (other processes on the machine skew results when it is well above 0):" >&2
column -t "$OUT/loadavg.txt" >&2 || cat "$OUT/loadavg.txt" >&2
echo "raw results: $OUT" >&2
