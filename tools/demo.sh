#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, starts the platform simulator on
# loopback and the kiosk on simulated devices: a window where a display exists, otherwise the
# scripted demo journeys headless with a screenshot of every screen and the receipt as PNG: the
# first (journey.script), then the second (typing.script: a date, a select, an address by the
# region cascade and pinyin, handwriting, materials, a signature, express delivery), whose arrival
# at the platform simulator is checked.
#   tools/demo.sh [--headless] [--fullscreen] [--journey all|first|typing]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
headless=0
journey=all
kiosk_flags=()
usage="usage: $0 [--headless] [--fullscreen] [--journey all|first|typing]"
while [ $# -gt 0 ]; do
  case "$1" in
    --headless) headless=1 ;;
    --fullscreen) kiosk_flags+=(--fullscreen) ;;
    --journey)
      journey="${2:-}"
      shift
      case "$journey" in all|first|typing) ;; *) echo "$usage" >&2; exit 2 ;; esac ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then headless=1; fi

"$root/tools/setup.sh"
"$root/tools/build.sh" release

out="$root/out/demo"
rm -rf "$out"
mkdir -p "$out"
# The real link: HTTPS with the simulator's own CA and mutual TLS. The kiosk enrolls with the
# one-time provisioning code the simulator writes, as a technician's scan would give it.
"$root/build/tools/platform-sim/platform-sim" --catalog "$root/assets/catalog/demo-catalog.json" \
  --db "$out/platform.db" --port 0 --port-file "$out/platform.port" --tls-dir "$out/platform-pki" \
  --enroll-token "demo-$RANDOM$RANDOM" --provisioning-file "$out/provisioning-code" \
  --control-port 0 --control-port-file "$out/platform.control-port" \
  >"$out/platform-sim.log" 2>&1 &
platform_pid=$!
trap 'kill "$platform_pid" 2>/dev/null || true; wait "$platform_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do [ -s "$out/platform.port" ] && break; sleep 0.05; done
port="$(cat "$out/platform.port")"
echo "demo: platform simulator on https://127.0.0.1:$port (log: $out/platform-sim.log)"

kiosk=("$root/build/kiosk/kiosk" --simulate --terminal-dir "$out/terminal"
       --enroll "$(cat "$out/provisioning-code")" --db "$out/kiosk.db" --out "$out"
       --log "$out/kiosk.log")
if [ "$headless" = 1 ]; then
  if [ "$journey" != typing ]; then
    echo "demo: no display: running the scripted journey headless"
    "${kiosk[@]}" --headless --script "$root/assets/demo/journey.script" 2>/dev/null
    echo "demo: screenshots of every screen and the printed receipt:"
    ls -1 "$out"/*.png | sed 's/^/  /'
  fi
  if [ "$journey" != first ]; then
    # The second journey on the same kiosk: enrolled already, its outbox drained.
    echo "demo: the second journey: a date, a select, an address (cascade, pinyin, handwriting), materials, a signature, express delivery"
    mkdir -p "$out/typing"
    second=("$root/build/kiosk/kiosk" --simulate --terminal-dir "$out/terminal" --db "$out/kiosk.db"
            --out "$out/typing" --log "$out/typing/kiosk.log")
    [ "$journey" = typing ] && second+=(--enroll "$(cat "$out/provisioning-code")")
    "${second[@]}" --headless --script "$root/assets/demo/typing.script" 2>/dev/null
    ls -1 "$out"/typing/*.png | sed 's/^/  /'
    # Debian's interpreter, which has the python3-pil that setup.sh installs (a python3 found
    # first on PATH, such as pyenv's, may not).
    /usr/bin/python3 "$root/tools/demo_check.py" \
      "http://127.0.0.1:$(cat "$out/platform.control-port")" "$out/typing"
  fi
else
  echo "demo: opening the kiosk window (close the window to stop it; 'Place a sample ID card' on the identify screen, asked on Apply)"
  "${kiosk[@]}" "${kiosk_flags[@]}"
fi
