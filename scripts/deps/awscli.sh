#!/usr/bin/env bash
# Installs the official AWS CLI v2.38.5 into /opt/lambdactl-deps/awscli (run
# /opt/lambdactl-deps/awscli/v2/2.38.5/dist/aws; nothing goes on PATH), taken from the PyPI wheel
# aws-cdk-asset-awscli-v2==2.0.198, which carries AWS's own build of the CLI as a Lambda layer.
# The one place this is done: aws.sh (LambdaAWS tests) and local.sh (serve tests, `aws lambda
# invoke`) both call it. A lock makes two runs at once safe; the install is staged and moved into
# place, so a broken run leaves nothing half-written. Idempotent.
set -euo pipefail

DEPS=/opt/lambdactl-deps
AWS_V2=$DEPS/awscli/v2/2.38.5/dist/aws
mkdir -p "$DEPS"

missing=()
command -v unzip >/dev/null || missing+=(unzip)
command -v flock >/dev/null || missing+=(util-linux)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

exec 9>"$DEPS/.awscli.lock"
flock 9
if [ ! -x "$AWS_V2" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work" "$DEPS/awscli.partial"' EXIT
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
fi
"$AWS_V2" --version
