#!/usr/bin/env bash
# Installs what the LambdaAWS tests drive (see docs: test-stack.md):
#  - the official AWS CLI v2.38.5 in /opt/lambdactl-deps/awscli (scripts/deps/awscli.sh);
#  - moto_server 5.2.5 and ministack 1.5.33 in their own virtualenv /opt/lambdactl-deps/aws-venv, so
#    they neither change nor depend on the system's Python packages;
#  - Debian's awscli 2.9.19 (too old for --invoke-mode), diverted to /usr/bin/aws-debian so that it
#    never shadows another `aws` on PATH; tests use it only for the "aws CLI too old" message.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail

DEPS=/opt/lambdactl-deps
VENV=$DEPS/aws-venv

# Tools this script and the tests use (unzip, curl, a Python with venv and pip, script from bsdutils).
missing=()
command -v unzip >/dev/null || missing+=(unzip)
command -v curl >/dev/null || missing+=(curl)
command -v script >/dev/null || missing+=(bsdutils)
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
apt_updated=false
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q >/dev/null
    apt_updated=true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

mkdir -p "$DEPS"

bash "$(dirname "$0")/awscli.sh"

if ! "$VENV/bin/python" -m pip show moto 2>/dev/null | grep -q '^Version: 5.2.5$' \
   || ! "$VENV/bin/python" -m pip show ministack 2>/dev/null | grep -q '^Version: 1.5.33$'; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet 'moto[server,awslambda,logs,iam,s3]==5.2.5' 'ministack==1.5.33'
fi
"$VENV/bin/python" -m pip show moto ministack | grep -E '^(Name|Version):'

if [ ! -x /usr/bin/aws-debian ]; then
    dpkg-divert --local --rename --divert /usr/bin/aws-debian --add /usr/bin/aws
    if ! apt-cache show awscli=2.9.19-1 >/dev/null 2>&1 && [ "$apt_updated" = false ]; then apt-get update -q >/dev/null; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q awscli=2.9.19-1 >/dev/null
fi
/usr/bin/aws-debian --version
