#!/usr/bin/env bash
# Speed side by side: this project's `bench` and the reference trainers of ../shared/anchors, alternated
# (A B A B) in one session, with the settings the anchors' README says matter. Writes the RESULT lines to
# $OUT (default bench/results/<date>) and prints them.
#
#   bash bench/side-by-side.sh [seconds] [rounds]
#
# Needs ../shared/anchors and ../shared/data (not in a user's clone) and, for the references,
#   apt-get install -y python3-numpy python3-torch libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
ROUNDS=${2:-2}
ANCHORS=../shared/anchors
DATA=../shared/data/tinyshakespeare/input.txt
OUT=${OUT:-bench/results/$(date +%Y%m%d-%H%M)}
[[ -d $ANCHORS && -f $DATA ]] || { echo "side-by-side.sh: needs $ANCHORS and $DATA" >&2; exit 2; }
mkdir -p "$OUT"

dotnet build models -c Release --nologo -v q >/dev/null
APP=(dotnet models/bin/Release/net10.0/autogradrnn.dll)
# glibc: keep large temporaries instead of returning them to the OS (2-4x for numpy/PyTorch at H 256).
export MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 OPENBLAS_CORETYPE=SkylakeX
py() { /usr/bin/python3 "$@"; }
one() { OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$@"; }
two() { OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 "$@"; }
ours() { "${APP[@]}" bench --data "$DATA" --ptb-data ../shared/data/ptb --seconds "$SECONDS_PER_RUN" --warmup 3 --config "$1" | grep '^RESULT'; }

for round in $(seq "$ROUNDS"); do
  {
    ours lstm-h100-b1
    one py $ANCHORS/torch_char_lstm.py --hidden 100 --batch 1 --opt adagrad --seconds "$SECONDS_PER_RUN"
    one py $ANCHORS/numpy_lstm.py --hidden 100 --dtype float32 --seconds "$SECONDS_PER_RUN"
    ours lstm-h256-b1
    one py $ANCHORS/torch_char_lstm.py --hidden 256 --batch 1 --opt adagrad --seconds "$SECONDS_PER_RUN"
    one py $ANCHORS/numpy_lstm.py --hidden 256 --dtype float32 --seconds "$SECONDS_PER_RUN"
    ours elman-h100-b1
    one py $ANCHORS/numpy_elman.py --hidden 100 --seconds "$SECONDS_PER_RUN"
    ours lstm-h256-b32
    two py $ANCHORS/torch_char_lstm.py --hidden 256 --batch 32 --opt adagrad --seconds "$SECONDS_PER_RUN"
    ours lstm-h512-b32
    two py $ANCHORS/torch_char_lstm.py --hidden 512 --batch 32 --opt adagrad --seconds "$SECONDS_PER_RUN"
    ours ptb-small
    two py $ANCHORS/torch_ptb_small.py --seconds "$SECONDS_PER_RUN"
  } 2>&1 | tee "$OUT/round-$round.txt"
done
echo "RESULT lines in $OUT"
