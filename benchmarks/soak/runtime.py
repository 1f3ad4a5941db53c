#!/usr/bin/env python3
"""Runtime soak and slow-reader figures (run by runtime.sh, which builds the function first).

  soak         N invocations against one process, VmRSS after a warm-up, at each fifth of the run and
               at the end: once with a distinct trace id (Lambda-Runtime-Trace-Id) per invocation,
               and once with none (the floor: whatever grows without trace ids is not theirs). The
               runtime must stay flat (<= 64 KiB growth) with distinct trace ids.
  slow reader  Two processes, AWS_LAMBDA_MAX_CONCURRENCY=3 each, served by this script. In one, two
               8 MiB streams are read at 64 KiB/s through a 16 KiB receive buffer; the other (the
               floor) has none. Short invocations alternate between the two, so machine noise (other
               jobs on the cores, this server's own threads) lands on both alike. Latency is measured
               server side: `/next` reply sent -> response received (CLOCK_MONOTONIC).
The Runtime API server is Python (one thread per connection); its cost is inside every latency."""
import argparse
import collections
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

now = time.monotonic_ns


class Server:
    def __init__(self, receive_buffer=None, slow_rate=64 * 1024):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.cv = threading.Condition()
        self.events = collections.deque()
        self.sent = {}
        self.done = {}
        self.slow_ids = set()
        self.slow_rate = slow_rate
        self.slow_bytes = collections.Counter()
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            conn, _ = self.sock.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        buf = bytearray()
        slow = None

        def fill():
            step = 4096 if slow else 1 << 20
            data = conn.recv(step)
            if not data:
                raise OSError("closed")
            buf.extend(data)
            if slow:
                with self.cv:
                    self.slow_bytes[slow] += len(data)
                    self.cv.notify_all()
                time.sleep(len(data) / self.slow_rate)  # the slow reader's pace

        def line():
            while b"\r\n" not in buf:
                fill()
            end = buf.index(b"\r\n")
            text = bytes(buf[:end])
            del buf[:end + 2]
            return text

        def take(count):
            while len(buf) < count:
                fill()
            del buf[:count]

        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    fill()
                end = buf.index(b"\r\n\r\n")
                head = bytes(buf[:end]).decode("latin-1")
                del buf[:end + 4]
                request_line, *lines = head.split("\r\n")
                headers = {}
                for item in lines:
                    name, _, value = item.partition(":")
                    headers[name.strip().lower()] = value.strip()
                method, path, _ = request_line.split(" ")
                if method == "GET":
                    with self.cv:
                        while not self.events:
                            self.cv.wait()
                        request_id, payload, trace = self.events.popleft()
                    extra = b"Lambda-Runtime-Trace-Id: %s\r\n" % trace.encode() if trace else b""
                    reply = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: %s\r\n"
                             b"Lambda-Runtime-Deadline-Ms: %d\r\n%sContent-Length: %d\r\n\r\n"
                             % (request_id.encode(), int(time.time() * 1000) + 900000, extra, len(payload))) + payload
                    with self.cv:
                        self.sent[request_id] = now()
                    conn.sendall(reply)
                    continue
                request_id = path.split("/")[-2]
                slow = request_id if request_id in self.slow_ids else None
                if headers.get("transfer-encoding") == "chunked":
                    while True:
                        size = int(line().split(b";")[0], 16)
                        if size == 0:
                            while line():
                                pass
                            break
                        take(size + 2)
                else:
                    take(int(headers.get("content-length", "0")))
                slow = None
                finished = now()
                conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
                with self.cv:
                    self.done[request_id] = finished
                    self.cv.notify_all()
        except OSError:
            return
        finally:
            conn.close()

    def enqueue(self, request_id, payload, trace=None):
        with self.cv:
            self.events.append((request_id, payload, trace))
            self.cv.notify_all()

    def wait_done(self, request_id, timeout=120):
        deadline = time.monotonic() + timeout
        with self.cv:
            while request_id not in self.done:
                if not self.cv.wait(deadline - time.monotonic()):
                    raise TimeoutError(f"no response for {request_id}")
            return self.done.pop(request_id), self.sent.pop(request_id)

    def wait_slow(self, ids, count, timeout=60):
        deadline = time.monotonic() + timeout
        with self.cv:
            while any(self.slow_bytes[i] < count for i in ids):
                if not self.cv.wait(deadline - time.monotonic()):
                    raise TimeoutError("slow streams did not start")


def spawn(binary, server, extra=None):
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.port}", AWS_LAMBDA_FUNCTION_NAME="soak",
               TEST_HANDLER="streaming", **(extra or {}))
    env.pop("_X_AMZN_TRACE_ID", None)
    return subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for item in status:
            if item.startswith("VmRSS:"):
                return int(item.split()[1])
    raise RuntimeError("no VmRSS")


def soak(binary, count, warmup, traced):
    server = Server()
    process = spawn(binary, server)
    payload = b'{"action":"chunks","chunks":["ok"]}'
    serial = 0

    def run(total):
        nonlocal serial
        window = 64
        pending = collections.deque()
        for _ in range(total):
            serial += 1
            request_id = f"soak-{serial}"
            trace = f"Root=1-6750e0f0-{serial:024x};Parent={serial:016x};Sampled=1" if traced else None
            server.enqueue(request_id, payload, trace)
            pending.append(request_id)
            if len(pending) >= window:
                server.wait_done(pending.popleft())
        while pending:
            server.wait_done(pending.popleft())

    try:
        run(warmup)
        samples = [rss_kib(process.pid)]
        started = time.monotonic()
        step = max(1, count // 5)
        done = 0
        while done < count:
            run(min(step, count - done))
            done = min(count, done + step)
            samples.append(rss_kib(process.pid))
        elapsed = time.monotonic() - started
    finally:
        process.kill()
        process.wait()
    return samples, elapsed


def short_latency(server, request_id, timeout=60):
    server.enqueue(request_id, b'{"action":"chunks","chunks":["quick"]}')
    finished, sent = server.wait_done(request_id, timeout=timeout)
    return (finished - sent) / 1e6


def start_slow_streams(server):
    slow = ["slow-a", "slow-b"]
    server.slow_ids.update(slow)
    for request_id in slow:  # 8 MiB each: ~128 s at 64 KiB/s, far longer than the measurement
        server.enqueue(request_id, b'{"action":"big-stream","chunk":65536,"count":128}')
    server.wait_slow(slow, 64 * 1024)
    return slow


def slow_reader(binary, rounds, peer=None):
    """Returns the floor's and the loaded process's latencies, whether the slow streams were still
    running at the end, and, with `peer`, the peer's latencies under the same two slow streams
    (None once one short invocation got no answer within 5 s: the peer stalled)."""
    quiet, loaded = Server(receive_buffer=16 * 1024), Server(receive_buffer=16 * 1024)
    pairs = [(quiet, binary), (loaded, binary)]
    peer_server = None
    if peer:
        peer_server = Server(receive_buffer=16 * 1024)
        pairs.append((peer_server, peer))
    processes = [spawn(path, server, {"AWS_LAMBDA_MAX_CONCURRENCY": "3"}) for server, path in pairs]
    try:
        for index in range(20):
            for server, _ in pairs:
                short_latency(server, f"warm-{index}")
        slow = start_slow_streams(loaded)
        if peer_server:
            start_slow_streams(peer_server)
        floor, delayed, peer_values = [], [], [] if peer_server else None
        for index in range(rounds):
            floor.append(short_latency(quiet, f"floor-{index}"))
            delayed.append(short_latency(loaded, f"loaded-{index}"))
            if peer_values is not None:
                try:
                    peer_values.append(short_latency(peer_server, f"peer-{index}", timeout=5))
                except TimeoutError:
                    peer_values = None
                    peer_server = None
        with loaded.cv:
            still_running = all(request_id not in loaded.done for request_id in slow)
            streamed = {request_id: loaded.slow_bytes[request_id] for request_id in slow}
    finally:
        for process in processes:
            process.kill()
            process.wait()
    return floor, delayed, still_running, streamed, peer_values


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--invocations", type=int, default=100_000)
    parser.add_argument("--warmup", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--peer-bin", help="the same test function built from another revision (runtime.sh --peer REF)")
    parser.add_argument("--peer-name", default="peer")
    args = parser.parse_args()
    # SIGTERM ends the script through its finally blocks, which kill the runtime processes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    print(f"soak: {args.invocations} invocations after {args.warmup} warm-up; VmRSS in KiB at the start, each fifth, the end")
    runs = [(args.bin, True, "distinct trace ids"), (args.bin, False, "no trace id (floor)")]
    if args.peer_bin:
        runs.append((args.peer_bin, True, f"{args.peer_name}, trace ids"))
    for binary, traced, label in runs:
        samples, elapsed = soak(binary, args.invocations, args.warmup, traced)
        print(f"  {label:<24} {' '.join(f'{value:6d}' for value in samples)}   growth {samples[-1] - samples[0]:+5d} KiB   "
              f"({args.invocations / elapsed:.0f}/s)")
    print(f"  bound: growth <= 64 KiB with distinct trace ids (setenv leaked ~141 B each: "
          f"~{args.invocations * 141 // 1024} KiB here)")

    floor, delayed, still_running, streamed, peer_values = slow_reader(args.bin, args.rounds, args.peer_bin)

    def fmt(values):
        return (f"p50 {statistics.median(values):7.3f} ms   p90 {percentile(values, 0.9):7.3f} ms   "
                f"p99 {percentile(values, 0.99):7.3f} ms   max {max(values):7.3f} ms")

    print(f"slow reader: short invocation, AWS_LAMBDA_MAX_CONCURRENCY=3, {args.rounds} rounds, "
          f"one invocation per process in turn")
    print(f"  floor: no slow stream            {fmt(floor)}")
    print(f"  2 streams read at 64 KiB/s       {fmt(delayed)}")
    if args.peer_bin:
        label = f"{args.peer_name}, same 2 streams"
        if peer_values is None:
            print(f"  {label:<32} stalled: a short invocation got no answer within 5 s")
        else:
            print(f"  {label:<32} {fmt(peer_values)}")
    print(f"  added: p50 {statistics.median(delayed) - statistics.median(floor):+.3f} ms   "
          f"p90 {percentile(delayed, 0.9) - percentile(floor, 0.9):+.3f} ms   (bound 1 ms)")
    print(f"  slow streams still running at the end: {still_running} "
          f"({', '.join(f'{key} {value // 1024} KiB read' for key, value in streamed.items())})")


if __name__ == "__main__":
    sys.exit(main())
