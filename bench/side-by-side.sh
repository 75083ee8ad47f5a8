#!/usr/bin/env bash
# Speed side by side: this project's `bench` and the reference trainers of ../shared/anchors, alternated
# (A B A B) in one session, with the settings the anchors' README says matter. Writes the RESULT lines to
# $OUT (default bench/results/<date>) and prints them.
#
#   bash bench/side-by-side.sh [seconds] [rounds]
#
# Needs ../shared/anchors and ../shared/data (not in a user's clone) and, for the references,
#   apt-get install -y python3-numpy python3-torch libopenblas0-pthread
# When ../shared/anchors/torchsharp is there, its TorchSharp (libtorch, MKL) trainer runs beside each char-LSTM
# configuration and PTB small too (TORCHSHARP=0 leaves it out). It is built once per run to $TORCHSHARP_OUT
# (default /tmp/tsbench-out, about 600 MB, outside the repository) and needs patchelf and gcc for the anchors'
# Debian-12 libstdc++ workaround (apt-get install -y patchelf gcc).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
ROUNDS=${2:-2}
ANCHORS=../shared/anchors
DATA=../shared/data/tinyshakespeare/input.txt
PTB=../shared/data/ptb
OUT=${OUT:-bench/results/$(date +%Y%m%d-%H%M)}
TS=$ANCHORS/torchsharp
TS_OUT=${TORCHSHARP_OUT:-/tmp/tsbench-out}
fail() { echo "side-by-side.sh: $*" >&2; exit 2; }
[[ -d $ANCHORS && -f $DATA ]] || fail "needs $ANCHORS and $DATA"
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy, torch' 2>/dev/null \
  || fail "the reference trainers need /usr/bin/python3 with numpy and torch: apt-get install -y python3-numpy python3-torch libopenblas0-pthread"
WITH_TS=0
if [[ ${TORCHSHARP:-1} != 0 && -f $TS/TorchSharpLstmBench.csproj ]]; then
  WITH_TS=1
  for tool in patchelf gcc objdump; do
    command -v "$tool" >/dev/null || fail "the TorchSharp anchor ($TS) needs $tool: apt-get install -y patchelf gcc binutils (or TORCHSHARP=0 to leave it out)"
  done
fi
mkdir -p "$OUT"

dotnet build models -c Release --nologo -v q >/dev/null
APP=(dotnet models/bin/Release/net10.0/autogradrnn.dll)

# The TorchSharp anchor, built from a writable copy (the anchors may be read-only), then the anchors' workaround for
# Debian 12's libstdc++ (see $TS/run.sh): applied to the build output only, again after every build.
build_torchsharp() {
  local src=$TS_OUT-src
  rm -rf "$src" && mkdir -p "$src" && cp -r "$TS"/. "$src"/ && chmod -R u+w "$src"
  echo "building the TorchSharp anchor into $TS_OUT (the first build downloads libtorch, about 600 MB)" >&2
  dotnet build "$src" -c Release -o "$TS_OUT" --nologo -v q >/dev/null || fail "the TorchSharp anchor did not build (dotnet build $src)"
  local native=$TS_OUT/runtimes/linux-x64/native/libLibTorchSharp.so
  [[ -f $native ]] || fail "the TorchSharp build has no $native"
  # (grep reads all of objdump's output: with -q, objdump's SIGPIPE would fail the test under pipefail)
  if objdump -T "$native" | grep 'GLIBCXX_3.4.32' >/dev/null; then
    gcc -O2 -shared -fPIC -o "$TS_OUT/libios_init_shim.so" "$src/glibcxx-workaround/shim.c"
    /usr/bin/python3 "$src/glibcxx-workaround/weaken_verneed.py" "$native" GLIBCXX_3.4.32 >/dev/null
    patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$native"
    patchelf --add-needed "$TS_OUT/libios_init_shim.so" "$native"
  fi
  rm -rf "$TS_OUT/cpu"   # TorchSharp's fallback loader copies natives there; keep it from loading an unpatched copy
}
if [[ $WITH_TS == 1 ]]; then build_torchsharp; fi

# glibc: keep large temporaries instead of returning them to the OS (2-4x for numpy/PyTorch at H 256).
export MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 OPENBLAS_CORETYPE=SkylakeX
py() { /usr/bin/python3 "$@"; }
one() { OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$@"; }
two() { OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 "$@"; }
ours() { "${APP[@]}" bench --data "$DATA" --ptb-data "$PTB" --seconds "$SECONDS_PER_RUN" --warmup 3 --config "$1" | grep '^RESULT'; }
# TorchSharp on N threads: libtorch's own pool and OpenMP both N (the anchors' README), Adagrad as `bench` trains.
ts() {
  [[ $WITH_TS == 1 ]] || return 0
  local threads=$1 output
  shift
  if ! output=$(OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads dotnet "$TS_OUT/TorchSharpLstmBench.dll" \
      --threads "$threads" --seconds "$SECONDS_PER_RUN" --warmup 3 "$@" 2>&1) || ! grep -q '^RESULT' <<<"$output"; then
    echo "side-by-side.sh: the TorchSharp anchor failed ($*); its last lines:" >&2
    tail -n 5 <<<"$output" >&2
    return 1
  fi
  grep '^RESULT' <<<"$output" | sed "s/\$/ omp=$threads/"
}
char_ts() { ts "$1" --hidden "$2" --batch "$3" --opt adagrad --data "$DATA"; }

for round in $(seq "$ROUNDS"); do
  {
    ours lstm-h100-b1
    one py $ANCHORS/torch_char_lstm.py --hidden 100 --batch 1 --opt adagrad --seconds "$SECONDS_PER_RUN"
    char_ts 1 100 1
    one py $ANCHORS/numpy_lstm.py --hidden 100 --dtype float32 --seconds "$SECONDS_PER_RUN"
    ours lstm-h256-b1
    one py $ANCHORS/torch_char_lstm.py --hidden 256 --batch 1 --opt adagrad --seconds "$SECONDS_PER_RUN"
    char_ts 1 256 1
    one py $ANCHORS/numpy_lstm.py --hidden 256 --dtype float32 --seconds "$SECONDS_PER_RUN"
    ours elman-h100-b1
    one py $ANCHORS/numpy_elman.py --hidden 100 --seconds "$SECONDS_PER_RUN"
    ours lstm-h100-b32
    one py $ANCHORS/torch_char_lstm.py --hidden 100 --batch 32 --opt adagrad --seconds "$SECONDS_PER_RUN"
    char_ts 1 100 32
    ours lstm-h256-b32
    two py $ANCHORS/torch_char_lstm.py --hidden 256 --batch 32 --opt adagrad --seconds "$SECONDS_PER_RUN"
    char_ts 2 256 32
    ours lstm-h512-b32
    two py $ANCHORS/torch_char_lstm.py --hidden 512 --batch 32 --opt adagrad --seconds "$SECONDS_PER_RUN"
    char_ts 2 512 32
    ours ptb-small
    two py $ANCHORS/torch_ptb_small.py --seconds "$SECONDS_PER_RUN"
    ts 2 --ptb --ptb-data "$PTB"
  } 2>&1 | tee "$OUT/round-$round.txt"
done
echo "RESULT lines in $OUT"
