#!/usr/bin/env bash
# AWS's own Runtime Interface Emulator (RIE), for the tests that run lambdactl's runtime core and the
# python-stream template under it and compare with `lambdactl serve` (see docs: test-stack.md).
# The AWS-built static binaries ship inside the PyPI wheel aws-sam-cli==1.170.0
# (samcli/local/rapid/aws-lambda-rie-{x86_64,arm64}); no docker is needed to run them.
# Installed into /opt/lambdactl-deps/rie; nothing goes on PATH. Idempotent.
set -euo pipefail

DEST=/opt/lambdactl-deps/rie
VERSION=1.170.0
if [ -x "$DEST/$VERSION/aws-lambda-rie-x86_64" ] && [ -x "$DEST/$VERSION/aws-lambda-rie-arm64" ]; then
    exit 0
fi
command -v unzip >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps "aws-sam-cli==$VERSION" -d "$work"
unzip -q -o "$work/aws_sam_cli-$VERSION-py3-none-any.whl" 'samcli/local/rapid/*' -d "$work/x"
mkdir -p "$DEST"
rm -rf "$DEST/$VERSION.partial"
mkdir "$DEST/$VERSION.partial"
install -m 0755 "$work/x/samcli/local/rapid/aws-lambda-rie-x86_64" "$work/x/samcli/local/rapid/aws-lambda-rie-arm64" "$DEST/$VERSION.partial/"
rm -rf "${DEST:?}/$VERSION"
mv "$DEST/$VERSION.partial" "$DEST/$VERSION"
echo "aws-lambda-rie $VERSION in $DEST/$VERSION"
