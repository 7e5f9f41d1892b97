#!/bin/sh
# Train on a lent GPU machine (the workplace's `device` tool), which receives a copy of this
# checkout and nothing beside it: the training data must travel with it, inside the 64 MiB that a
# call may carry, and the trained model comes back through $OUT.
#
#   here:  sh models/training/device-train.sh stage [DATA]
#          packs DATA's train/, val/, other/train/ and label files (default ../shared/datasets/returns10;
#          about 51 MiB, test splits left out) into .device-data/returns10.tar.gz, which git ignores
#   there: sh models/training/device-train.sh run [train.py options]
#          unpacks it to a temporary folder (removed at the end), trains with --device cuda and one
#          loader process per spare core, and writes model.onnx, model.json, best.pt and train.log to $OUT
#
# The desk views are drawn on the CPU (about 120 images/s a core), so the machine's 16 cores, not
# its GPU, set the pace: about 10 s an epoch for the shipped network. Evaluate what comes back here,
# with `npm run eval -- --model DIR`, before it replaces models/returns10/.
set -eu
cd "$(dirname "$0")/../.."
tar_file=.device-data/returns10.tar.gz

case "${1:-}" in
stage)
  data=${2:-../shared/datasets/returns10}
  [ -f "$data/labels.csv" ] || { echo "device-train.sh stage: $data/labels.csv not found (give the returns10 folder)" >&2; exit 2; }
  mkdir -p .device-data
  tar -czf "$tar_file" -C "$(dirname "$data")" \
    "$(basename "$data")/labels.csv" "$(basename "$data")/train" "$(basename "$data")/val" \
    "$(basename "$data")/other/labels.csv" "$(basename "$data")/other/train"
  tree_bytes=$(git ls-files -z | xargs -0 du -cb | tail -1 | cut -f1)
  tar_bytes=$(wc -c < "$tar_file")
  total=$((tree_bytes + tar_bytes))
  echo "wrote $tar_file ($((tar_bytes / 1048576)) MiB); with the tracked files a call carries $((total / 1048576)) MiB of 64"
  if [ "$total" -gt $((64 * 1048576)) ]; then
    echo "device-train.sh stage: over the 64 MiB a device call may carry" >&2
    exit 1
  fi
  ;;
run)
  shift
  : "${OUT:?device-train.sh run: OUT is not set (the device tool sets it to the folder that comes back)}"
  [ -f "$tar_file" ] || { echo "device-train.sh run: $tar_file is missing: run 'stage' here and carry .device-data" >&2; exit 2; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT  # the unpacked data (about 50 MiB) is not left behind in /tmp
  tar -xzf "$tar_file" -C "$work"
  cores=$(nproc)
  workers=$((cores > 3 ? cores - 2 : 1))
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
  # PYTHON: the device machine's python3 holds PyTorch; here it is /usr/bin/python3.
  # Options given after `run` come later on the line, so they win (argparse keeps the last one).
  { PYTHONUNBUFFERED=1 "${PYTHON:-python3}" -m models.training.train --data "$work/returns10" \
      --device "${DEVICE:-cuda}" --workers "$workers" --out "$OUT" --checkpoint "$OUT/best.pt" "$@" &&
      echo 0 > "$work/rc" || echo $? > "$work/rc"; } 2>&1 | tee "$OUT/train.log"
  rc=$(cat "$work/rc")
  exit "$rc"
  ;;
*)
  echo "usage: sh models/training/device-train.sh stage [DATA] | run [train.py options]" >&2
  exit 2
  ;;
esac
