#!/usr/bin/env bash
# Time to a certified continuous optimal design (ridge 0, tolerance 1e-4): eaglelm (./eagle design) against the
# numpy reference of the same algorithm (bench/optdesign_numpy.py), on identical CSV files of standard Gaussian
# rows. Runs are interleaved (eaglelm, numpy, eaglelm, ...) because the machine may be shared; each side reports
# its solver's own time (no start-up, no file reading). Prints one line per size with the medians and the ratio,
# and checks that both reached the same iterations and max leverage; then one `bench-row:` line per size for
# `eagle bench`. The CLI's `seconds` include the JIT warm-up of a fresh JVM; OptimalDesignBenchmark (JMH) gives
# warm times.
# Usage: bench/design-vs-numpy.sh [REPEATS] [SIZES...]   (sizes as NxD; default: 5 repeats of 100x16 1000x16
#        1000x64 5000x32 20000x64; EAGLE_BENCH_QUICK=1: 1 repeat of 100x16 1000x16 5000x32)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick="${EAGLE_BENCH_QUICK:-0}"
default_reps=5
if [[ "$quick" == 1 ]]; then default_reps=1; fi
reps="${1:-$default_reps}"
shift || true
sizes=("$@")
if (( ${#sizes[@]} == 0 )); then
  if [[ "$quick" == 1 ]]; then sizes=(100x16 1000x16 5000x32); else sizes=(100x16 1000x16 1000x64 5000x32 20000x64); fi
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./eagle --version >/dev/null 2>&1 || true   # build once, outside the timings
for s in "${sizes[@]}"; do
  n="${s%x*}"; d="${s#*x}"
  csv="$tmp/X_${n}_${d}.csv"
  python3 bench/optdesign_numpy.py --generate "$n" "$d" 1 "$csv"
  : >"$tmp/java.jsonl"; : >"$tmp/numpy.jsonl"
  for ((r = 0; r < reps; r++)); do
    ./eagle design --input "$csv" --criterion G --tol 1e-4 2>/dev/null >>"$tmp/java.jsonl"
    python3 bench/optdesign_numpy.py "$csv" --tol 1e-4 >>"$tmp/numpy.jsonl"
  done
  python3 - "$s" "$tmp/java.jsonl" "$tmp/numpy.jsonl" <<'PY'
import json, statistics, sys
size, jf, nf = sys.argv[1:4]
j = [json.loads(l) for l in open(jf)]
n = [json.loads(l) for l in open(nf)]
jm = statistics.median(x["seconds"] for x in j)
nm = statistics.median(x["seconds"] for x in n)
same = j[0]["iterations"] == n[0]["iterations"] and abs(j[0]["maxLeverage"] - n[0]["maxLeverage"]) < 1e-6
print(f"{size}: iterations {j[0]['iterations']} (numpy {n[0]['iterations']}), support {len(j[0]['support'])}; "
      f"median solver seconds eaglelm {jm:.4f}, numpy {nm:.4f}, numpy/eaglelm = {nm / jm:.2f}x; "
      f"eaglelm runs {[round(x['seconds'], 4) for x in j]}, numpy runs {[round(x['seconds'], 4) for x in n]}; "
      f"same iterates: {same}")
print(f"bench-row: certified G-optimal design {size.replace('x', ' x ')}, tol 1e-4, solver seconds | {jm:.4f} s | "
      f"numpy {nm:.4f} s | numpy/eaglelm = {nm / jm:.2f}x | medians of {len(j)} interleaved runs, one-shot CLI "
      f"(JIT warm-up included); {j[0]['iterations']} iterations, same iterates as numpy: {same}")
PY
done
