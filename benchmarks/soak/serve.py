#!/usr/bin/env python3
"""Soak of `lambdactl serve`: many clients through each front, and whether serve returns to where it
started (memory, open file descriptors, live function processes).

`lambdactl serve --concurrency 4` runs cli/Tests/LambdaLocalTests/Fixtures/stream-runtime (a Python
Runtime API client). CLIENTS threads, each with its own keep-alive connection, send REQUESTS requests
through one front, then the next front:
  url     POST /                                                    (Function URL, chunked stream)
  invoke  POST /2015-03-31/functions/function/invocations            (Invoke, buffered)
  stream  POST /2021-11-15/functions/function/response-streaming-invocations (event stream)
A request is an error when its status is not 200, its body lacks the streamed word, or (event
stream) no InvokeComplete arrived. Before the load and after it (once serve is idle again) the
script reads serve's VmRSS and open fds from /proc and counts the processes that carry the
marker serve passes to every function (--env), so the figures say whether anything leaked.

Usage: serve.py LAMBDACTL [CLIENTS] [REQUESTS]
"""
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(ROOT, "cli", "Tests", "LambdaLocalTests", "Fixtures", "stream-runtime")
EVENT = b'{"mode": "words", "sentence": "soak", "delay": 0}'
FRONTS = {
    "url": "/",
    "invoke": "/2015-03-31/functions/function/invocations",
    "stream": "/2021-11-15/functions/function/response-streaming-invocations",
}


def proc_figures(pid, marker):
    with open(f"/proc/{pid}/status") as status:
        rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    live = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                if marker.encode() in environ.read():
                    live += 1
        except OSError:
            pass
    return rss_kb, fds, live


def client(port, path, requests, latencies, errors, lock):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    mine, failed = [], 0
    for _ in range(requests):
        start = time.perf_counter()
        try:
            connection.request("POST", path, EVENT, {"Content-Type": "application/json"})
            response = connection.getresponse()
            body = response.read()
            ok = response.status == 200 and b"soak" in body and (path != FRONTS["stream"] or b"InvokeComplete" in body)
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine.append(time.perf_counter() - start)
        failed += 0 if ok else 1
    connection.close()
    with lock:
        latencies.extend(mine)
        errors[0] += failed


def wait_idle(pid, marker, baseline_live, deadline=30):
    """Waits until serve holds no more function processes than at rest (environments may stay warm)."""
    end = time.time() + deadline
    figures = proc_figures(pid, marker)
    while time.time() < end and figures[2] > baseline_live:
        time.sleep(0.2)
        figures = proc_figures(pid, marker)
    return figures


def main():
    lambdactl = sys.argv[1]
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    marker = f"lambdactl-soak-{uuid.uuid4()}"
    serve = subprocess.Popen(
        [lambdactl, "serve", "--dir", FIXTURE, "--port", "0", "--concurrency", "4", "--timeout", "60",
         "--env", f"FIXTURE_PYTHON={sys.executable}", "--env", f"LAMBDACTL_SOAK_MARKER={marker}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = None
    for line in serve.stdout:
        if b"listening on" in line:
            port = int(line.decode().strip().rsplit(":", 1)[1])
            break
    if port is None:
        sys.exit("serve did not start")
    threading.Thread(target=lambda: [None for _ in serve.stdout], daemon=True).start()
    try:
        # Warm the four environments, so that "before" is serve at rest with its functions started.
        warm = [threading.Thread(target=client, args=(port, "/", 3, [], [0], threading.Lock())) for _ in range(4)]
        [t.start() for t in warm]
        [t.join() for t in warm]
        before = proc_figures(serve.pid, marker)
        print(f"serve soak: {clients} clients x {requests} requests per front, --concurrency 4, "
              f"function = Fixtures/stream-runtime (Python)")
        print(f"{'front':8} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
        for name, path in FRONTS.items():
            latencies, errors, lock = [], [0], threading.Lock()
            threads = [threading.Thread(target=client, args=(port, path, requests, latencies, errors, lock))
                       for _ in range(clients)]
            start = time.perf_counter()
            [t.start() for t in threads]
            [t.join() for t in threads]
            elapsed = time.perf_counter() - start
            latencies.sort()
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            print(f"{name:8} {len(latencies):8d} {errors[0]:6d} {statistics.median(latencies) * 1000:8.2f} "
                  f"{p99 * 1000:8.2f} {len(latencies) / elapsed:8.0f}")
        after = wait_idle(serve.pid, marker, before[2])
        print(f"{'':8} {'RSS MiB':>8} {'fds':>6} {'processes':>10}")
        print(f"{'before':8} {before[0] / 1024:8.1f} {before[1]:6d} {before[2]:10d}")
        print(f"{'after':8} {after[0] / 1024:8.1f} {after[1]:6d} {after[2]:10d}")
        print(f"growth: RSS x{after[0] / before[0]:.2f}, fds {after[1] - before[1]:+d}, processes {after[2] - before[2]:+d}")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    _, _, left = proc_figures(os.getpid(), marker)
    print(f"after serve exited: {left} function processes left")


main()
