#!/usr/bin/env bash
# Measures what `lambdactl serve` adds to the Runtime API round trip (see bench.py).
# Usage: benchmarks/serve/run.sh [N]   (LAMBDACTL=path/to/lambdactl to pick a build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lambdactl=${LAMBDACTL:-$here/../../cli/.build/release/lambdactl}
if [ ! -x "$lambdactl" ]; then
    echo "build first: swift build --package-path cli -c release (or set LAMBDACTL=...)" >&2
    exit 2
fi
exec python3 "$here/bench.py" "$lambdactl" "${1:-200}"
