#!/usr/bin/env bash
# One command: how does `phalanx replay` compare with tshark's conversation table on the same
# multi-hop input?
#
#   bench/replay-vs-tshark.sh
#
# 1. builds Phalanx if needed (outside any timing);
# 2. generates the input once into bench/target/bench-input: a sample set replicated to at least
#    BENCH_PACKETS packets per capture point (default 500000, so >= 2M over the 4 capture points);
# 3. times, each under /usr/bin/time -v (wall time and peak RSS):
#    - ./phalanx replay over the 4 capture files (stitching, latency, loss, report);
#    - tshark -n -q -z conv,tcp on one mergecap'd file of the 4 hops (tshark reads one file);
#    - tshark -n -q -z conv,tcp on each hop file, wall times summed, peak RSS the largest;
#    and prints them side by side. The tools do different amounts of work (tshark does not stitch
#    hops): the table is a yardstick, not a like-for-like race.
#
# Environment: BENCH_SET (sample set, default delay-40ms-fwd-r2-server), BENCH_PACKETS (per capture
# point), PHALANX_HEAP (passed to ./phalanx), PHALANX_CMD (the launcher to time; for testing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SET="${BENCH_SET:-delay-40ms-fwd-r2-server}"
PACKETS="${BENCH_PACKETS:-500000}"
PHALANX="${PHALANX_CMD:-$ROOT/phalanx}"
WORK="$ROOT/bench/target"
INPUT="$WORK/bench-input"
OUT="$WORK/bench-out"
HOPS=(hop1 hop2 hop3 hop4)

die() {
  echo "replay-vs-tshark: $*" >&2
  exit 1
}

for tool in java tshark mergecap capinfos; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (tshark, mergecap and capinfos come with the 'tshark' package)."
done

# GNU time, not the shell keyword: only the binary reports peak RSS.
TIME_BIN="$(type -P time || true)"
if [[ -z "$TIME_BIN" ]]; then
  echo "installing GNU time..."
  sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y time >/dev/null ||
    die "GNU time is missing and could not be installed: apt-get install -y time"
  TIME_BIN="$(type -P time)" || die "GNU time still not found after installing it"
fi

# --- 1. build (outside the timings)
PHALANX_BUILD_ONLY=1 "$PHALANX"

# --- 2. input
if [[ ! -f "$INPUT/.complete" || "$(cat "$INPUT/.complete")" != "$SET $PACKETS" ]]; then
  echo "generating the benchmark input ($SET, >= $PACKETS packets per capture point)..."
  rm -rf "$INPUT"
  mkdir -p "$INPUT"
  # Source-file mode: the generator needs only the JDK and phalanx-core's classes, so it runs
  # whether or not the bench module is part of the reactor build.
  java -cp "$ROOT/core/target/classes" \
    "$ROOT/bench/src/main/java/io/phalanx/bench/ReplicateCaptures.java" \
    "$ROOT/samples/captures/$SET" "$INPUT" "$PACKETS"
  # Classic pcap with nanosecond timestamps, like the inputs (mergecap defaults to pcapng).
  (cd "$INPUT" && mergecap -F nsecpcap -w merged.pcap "${HOPS[@]/%/.pcap}")
  echo "$SET $PACKETS" >"$INPUT/.complete"
fi
total=0
for h in "${HOPS[@]}"; do
  n="$(capinfos -M -c -r -T "$INPUT/$h.pcap" | cut -f2)"
  total=$((total + n))
done
merged="$(capinfos -M -c -r -T "$INPUT/merged.pcap" | cut -f2)"
((merged == total)) || die "merged.pcap has $merged packets, the hop files $total: delete $INPUT and retry"
echo "input: $INPUT, ${#HOPS[@]} capture points, $total packets"

# --- 3. timings
rm -rf "$OUT"
mkdir -p "$OUT"

# timed <label> <command...>: runs the command under GNU time, stdout/stderr to $OUT/<label>.log.
timed() {
  local label="$1"
  shift
  echo "running $label..."
  if ! "$TIME_BIN" -v -o "$OUT/$label.time" "$@" >"$OUT/$label.log" 2>&1; then
    tail -n 20 "$OUT/$label.log" >&2
    die "$label failed (log: $OUT/$label.log)"
  fi
}

# wall_s <label>: "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.35" -> 62.35
wall_s() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      printf "%.2f", s }' "$OUT/$1.time"
}

# rss_mb <label>: "Maximum resident set size (kbytes): 123456" -> 120.6
rss_mb() {
  awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$OUT/$1.time"
}

captures=()
for h in "${HOPS[@]}"; do
  captures+=(--capture "$h=$INPUT/$h.pcap")
done
timed phalanx-replay "$PHALANX" replay "${captures[@]}" --report "$OUT/report.json"
timed tshark-merged tshark -n -q -z conv,tcp -r "$INPUT/merged.pcap"
for h in "${HOPS[@]}"; do
  timed "tshark-$h" tshark -n -q -z conv,tcp -r "$INPUT/$h.pcap"
done

per_file_wall=0
per_file_rss=0
for h in "${HOPS[@]}"; do
  per_file_wall="$(awk -v a="$per_file_wall" -v b="$(wall_s "tshark-$h")" 'BEGIN { printf "%.2f", a + b }')"
  per_file_rss="$(awk -v a="$per_file_rss" -v b="$(rss_mb "tshark-$h")" 'BEGIN { printf "%.1f", (b > a ? b : a) }')"
done

row() {
  awk -v tool="$1" -v wall="$2" -v rss="$3" -v n="$total" \
    'BEGIN { printf "%-38s %9.2f %13.1f %12.0f\n", tool, wall, rss, (wall > 0 ? n / wall : 0) }'
}

echo
echo "$total packets over ${#HOPS[@]} capture points (sample set $SET, replicated), $(nproc) cores"
printf '%-38s %9s %13s %12s\n' tool "wall s" "peak RSS MB" "packets/s"
row "phalanx replay (4 hops, stitched)" "$(wall_s phalanx-replay)" "$(rss_mb phalanx-replay)"
row "tshark -z conv,tcp (merged file)" "$(wall_s tshark-merged)" "$(rss_mb tshark-merged)"
row "tshark -z conv,tcp (per file, summed)" "$per_file_wall" "$per_file_rss"
echo
echo "tshark TCP conversations in merged.pcap: $(grep -c '<->' "$OUT/tshark-merged.log" || true)"
echo "phalanx report: $OUT/report.json; logs and /usr/bin/time output: $OUT/"
