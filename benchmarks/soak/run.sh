#!/usr/bin/env bash
# Soak benchmarks (issue "Faults and load"): serve under many clients through each front, and
# whether its memory, fds and function processes return to their start (serve.py); the runtime
# core's figures over many invocations are in runtime.sh beside this file when present.
# Usage: benchmarks/soak/run.sh [CLIENTS] [REQUESTS]   (LAMBDACTL=path/to/lambdactl to pick a build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lambdactl=${LAMBDACTL:-$here/../../cli/.build/release/lambdactl}
if [ ! -x "$lambdactl" ]; then
    echo "build first: swift build --package-path cli -c release (or set LAMBDACTL=...)" >&2
    exit 2
fi
python3 "$here/serve.py" "$lambdactl" "${1:-50}" "${2:-200}"
if [ -x "$here/runtime.sh" ]; then
    "$here/runtime.sh"
fi
