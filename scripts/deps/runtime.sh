#!/usr/bin/env bash
# Tools for the LambdaRuntime tests and benchmark: objdump/strip (binutils) to check a bootstrap's
# glibc symbol versions, gcc and the static glibc (libc6-dev) for the benchmark's C floor client,
# python3 for the benchmark harness. The tests start their own Runtime API server (no service needed).
set -euo pipefail
missing=()
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
command -v strip >/dev/null 2>&1 || missing+=(binutils)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/aarch64-linux-gnu/libc.a ] || missing+=(libc6-dev)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u)
fi
