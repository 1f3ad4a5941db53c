#!/usr/bin/env bash
# System packages lambdactl itself and its core tests need: libzip (zips), pkg-config (SwiftPM
# finds libzip through it), Info-ZIP's zip/unzip (independent readers and the benchmark), gcc and
# binutils (tests link small ELF binaries and read them back with readelf), GNU time (peak memory
# figures of the benchmarks: /usr/bin/time -v).
set -euo pipefail
packages=(libzip-dev pkg-config zip unzip gcc libc6-dev binutils python3 time)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
