#!/usr/bin/env bash
# Deploy round trips against moto_server: lambdactl's first deploy (create), a second deploy of the
# same zip (CodeSha256 skip), and the hand-typed equivalent of that second deploy (update-function-code
# plus a wait), printing seconds, aws CLI calls and ratios. Needs scripts/deps/aws.sh.
# Run by hand: bash benchmarks/deploy/run.sh   (LAMBDACTL_BIN=path to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${LAMBDACTL_BIN:-}" ]; then
    swift build --package-path cli -c release --product lambdactl >/dev/null
    LAMBDACTL_BIN=$(swift build --package-path cli -c release --show-bin-path)/lambdactl
fi
AWS=/opt/lambdactl-deps/awscli/v2/2.38.5/dist/aws
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MOTO_IAM_LOAD_MANAGED_POLICIES=true /opt/lambdactl-deps/aws-venv/bin/moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto; wait $moto 2>/dev/null; rm -rf "$work"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"; do sleep 0.1; done

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" \
       AWS_EC2_METADATA_DISABLED=true LAMBDACTL_AWS=$AWS XDG_CACHE_HOME=$work/cache
endpoint="http://127.0.0.1:$port"
python3 - "$work/bench.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    info = zipfile.ZipInfo("bootstrap", date_time=(2020, 1, 1, 0, 0, 0)); info.create_system = 3; info.external_attr = 0o100755 << 16
    z.writestr(info, "#!/bin/sh\necho hi\n")
    pad = zipfile.ZipInfo("data.bin", date_time=(2020, 1, 1, 0, 0, 0)); pad.create_system = 3; pad.external_attr = 0o100644 << 16
    z.writestr(pad, os.urandom(5 * 1024 * 1024))
PY
"$LAMBDACTL_BIN" --version >/dev/null
now() { date +%s.%N; }
run() { # label, command...: prints seconds and the number of aws calls (from --verbose)
    local label=$1; shift
    local start; start=$(now)
    "$@" >"$work/out" 2>"$work/err"
    local seconds; seconds=$(echo "$(now) - $start" | bc)
    printf '%-34s %8.2f %6s\n' "$label" "$seconds" "$(grep -c '^+ ' "$work/err" || true)"
    echo "$seconds" >"$work/last"
}
printf '%-34s %8s %6s\n' step seconds calls
run "lambdactl deploy (create)" "$LAMBDACTL_BIN" deploy --zip "$work/bench.zip" --create-role --endpoint-url "$endpoint" -v
run "lambdactl deploy (same zip)" "$LAMBDACTL_BIN" deploy --zip "$work/bench.zip" --endpoint-url "$endpoint" -v
same=$(cat "$work/last")
hand() { set -x; "$AWS" lambda update-function-code --function-name bench --zip-file "fileb://$work/bench.zip" --endpoint-url "$endpoint" >/dev/null
         "$AWS" lambda wait function-updated-v2 --function-name bench --endpoint-url "$endpoint"; }
start=$(now); (hand) >/dev/null 2>"$work/err"; manual=$(echo "$(now) - $start" | bc)
printf '%-34s %8.2f %6s\n' "aws update-function-code + wait" "$manual" "$(grep -c "^+ $AWS" "$work/err" || true)"
printf 'ratio lambdactl same-zip / hand update: %.2fx\n' "$(echo "$same / $manual" | bc -l)"
