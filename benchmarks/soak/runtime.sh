#!/usr/bin/env bash
# Soak and slow-reader figures for LambdaRuntime: builds the runtime's test function (release) and
# runs runtime.py against it.
# Usage: benchmarks/soak/runtime.sh [--peer GIT-REF] [--invocations N] [--warmup N] [--rounds N]
#   --peer REF  also measures this revision's test function linked with REF's Sources/LambdaRuntime
#               (e.g. main), exported with git archive into a temporary folder, so that the figures
#               stand beside the old runtime (the test function's actions are this revision's).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="$repo/.build-soak"
peer=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --peer) peer="${2:?--peer needs a git ref}"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
echo "building LambdaRuntimeTestFunction (release) ..." >&2
(cd "$repo" && swift build -c release -j 2 --scratch-path "$scratch" --product LambdaRuntimeTestFunction >&2)
peer_args=()
if [ -n "$peer" ]; then
    tree="$(mktemp -d "${TMPDIR:-/tmp}/lambdactl-soak-peer.XXXXXX")"
    trap 'rm -rf "$tree"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    git -C "$repo" archive HEAD | tar -x -C "$tree"
    rm -rf "$tree/Sources/LambdaRuntime"
    git -C "$repo" archive "$peer" Sources/LambdaRuntime | tar -x -C "$tree"
    echo "building LambdaRuntimeTestFunction (release) at $peer ..." >&2
    (cd "$tree" && swift build -c release -j 2 --scratch-path "$repo/.build-soak-peer" --product LambdaRuntimeTestFunction >&2)
    peer_args=(--peer-bin "$repo/.build-soak-peer/release/LambdaRuntimeTestFunction" --peer-name "$peer")
fi
python3 "$here/runtime.py" --bin "$scratch/release/LambdaRuntimeTestFunction" "${peer_args[@]}" "${args[@]}"
