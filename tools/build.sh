#!/usr/bin/env bash
# Configures and builds one build tree incrementally: tools/build.sh [release|asan|tsan].
# The tsan tree builds only the threaded tests (ctest -L threaded runs them there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
flavour="${1:-release}"
case "$flavour" in
  release) dir="$root/build"; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir="$root/build-asan"; args=(-DCMAKE_BUILD_TYPE=Debug -DYIWANG_SANITIZE=ON) ;;
  tsan) dir="$root/build-tsan"; args=(-DCMAKE_BUILD_TYPE=Debug -DYIWANG_TSAN=ON) ;;
  *) echo "usage: $0 [release|asan|tsan]" >&2; exit 2 ;;
esac
# ccache, where installed, lets several checkouts (git worktrees) share compiled objects.
if command -v ccache >/dev/null; then
  args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
fi
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S "$root" -B "$dir" -G Ninja "${args[@]}"
fi
if [ "$flavour" = tsan ]; then
  cmake --build "$dir" -j "$(nproc)" --target threaded-tests
else
  cmake --build "$dir" -j "$(nproc)"
fi
