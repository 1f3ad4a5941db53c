#!/usr/bin/env bash
# For the build and layer tests: Debian's docker engine (no registry is reachable here, so the
# tests import their own images) and busybox-static (the shell and tools inside those images).
set -euo pipefail
missing=()
for package in docker.io busybox-static; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
