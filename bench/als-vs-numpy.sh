#!/usr/bin/env bash
# Time per epoch of eaglelm's explicit ALS (./eagle behavioral) against the numpy reference of the same
# algorithm (bench/als_numpy.py), on MovieLens ml-latest-small, same hyper-parameters. Prints both JSON lines
# and the ratio of median seconds per epoch, then one `bench-row:` line for `eagle bench`.
# Usage: bench/als-vs-numpy.sh [RATINGS_CSV] [EPOCHS]   (EAGLE_BENCH_QUICK=1: 5 epochs by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ratings="${1:-../shared/data/movielens/ml-latest-small/ratings.csv}"
default_epochs=15
if [[ "${EAGLE_BENCH_QUICK:-0}" == 1 ]]; then default_epochs=5; fi
epochs="${2:-$default_epochs}"
java_json="$(./eagle behavioral --ratings "$ratings" --rank 20 --iterations "$epochs" --lambda 0.1 --holdout 0.1 --seed 42 2>/dev/null)"
numpy_json="$(python3 bench/als_numpy.py "$ratings" --rank 20 --iterations "$epochs" --lambda 0.1 --holdout 0.1 --seed 42)"
echo "eaglelm: $java_json"
echo "numpy:   $numpy_json"
python3 - "$java_json" "$numpy_json" <<'PY'
import json, statistics, sys
j, n = json.loads(sys.argv[1]), json.loads(sys.argv[2])
jm = statistics.median(j["secondsPerEpoch"][1:])  # the first epoch includes JIT warm-up
nm = statistics.median(n["secondsPerEpoch"][1:])
print(f"median s/epoch (epochs 2..): eaglelm {jm:.4f}, numpy {nm:.4f}, numpy/eaglelm = {nm / jm:.1f}x; "
      f"held-out RMSE eaglelm {j['heldOutRmse']:.4f}, numpy {n['heldOutRmse']:.4f}")
print(f"bench-row: seconds per explicit-ALS epoch, ml-latest-small, rank 20 | {jm:.4f} s | numpy {nm:.4f} s | "
      f"numpy/eaglelm = {nm / jm:.1f}x | medians of epochs 2..{len(j['secondsPerEpoch'])}; held-out RMSE eaglelm "
      f"{j['heldOutRmse']:.4f}, numpy {n['heldOutRmse']:.4f}")
PY
