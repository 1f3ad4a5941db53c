#!/usr/bin/env bash
# Peak memory (RSS) and time of lambdactl's package checks on a 40 MB ELF bootstrap, side by side
# with Info-ZIP on the same file: `package --binary` (zip + every check) against `zip -6`, and
# `doctor` (the checks alone: reading the zip back, parsing the ELF, SHA-256) against `unzip -t`
# (reading it back). The ELF parser streams the entry and keeps only the header tables and the
# sections it needs, so the checks should cost a few MiB over the process's own floor
# (`lambdactl --version`), whatever the binary's size. Run by hand: bash benchmarks/inspect/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /usr/bin/time ] || { echo "GNU time is missing: run scripts/deps/core.sh" >&2; exit 1; }
configuration=${CONFIGURATION:-release}
swift build --package-path cli -c "$configuration" --product lambdactl >/dev/null
lambdactl=$(swift build --package-path cli -c "$configuration" --show-bin-path)/lambdactl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# A real 40 MB ELF file from the toolchain (code plus data tables, like a static Swift bootstrap).
toolchain_lib=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux
cp "$toolchain_lib/lib_FoundationICU.so" "$work/bootstrap"
chmod 755 "$work/bootstrap"
echo "input: $(stat -c %s "$work/bootstrap") bytes ($toolchain_lib/lib_FoundationICU.so), lambdactl $configuration build"

# Prints "<seconds> <peak RSS in MiB>" for a command, from GNU time's report.
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    awk '{ printf "%.2f %.1f", $1, $2 / 1024 }' "$work/time"
}

printf '%-34s %9s %14s\n' command seconds 'peak RSS MiB'
row() { read -r seconds rss <<<"$2"; printf '%-34s %9s %14s\n' "$1" "$seconds" "$rss"; }
row "lambdactl --version (floor)" "$(measure "$lambdactl" --version)"
row "lambdactl package --binary" "$(measure "$lambdactl" package --binary "$work/bootstrap" -o "$work/l.zip")"
row "zip -q -X -6" "$(cd "$work" && measure zip -q -X -6 "$work/z.zip" bootstrap)"
row "lambdactl doctor" "$(measure "$lambdactl" doctor "$work/l.zip")"
row "unzip -tq" "$(measure unzip -tq "$work/l.zip")"
