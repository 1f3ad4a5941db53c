#!/usr/bin/env bash
# Soak and slow-reader figures for LambdaRuntime: builds the runtime's test function (release) and
# runs runtime.py against it. Usage: benchmarks/soak/runtime.sh [--invocations N] [--rounds N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="$repo/.build-soak"
echo "building LambdaRuntimeTestFunction (release) ..." >&2
(cd "$repo" && swift build -c release -j 2 --scratch-path "$scratch" --product LambdaRuntimeTestFunction >&2)
python3 "$here/runtime.py" --bin "$scratch/release/LambdaRuntimeTestFunction" "$@"
