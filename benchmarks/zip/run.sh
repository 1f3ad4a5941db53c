#!/usr/bin/env bash
# Zips a 40 MB binary with lambdactl (libzip) and with Info-ZIP's zip at the same deflate levels,
# and prints times, sizes and ratios side by side. Run by hand: bash benchmarks/zip/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product lambdactl >/dev/null
lambdactl=$(swift build -c release --show-bin-path)/lambdactl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A real 40 MB ELF file from the toolchain (code plus data tables, like a static Swift bootstrap).
toolchain_lib=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux
cp "$toolchain_lib/lib_FoundationICU.so" "$work/bootstrap"
chmod 755 "$work/bootstrap"
echo "input: $(stat -c %s "$work/bootstrap") bytes ($toolchain_lib/lib_FoundationICU.so)"

now() { date +%s.%N; }
printf '%-22s %9s %12s\n' tool seconds bytes
for level in 6 9; do
    start=$(now)
    "$lambdactl" package --binary "$work/bootstrap" --compression-level "$level" -o "$work/out/l$level.zip" >/dev/null
    lambda_time=$(echo "$(now) - $start" | bc)
    start=$(now)
    (cd "$work" && zip -q -X -"$level" "$work/z$level.zip" bootstrap)
    zip_time=$(echo "$(now) - $start" | bc)
    lambda_size=$(stat -c %s "$work/out/l$level.zip")
    zip_size=$(stat -c %s "$work/z$level.zip")
    printf '%-22s %9.2f %12d\n' "lambdactl -$level" "$lambda_time" "$lambda_size"
    printf '%-22s %9.2f %12d\n' "zip -$level" "$zip_time" "$zip_size"
    printf '%-22s %9.2fx %11.4fx\n' "ratio lambdactl/zip" "$(echo "$lambda_time / $zip_time" | bc -l)" "$(echo "$lambda_size / $zip_size" | bc -l)"
done
echo "(lambdactl's time includes running every package check on the written zip)"

# How much of lambdactl's time is the checks (reading the zip back, ELF parsing, SHA-256):
start=$(now)
"$lambdactl" doctor "$work/out/l6.zip" >/dev/null
echo "checks alone (lambdactl doctor on the -6 zip): $(echo "$(now) - $start" | bc) s"
