#!/usr/bin/env bash
# Installs what the LambdaAWS tests drive (see docs: test-stack.md):
#  - the official AWS CLI v2.38.5, taken from the PyPI wheel aws-cdk-asset-awscli-v2==2.0.198, into
#    /opt/lambdactl-deps/awscli (run /opt/lambdactl-deps/awscli/v2/2.38.5/dist/aws; nothing goes on PATH);
#  - moto_server 5.2.5 and ministack 1.5.33 in their own virtualenv /opt/lambdactl-deps/aws-venv, so
#    they neither change nor depend on the system's Python packages;
#  - Debian's awscli 2.9.19 (too old for --invoke-mode), diverted to /usr/bin/aws-debian so that it
#    never shadows another `aws` on PATH; tests use it only for the "aws CLI too old" message.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail

DEPS=/opt/lambdactl-deps
AWS_V2=$DEPS/awscli/v2/2.38.5/dist/aws
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

if [ ! -x "$AWS_V2" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    python3 -m pip download --quiet --no-deps aws-cdk-asset-awscli-v2==2.0.198 -d "$work/dl"
    unzip -q "$work/dl/aws_cdk_asset_awscli_v2-2.0.198-py3-none-any.whl" 'aws_cdk/asset_awscli_v2/_jsii/*' -d "$work/dl"
    tar -xzf "$work/dl/aws_cdk/asset_awscli_v2/_jsii/asset-awscli-v2@2.0.198.jsii.tgz" -C "$work/dl" package/lib/layer.zip
    rm -rf "$DEPS/awscli.partial"
    mkdir -p "$DEPS/awscli.partial"
    unzip -q "$work/dl/package/lib/layer.zip" 'awscli/v2/*/dist/*' -d "$DEPS/awscli.partial"
    # `aws ... help` needs this file; the layer build leaves it out.
    touch "$DEPS/awscli.partial/awscli/v2/2.38.5/dist/awscli/examples/global_synopsis.rst"
    rm -rf "$DEPS/awscli"
    mv "$DEPS/awscli.partial/awscli" "$DEPS/awscli"
    rmdir "$DEPS/awscli.partial"
fi
"$AWS_V2" --version

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
