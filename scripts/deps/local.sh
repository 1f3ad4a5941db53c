#!/usr/bin/env bash
# Installs what the LambdaLocal tests (lambdactl serve / invoke --local) drive:
#  - curl (Function URL client, `curl -N`), util-linux (unshare, setpriv, mount: the private mount
#    namespace that shows the function /var/task and /opt), bubblewrap (the non-root alternative);
#  - boto3 1.43.11 (invoke / invoke_with_response_stream against the emulator) and awslambdaric 4.2.2
#    (AWS's Python runtime client, run as the function) for the python3 on PATH;
#  - the official AWS CLI v2 (`aws lambda invoke --endpoint-url`), from scripts/deps/awscli.sh.
# Idempotent: each step is skipped when already satisfied.
set -euo pipefail

need_apt=()
command -v curl >/dev/null || need_apt+=(curl)
command -v unshare >/dev/null || need_apt+=(util-linux)
command -v setpriv >/dev/null || need_apt+=(util-linux)
command -v bwrap >/dev/null || need_apt+=(bubblewrap)
command -v unzip >/dev/null || need_apt+=(unzip)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

pip_pin() {  # name version (a binary wheel exists for CPython 3.11 x86_64 for both pins)
    if ! python3 -m pip show "$1" 2>/dev/null | grep -q "^Version: $2\$"; then
        # A Debian-managed python3 refuses plain installs (PEP 668); the tests use that same python3.
        python3 -m pip install --quiet "$1==$2" 2>/dev/null \
            || python3 -m pip install --quiet --break-system-packages "$1==$2"
    fi
}
pip_pin boto3 1.43.11
pip_pin awslambdaric 4.2.2
python3 -c 'import boto3, awslambdaric; print("boto3", boto3.__version__, "awslambdaric ok")'

bash "$(dirname "$0")/awscli.sh"
