#!/usr/bin/env bash
# The model benchmark on a CUDA machine, in one command:
#
#   bench/gpu.sh [--quick]
#
# Checks that nvidia-smi sees a GPU, builds with -Pgpu (ONNX Runtime's CUDA build, onnxruntime_gpu,
# in place of the CPU one, for the bench and for the worker the stack starts), then runs
# ./induo bench --only model,chart on the CUDA execution provider (INDUO_BENCH_DEVICE=cuda for the raw
# figures, INDUO_WORKER_MODEL_DEVICE=cuda for the stack's worker): the batch-scaling curve at batch 1,
# 2, 4, 8, 16 and 32, and the worker against raw, written to bench/results/latest.json and
# bench/results/batching.png as on the CPU. Needs the NVIDIA driver, CUDA 12 and cuDNN 9, which
# ONNX Runtime's CUDA build loads (see docs/model-contract.md, "GPU"). See docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_LIB="$ROOT/bench/target/bench-lib"

die() { printf 'bench/gpu.sh: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'bench/gpu.sh: %s\n' "$*"; }

command -v nvidia-smi >/dev/null \
  || die "nvidia-smi not found: this needs a machine with an NVIDIA GPU and its driver (./induo bench runs the CPU benchmark anywhere)"
gpus="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)" \
  || die "nvidia-smi sees no usable GPU: $gpus"
log "GPU: ${gpus//$'\n'/; }"

command -v mvn >/dev/null || die "Maven (mvn) is needed to build"
# copy-dependencies adds to bench-lib without cleaning it: a CPU build's onnxruntime jar left there
# would sit on the classpath beside onnxruntime_gpu.
rm -rf "$BENCH_LIB"
log "building with -Pgpu (mvn package, tests skipped)"
(cd "$ROOT" && mvn -q -B -Pgpu -pl bench,worker,api-gateway -am package -DskipTests) || die "the -Pgpu build failed"
compgen -G "$BENCH_LIB/onnxruntime_gpu-*.jar" >/dev/null || die "no onnxruntime_gpu jar in $BENCH_LIB after the -Pgpu build"
if compgen -G "$BENCH_LIB/onnxruntime-[0-9]*.jar" >/dev/null; then
  die "the CPU onnxruntime jar is in $BENCH_LIB beside onnxruntime_gpu; the -Pgpu profile did not swap it"
fi

export INDUO_BENCH_DEVICE=cuda
export INDUO_WORKER_MODEL_DEVICE=cuda
exec "$ROOT/induo" bench --only model,chart "$@"
