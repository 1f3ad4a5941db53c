#!/usr/bin/env bash
# Installs what the `lambdactl init` tests (InitCommandTests, EmbeddedTemplatesTests) need:
#  - python3 (scripts/update-templates is Python; the staleness test runs it);
#  - python3.11 on PATH: its tomllib reads the written lambdactl.toml back, and the python-stream
#    template runs /opt/bin/python3.11 from a layer folder of links to it (as scripts/demo does).
# The Swift templates build natively with the toolchain already installed.
# Idempotent: skipped when both are already on PATH.
set -euo pipefail

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
command -v python3.11 >/dev/null || need_apt+=(python3.11)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
python3.11 -c 'import sys, tomllib; assert sys.version_info[:2] == (3, 11); print("python3.11", sys.version.split()[0], "with tomllib")'
