#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for a fixed
# time from its seed corpus. Usage: tools/fuzz.sh [seconds per target, default 20 | --build-only]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
tools/setup.sh
cmake -S . -B build-fuzz -G Ninja -DYIWANG_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz
[ "$seconds" = --build-only ] && exit 0
declare -A corpus=([fuzz-problem-json]=problem_json [fuzz-catalog]=catalog
                   [fuzz-provisioning]=provisioning [fuzz-escpos-status]=escpos_status
                   [fuzz-escpos-machine]=escpos_machine [fuzz-sam-frame]=sam_frame
                   [fuzz-card-text]=card_text [fuzz-hid-pos]=hid_pos
                   [fuzz-wedge-decoder]=wedge_decoder [fuzz-scan-content]=scan_content)
# Every platform answer the kiosk parses (tests/fuzz/CMakeLists.txt builds one target per kind).
answers=(catalog identity application case-record case-list payment-order payment-status
         heartbeat certificate-list)
for kind in "${answers[@]}"; do corpus[fuzz-answer-$kind]=answer_${kind//-/_}; done
corpus[fuzz-answer-catalog]=catalog  # the same seeds as the catalog model's target
for target in fuzz-problem-json fuzz-catalog fuzz-provisioning fuzz-escpos-status \
  fuzz-escpos-machine fuzz-sam-frame fuzz-card-text fuzz-hid-pos fuzz-wedge-decoder \
  fuzz-scan-content "${answers[@]/#/fuzz-answer-}"; do
  work=$(mktemp -d)
  cp tests/fuzz/corpus/"${corpus[$target]}"/* "$work"/
  echo "fuzz: $target for ${seconds}s"
  # New inputs go to a scratch copy; the seeds in the tree stay as they are.
  status=0
  build-fuzz/tests/fuzz/"$target" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work" >"$work/log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" \
    "$work/log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target FAILED (exit $status); the last lines of its output:"
    tail -40 "$work/log"
    mkdir -p out/fuzz && cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* out/fuzz/ 2>/dev/null || true
    rm -rf "$work"
    exit 1
  fi
  rm -rf "$work"
done
