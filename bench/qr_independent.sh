#!/usr/bin/env bash
# Camera QR decoding on the independent hard corpus: generates it into a temp dir, runs the bench.
# Usage: bench/qr_independent.sh [bench args, e.g. --min-rate 95]
# Environment: QR_PER_CATEGORY (default 40: 13 categories, 520 frames), QR_SEED (default 2026),
# QR_BENCH (default build/bench/qr-camera-bench, the release tree), QR_KEEP=1 keeps the frames.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${QR_BENCH:-$root/build/bench/qr-camera-bench}"
if [ ! -x "$bench" ]; then
  echo "qr_independent: $bench is missing (tools/build.sh release)" >&2
  exit 2
fi
dir="$(mktemp -d "${TMPDIR:-/tmp}/qr-independent.XXXXXX")"
if [ "${QR_KEEP:-0}" = 1 ]; then
  echo "qr_independent: frames kept in $dir"
else
  trap 'rm -rf "$dir"' EXIT
fi
# Debian's python3 (python3-qrcode, -pil, -numpy from tools/setup.sh), whatever python3 is first on PATH.
/usr/bin/python3 "$root/tools/qr-corpus/make_corpus.py" "$dir" \
  --per-category "${QR_PER_CATEGORY:-40}" --seed "${QR_SEED:-2026}"
"$bench" --dir "$dir" "$@"
