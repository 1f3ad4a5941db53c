#!/usr/bin/env bash
# For the arm64 tests on an x86_64 machine: QEMU user-mode emulation registered with binfmt_misc
# (qemu-user-static registers qemu-aarch64 with the F flag, so the kernel runs arm64 programs
# directly, even inside serve's mount namespace and docker's containers), and a C cross-compiler
# whose glibc (/usr/aarch64-linux-gnu) also serves as the sysroot for dynamic arm64 programs.
# It also downloads (not installs) Debian's arm64 Python 3.11, busybox, zlib and expat into
# .build-fixtures/arm64-debs: the build-layer test makes an arm64 stand-in of the AL2023 image
# from them and serves the python-stream template with the resulting layer under QEMU.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(uname -m)" != x86_64 ]; then exit 0; fi
missing=()
for package in qemu-user-static binfmt-support gcc-aarch64-linux-gnu libc6-dev-arm64-cross; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# A new machine (or a container) may not have binfmt_misc mounted; registration needs it.
if ! mountpoint -q /proc/sys/fs/binfmt_misc; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    update-binfmts --enable qemu-aarch64 || update-binfmts --import qemu-aarch64
fi
grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 || {
    echo "error: qemu-aarch64 is registered without the F flag:" >&2
    cat /proc/sys/fs/binfmt_misc/qemu-aarch64 >&2
    exit 1
}
debs=.build-fixtures/arm64-debs
wanted=(python3.11-minimal libpython3.11-minimal libpython3.11-stdlib libpython3.11 zlib1g libexpat1 busybox-static)
if [ "$(ls "$debs"/*.deb 2>/dev/null | wc -l)" -lt ${#wanted[@]} ]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        dpkg --add-architecture arm64
    fi
    apt-get update -qq
    rm -rf "$debs.partial" && mkdir -p "$debs.partial"
    # apt's _apt user cannot write to a root-owned folder; download as root, quietly.
    (cd "$debs.partial" && apt-get download -qq "${wanted[@]/%/:arm64}" 2>&1 | grep -v 'unsandboxed' || true)
    [ "$(ls "$debs.partial"/*.deb | wc -l)" -eq ${#wanted[@]} ] || { echo "error: could not download ${wanted[*]} for arm64" >&2; exit 1; }
    rm -rf "$debs" && mv "$debs.partial" "$debs"
fi
echo "qemu-aarch64: $(sed -n 's/^flags: //p' /proc/sys/fs/binfmt_misc/qemu-aarch64)"
