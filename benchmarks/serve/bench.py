#!/usr/bin/env python3
"""Overhead that `lambdactl serve` adds on top of the Runtime API round trip.

Baseline: this script is itself a minimal Runtime API server (one socket, no framework) and drives the
same streaming runtime (cli/Tests/LambdaLocalTests/Fixtures/stream-runtime) directly: time to first byte
is from answering /next to the first response chunk; invocations/s is the sequential loop rate.
Then the same runtime runs under `lambdactl serve` and is measured through the Function URL front
(HTTP keep-alive client, time to first body byte) and through the Invoke API.

Usage: bench.py LAMBDACTL [N]
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(ROOT, "cli", "Tests", "LambdaLocalTests", "Fixtures", "stream-runtime")
EVENT = json.dumps({"mode": "words", "sentence": "benchmark", "delay": 0}).encode()


def read_head(conn, buf):
    while b"\r\n\r\n" not in buf:
        data = conn.recv(65536)
        if not data:
            raise EOFError
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    return lines[0], headers, rest


def read_chunked(conn, buf, on_first=None):
    body = b""
    first = True
    while True:
        while b"\r\n" not in buf:
            buf += conn.recv(65536)
        line, _, buf = buf.partition(b"\r\n")
        size = int(line.split(b";")[0], 16)
        if size == 0:
            while b"\r\n" not in buf:
                buf += conn.recv(65536)
            # skip trailers until the empty line
            while not buf.startswith(b"\r\n"):
                _, _, buf = buf.partition(b"\r\n")
                while b"\r\n" not in buf:
                    buf += conn.recv(65536)
            return body, buf[2:]
        while len(buf) < size + 2:
            buf += conn.recv(65536)
        if first and on_first:
            on_first()
            first = False
        body += buf[:size]
        buf = buf[size + 2:]


def baseline(n):
    """A bare Runtime API: /next answered at once, response read; no fronts, no logs."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    port = server.getsockname()[1]
    env = {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}", "LAMBDA_TASK_ROOT": FIXTURE,
           "FIXTURE_PYTHON": sys.executable, "PATH": os.environ["PATH"]}
    proc = subprocess.Popen([os.path.join(FIXTURE, "bootstrap")], env=env, cwd=FIXTURE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ttfb = []
    try:
        count = 0
        start = None
        sent_at = 0.0
        while count < n:
            conn, _ = server.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            status, headers, rest = read_head(conn, b"")
            method, path = status.split()[:2]
            if path.endswith("/next"):
                if start is None:
                    start = time.perf_counter()
                rid = f"req-{count}"
                sent_at = time.perf_counter()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: "
                             + rid.encode() + b"\r\nLambda-Runtime-Deadline-Ms: 9999999999999\r\nContent-Length: "
                             + str(len(EVENT)).encode() + b"\r\n\r\n" + EVENT)
                conn.close()
            else:
                def first():
                    ttfb.append(time.perf_counter() - sent_at)
                read_chunked(conn, rest, first)
                conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
                conn.close()
                count += 1
        elapsed = time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        server.close()
    return ttfb, n / elapsed


def through_serve(lambdactl, n):
    out = tempfile.TemporaryFile()
    proc = subprocess.Popen([lambdactl, "serve", "--dir", FIXTURE, "--port", "0", "--env", f"FIXTURE_PYTHON={sys.executable}"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = None
    for line in proc.stdout:
        if b"listening on" in line:
            port = int(line.decode().rsplit(":", 1)[1])
            break
    # keep draining the log so serve never blocks on a full pipe
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    try:
        conn = socket.create_connection(("127.0.0.1", port))
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def request(path):
            conn.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(EVENT)}\r\n\r\n".encode() + EVENT)

        request("/")  # warm-up: the cold start is not part of the overhead
        status, headers, rest = read_head(conn, b"")
        _, buf = read_chunked(conn, rest)
        ttfb = []
        start = time.perf_counter()
        for _ in range(n):
            sent = time.perf_counter()
            request("/")
            status, headers, buf = read_head(conn, buf)
            _, buf = read_chunked(conn, buf, lambda: ttfb.append(time.perf_counter() - sent))
        url_rate = n / (time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(n):
            request("/2015-03-31/functions/function/invocations")
            status, headers, buf = read_head(conn, buf)
            length = int(headers.get("content-length", "0"))
            while len(buf) < length:
                buf += conn.recv(65536)
            buf = buf[length:]
        invoke_rate = n / (time.perf_counter() - start)
        conn.close()
    finally:
        proc.terminate()
        proc.wait()
    return ttfb, url_rate, invoke_rate


def ms(values):
    return f"median {statistics.median(values) * 1000:.2f} ms, p90 {sorted(values)[int(len(values) * 0.9)] * 1000:.2f} ms"


def main():
    lambdactl = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    base_ttfb, base_rate = baseline(n)
    url_ttfb, url_rate, invoke_rate = through_serve(lambdactl, n)
    print(f"invocations: {n} sequential, runtime = Fixtures/stream-runtime (Python), one chunk per invocation")
    print(f"Runtime API alone      TTFB {ms(base_ttfb)}; {base_rate:.0f} invocations/s")
    print(f"serve Function URL     TTFB {ms(url_ttfb)}; {url_rate:.0f} invocations/s")
    print(f"serve Invoke API       {invoke_rate:.0f} invocations/s")
    added = statistics.median(url_ttfb) - statistics.median(base_ttfb)
    print(f"overhead: +{added * 1000:.2f} ms to first byte (x{statistics.median(url_ttfb) / statistics.median(base_ttfb):.2f}); "
          f"throughput x{url_rate / base_rate:.2f} (Function URL), x{invoke_rate / base_rate:.2f} (Invoke) of the bare loop")


main()
