#!/usr/bin/env bash
# What a new Swift user waits for, in this layout and in the one before LambdaRuntime became the
# root package (everything in one package, 24 remote dependencies), from the same run:
#   - `lambdactl init` + the first `lambdactl package` (resolve, build bootstrap, zip, checks),
#   - a no-op `lambdactl package` (nothing changed),
#   - the size of the project's .build, and the packages SwiftPM resolved.
# Both projects take LambdaRuntime by path (`init --runtime-path`): this checkout, and a snapshot of
# the commit before cli/Package.swift appeared (OLD_LAYOUT_COMMIT overrides it), so they differ
# only in the layout. SwiftPM's shared repository cache (~/.cache/org.swift.swiftpm) is warm after
# the first run on a machine; the figures of a second run are the steady state.
# Run by hand: bash benchmarks/init/run.sh (LAMBDACTL=path uses that lambdactl instead of a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
if [ -z "${LAMBDACTL:-}" ]; then
    swift build --package-path cli -c release --product lambdactl >/dev/null
    LAMBDACTL=$(swift build --package-path cli -c release --show-bin-path)/lambdactl
fi
lambdactl=$LAMBDACTL
move=$(git log --format=%H -1 --diff-filter=A -- cli/Package.swift)
[ -n "$move" ] || { echo "no commit adds cli/Package.swift; set OLD_LAYOUT_COMMIT" >&2; exit 2; }
old=${OLD_LAYOUT_COMMIT:-$(git rev-parse "$move^")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/old-layout"
git archive "$old" | tar -x -C "$work/old-layout"

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
# Writes "first no-op MB packages" for a project built against the runtime package at $2 to
# $work/$1.figures; a failing command stops the benchmark with its output.
measure() {
    local project=$work/$1/fn log=$work/$1.log
    local start first noop
    start=$(now)
    "$lambdactl" init fn --runtime-path "$2" --output-dir "$project" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    (cd "$project" && "$lambdactl" package --build native) >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    first=$(now)
    (cd "$project" && "$lambdactl" package --build native) >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    noop=$(now)
    local megabytes packages
    megabytes=$(du -sm "$project/.build" | cut -f1)
    # Distinct packages in the resolved graph, the project itself excluded.
    packages=$(swift package --package-path "$project" show-dependencies --format json | python3 -c '
import json, sys
def walk(node, seen):
    for child in node.get("dependencies", []):
        seen.add(child["identity"]); walk(child, seen)
    return seen
print(len(walk(json.load(sys.stdin), set())))')
    echo "$(calc "$first - $start") $(calc "$noop - $first") $megabytes $packages" > "$work/$1.figures"
}

measure new "$root"
measure old "$work/old-layout"
read -r new_first new_noop new_mb new_packages < "$work/new.figures"
read -r old_first old_noop old_mb old_packages < "$work/old.figures"
echo "swift-stream project, lambdactl package --build native, $(nproc) cores; old layout = $(git rev-parse --short "$old")"
printf '%-28s %14s %14s %8s\n' "" "this layout" "old layout" "ratio"
row() { printf '%-28s %14s %14s %8s\n' "$1" "$2" "$3" "$(calc "f'{$2 / $3:.2f}'")x"; }
row "init + first package (s)" "$(printf %.1f "$new_first")" "$(printf %.1f "$old_first")"
row "no-op package (s)" "$(printf %.2f "$new_noop")" "$(printf %.2f "$old_noop")"
row ".build (MB)" "$new_mb" "$old_mb"
printf '%-28s %14s %14s\n' "packages resolved" "$new_packages" "$old_packages"
echo "goals (issue #13): first build <= 20 s, no-op <= 1.5 s, .build <= 30 MB"
