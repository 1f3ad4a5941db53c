#!/usr/bin/env bash
# serve's RSS while a slow client reads a 150 MiB stream (see slow_stream.py); the idle RSS is the
# floor. Pass several binaries to compare builds side by side, e.g. before/after a change.
# Usage: benchmarks/serve/slow-stream.sh [--size B] [--rate B/s] [LAMBDACTL ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
args=() bins=()
while [ $# -gt 0 ]; do
    case "$1" in
        --size|--rate) args+=("$1" "$2"); shift 2 ;;
        *) bins+=("$1"); shift ;;
    esac
done
[ ${#bins[@]} -gt 0 ] || bins=("${LAMBDACTL:-$here/../../cli/.build/debug/lambdactl}")
for bin in "${bins[@]}"; do
    [ -x "$bin" ] || { echo "not executable: $bin (build first: swift build --package-path cli)" >&2; exit 2; }
done
exec python3 "$here/slow_stream.py" "${args[@]}" "${bins[@]}"
