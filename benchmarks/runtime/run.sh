#!/usr/bin/env bash
# Builds the Swift word-streamer template (release, --static-swift-stdlib, stripped; and the fully
# static -static-executable variant), the write-time probe, a static C floor client and a
# dependency-free Swift client, then runs bench.py against them and the Python seed runtime.
# Usage: benchmarks/runtime/run.sh [bench.py options, e.g. --rounds 5000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/lambdactl-bench.XXXXXX")"
trap 'rm -rf "$out"' EXIT

build_swift() {  # folder, output name, extra flags...
    local folder="$1" name="$2"; shift 2
    local scratch="$folder/.build-bench${1:+-static}"
    (cd "$folder" && swift build -c release --static-swift-stdlib --scratch-path "$scratch" "$@" >&2)
    strip -o "$out/$name" "$scratch/release/bootstrap"
}

echo "building (release) ..." >&2
build_swift "$repo/templates/swift-stream" bootstrap
build_swift "$repo/templates/swift-stream" bootstrap-static -Xswiftc -static-executable
build_swift "$here/swift-probe" probe
build_swift "$here/swift-probe" probe-static -Xswiftc -static-executable
gcc -O2 -static -o "$out/c_floor" "$here/c_floor.c"
strip "$out/c_floor"
swiftc -O -static-stdlib "$here/swift-plain/main.swift" -o "$out/swift_plain"
strip "$out/swift_plain"
swiftc -O -static-executable "$here/swift-plain/main.swift" -o "$out/swift_plain_static"
strip "$out/swift_plain_static"

python3 "$here/bench.py" --out "$out" --repo "$repo" "$@"
