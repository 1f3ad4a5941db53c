#!/usr/bin/env bash
# Starts the docker daemon for the build and layer tests when it is not running (as root; it is
# ready in about a second with its defaults). Waits until it answers.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
nohup dockerd >/tmp/lambdactl-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then echo "dockerd is up"; exit 0; fi
    sleep 0.5
done
echo "error: dockerd did not start; see /tmp/lambdactl-dockerd.log" >&2
tail -20 /tmp/lambdactl-dockerd.log >&2
exit 1
