#!/usr/bin/env bash
# Kafka -> stitching (RocksDB, exactly-once checkpoints every 10 s) -> Kafka on this machine, with a
# real broker started as a child JVM. Prints publish rate, bounded-job throughput and end-to-end
# latency percentiles (read_uncommitted and read_committed). See docs/BENCHMARKS.md.
# Usage: bench/kafka-pipeline.sh [capture-set-dir] [rounds] [rate-packets/s] [seconds]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PHALANX_BUILD_ONLY=1 "$ROOT/phalanx"
FLAGS=$(sed -n '/^FLINK_JVM_FLAGS=(/,/^)/p' "$ROOT/phalanx" | grep -- '--add' | tr -d ' ' | tr '\n' ' ')
cd "$ROOT"
# shellcheck disable=SC2086
exec java -Xmx${PHALANX_HEAP:-3g} $FLAGS -cp "$ROOT/jobs/target/phalanx.jar" \
  io.phalanx.jobs.bench.KafkaPipelineBenchmark \
  "${1:-samples/captures/delay-40ms-fwd-r2-server}" "${2:-12}" "${3:-100000}" "${4:-30}"
