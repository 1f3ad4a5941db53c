#!/usr/bin/env python3
"""serve's memory while a slow client reads a big stream (the backpressure figure).

For each lambdactl binary given: start `lambdactl serve` on the test fixture runtime, warm it with a
1 MB stream, then stream SIZE bytes through the Function URL to a client reading at RATE bytes/s
(http.client, 64 KiB reads, paced). serve's VmRSS is sampled every 50 ms. Printed side by side:
serve's idle RSS (the floor), its peak during the stream, its RSS after, and the bytes received.

Usage: slow_stream.py [--size BYTES] [--rate BYTES_PER_S] LAMBDACTL [LAMBDACTL ...]
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(ROOT, "Tests", "LambdaLocalTests", "Fixtures", "stream-runtime")


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def stream(port, size, rate):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/", json.dumps({"mode": "stream", "size": size}))
    response = connection.getresponse()
    total, start = 0, time.monotonic()
    while True:
        piece = response.read(65536)
        if not piece:
            break
        total += len(piece)
        if rate:
            ahead = total / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    return total


def measure(lambdactl, size, rate):
    serve = subprocess.Popen([lambdactl, "serve", "--dir", FIXTURE, "--port", "0", "--timeout", "900",
                              "--env", f"FIXTURE_PYTHON={sys.executable}"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        for line in serve.stdout:
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            raise SystemExit(f"{lambdactl}: serve did not start")
        threading.Thread(target=lambda: [None for _ in serve.stdout], daemon=True).start()
        stream(port, 1 << 20, 0)
        idle = rss_kb(serve.pid)
        result = {}
        reader = threading.Thread(target=lambda: result.update(total=stream(port, size, rate)))
        started = time.monotonic()
        reader.start()
        peak = idle
        while reader.is_alive():
            peak = max(peak, rss_kb(serve.pid))
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        after = rss_kb(serve.pid)
        return idle, peak, after, result.get("total", 0), elapsed
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=150 * 1024 * 1024)
    parser.add_argument("--rate", type=int, default=5 * 1024 * 1024)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    print(f"stream {args.size / 2**20:.0f} MiB to a client reading {args.rate / 2**20:.1f} MiB/s")
    print(f"{'lambdactl':<48} {'idle MB':>8} {'peak MB':>8} {'after MB':>9} {'peak-idle':>10} {'bytes':>11} {'s':>6}")
    for binary in args.binaries:
        idle, peak, after, total, elapsed = measure(binary, args.size, args.rate)
        print(f"{binary[-48:]:<48} {idle / 1024:8.1f} {peak / 1024:8.1f} {after / 1024:9.1f} "
              f"{(peak - idle) / 1024:10.1f} {total:11d} {elapsed:6.1f}")


if __name__ == "__main__":
    main()
