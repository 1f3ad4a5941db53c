#!/usr/bin/env bash
# Packages two inputs with lambdactl (libzip, every check included) and zips them with Info-ZIP's
# zip at the same level, and prints wall time, CPU time and peak RSS side by side, with ratios:
#   1. a 40 MB ELF binary (lambdactl package --binary  vs  zip -X -6)
#   2. a folder of 5,000 small files (lambdactl package --dir  vs  zip -r -X -6)
#   3. peak RSS of both on ELF files of about 4, 40 and 160 MB (flat when both stream)
# Each figure is the best of $RUNS runs (default 3), since the machine may be shared.
# Run by hand: bash benchmarks/zip/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
[ -x /usr/bin/time ] || { echo "GNU time is missing: run scripts/deps/core.sh" >&2; exit 1; }
# LAMBDACTL=path measures an already built binary (e.g. an older one, for a before/after).
if [ -n "${LAMBDACTL:-}" ]; then
    lambdactl=$LAMBDACTL
else
    swift build --package-path cli -c release --product lambdactl >/dev/null
    lambdactl=$(swift build --package-path cli -c release --show-bin-path)/lambdactl
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# A real 40 MB ELF file from the toolchain (code plus data tables, like a static Swift bootstrap).
toolchain_lib=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux
mkdir -p "$work/binary"
cp "$toolchain_lib/lib_FoundationICU.so" "$work/binary/bootstrap"
chmod 755 "$work/binary/bootstrap"
python3 benchmarks/zip/make-small-files.py "$work/small" 5000
echo "binary: $(stat -c %s "$work/binary/bootstrap") bytes; folder: $(find "$work/small" -type f | wc -l) files, $(du -sb "$work/small" | cut -f1) bytes"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); best of $runs runs"

# measure DIR OUT -- COMMAND...: best wall seconds, best user+sys seconds, lowest peak RSS (KiB).
measure() {
    local dir=$1 out=$2; shift 3
    local best_wall= best_cpu= best_rss=
    for _ in $(seq "$runs"); do
        rm -f "$out"
        (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null)
        read -r wall user sys rss <"$work/time"
        cpu=$(echo "$user + $sys" | bc)
        if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc)" = 1 ]; then best_wall=$wall; fi
        if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu; fi
        if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
    done
    echo "$best_wall $best_cpu $best_rss"
}

row() { printf '%-34s %8s %8s %10s %12s\n' "$@"; }
compare() {
    local label=$1 lambda=$2 zip=$3 lambda_zip=$4 zip_zip=$5
    read -r lw lc lr <<<"$lambda"
    read -r zw zc zr <<<"$zip"
    echo
    echo "$label"
    row tool wall-s cpu-s "peak-MiB" bytes
    row "  lambdactl package" "$lw" "$lc" "$(echo "scale=1; $lr / 1024" | bc)" "$(stat -c %s "$lambda_zip")"
    row "  zip" "$zw" "$zc" "$(echo "scale=1; $zr / 1024" | bc)" "$(stat -c %s "$zip_zip")"
    row "  ratio lambdactl/zip" "$(echo "scale=2; $lw / $zw" | bc)x" "$(echo "scale=2; $lc / $zc" | bc)x" \
        "$(echo "scale=2; $lr / $zr" | bc)x" "$(echo "scale=4; $(stat -c %s "$lambda_zip") / $(stat -c %s "$zip_zip")" | bc)x"
}

l=$(measure "$work/binary" "$work/l-bin.zip" -- "$lambdactl" package --binary bootstrap -o "$work/l-bin.zip")
z=$(measure "$work/binary" "$work/z-bin.zip" -- zip -q -X -6 "$work/z-bin.zip" bootstrap)
compare "1. 40 MB binary (package --binary  vs  zip -X -6)" "$l" "$z" "$work/l-bin.zip" "$work/z-bin.zip"

l=$(measure "$work/small" "$work/l-dir.zip" -- "$lambdactl" package --dir . -o "$work/l-dir.zip")
z=$(measure "$work/small" "$work/z-dir.zip" -- zip -q -r -X -6 "$work/z-dir.zip" .)
compare "2. 5,000 small files (package --dir  vs  zip -r -X -6)" "$l" "$z" "$work/l-dir.zip" "$work/z-dir.zip"

# 3. Bounded buffers: writing and reading must not grow with the input. ELF files of about 4, 40
# and 160 MB with the same bytes: a tiny static program followed by the first 4 MB of the 40 MB
# library, the library itself, and the library followed by three copies of itself (bytes after an
# ELF's last section are data to the loader, so both stay valid programs to every check). A
# streaming tool's peak RSS stays flat across the three.
printf 'int main(void) { return 0; }\n' >"$work/tiny.c"
gcc -static -O2 -o "$work/tiny" "$work/tiny.c"
{ cat "$work/tiny"; head -c 4000000 "$toolchain_lib/lib_FoundationICU.so"; } >"$work/binary/small"
cat "$toolchain_lib/lib_FoundationICU.so" "$toolchain_lib/lib_FoundationICU.so" \
    "$toolchain_lib/lib_FoundationICU.so" "$toolchain_lib/lib_FoundationICU.so" >"$work/binary/large"
chmod 755 "$work/binary/small" "$work/binary/large"
echo
echo "3. Peak RSS by input size (MiB; streaming keeps it flat)"
row "input" "MB" "lambdactl" "zip" ""
for input in small bootstrap large; do
    read -r _ _ lr <<<"$(measure "$work/binary" "$work/l-size.zip" -- "$lambdactl" package --binary "$input" -o "$work/l-size.zip")"
    read -r _ _ zr <<<"$(measure "$work/binary" "$work/z-size.zip" -- zip -q -X -6 "$work/z-size.zip" "$input")"
    row "  $input" "$(( $(stat -c %s "$work/binary/$input") / 1000000 ))" "$(echo "scale=1; $lr / 1024" | bc)" "$(echo "scale=1; $zr / 1024" | bc)" ""
done

echo
echo "(lambdactl's figures include every package check on the written zip; the checks alone:)"
for zip in l-bin l-dir; do
    read -r w c r <<<"$(measure "$work" "$work/none" -- "$lambdactl" doctor "$work/$zip.zip")"
    echo "  lambdactl doctor $zip.zip: $w s wall, $c s cpu, $(echo "scale=1; $r / 1024" | bc) MiB peak"
done
read -r w c r <<<"$(measure "$work" "$work/none" -- "$lambdactl" --version)"
echo "  lambdactl --version (the process's floor): $w s wall, $(echo "scale=1; $r / 1024" | bc) MiB peak"
