#!/usr/bin/env python3
"""Runtime API benchmark harness (run by run.sh, which builds the binaries first).

A Runtime API server on 127.0.0.1 (raw sockets, one thread per connection) serves events to each
runtime under test and timestamps, with CLOCK_MONOTONIC, what it sees on the wire:
  cold start   spawn -> first `GET /next` head received (median of N spawns)
  round trip   `/next` reply sent -> end of the response post received (empty handler)
  write->arr.  a chunk's embedded write time (taken by the handler just before `write`) -> its arrival
  throughput   a 4 KB-chunk stream and a 200-word stream: `/next` reply sent -> end of stream
  peak RSS     VmHWM of the warm process after all of the above
The harness is Python: its own overhead is inside every figure, equally for every runtime."""
import argparse
import collections
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid

now = time.monotonic_ns


class Server:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.cv = threading.Condition()
        self.events = collections.deque()
        self.generation = 0
        self.first_get = None
        self.sent = {}
        self.done = {}
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            conn, _ = self.sock.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self.serve, args=(conn, self.generation), daemon=True).start()

    def new_generation(self):
        with self.cv:
            self.generation += 1
            self.first_get = None
            self.events.clear()
            self.cv.notify_all()

    def serve(self, conn, generation):
        buf = bytearray()
        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                arrived = now()
                end = buf.index(b"\r\n\r\n")
                head = bytes(buf[:end]).decode("latin-1")
                del buf[:end + 4]
                request_line, *lines = head.split("\r\n")
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                method, path, _ = request_line.split(" ")
                if method == "GET":
                    with self.cv:
                        if self.first_get is None and generation == self.generation:
                            self.first_get = arrived
                            self.cv.notify_all()
                        while not self.events and generation == self.generation:
                            self.cv.wait()
                        if generation != self.generation:
                            return
                        request_id, payload = self.events.popleft()
                    reply = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: %s\r\n"
                             b"Lambda-Runtime-Deadline-Ms: %d\r\nLambda-Runtime-Invoked-Function-Arn: "
                             b"arn:aws:lambda:us-east-1:123456789012:function:bench\r\nContent-Length: %d\r\n\r\n"
                             % (request_id.encode(), int(time.time() * 1000) + 60000, len(payload))) + payload
                    self.sent[request_id] = now()
                    conn.sendall(reply)
                    continue
                request_id = path.split("/")[-2]
                chunks = []
                # A chunk's arrival is the time of the recv that completed it; `pos` walks the
                # buffer so that a fast stream is not slowed by deleting from its front.
                last_recv = arrived
                pos = 0

                def need(count):
                    nonlocal last_recv
                    while len(buf) - pos < count:
                        data = conn.recv(1 << 20)
                        if not data:
                            raise OSError("closed")
                        buf.extend(data)
                        last_recv = now()

                def find_crlf():
                    while True:
                        index = buf.find(b"\r\n", pos)
                        if index >= 0:
                            return index
                        need(len(buf) - pos + 1)

                if headers.get("transfer-encoding") == "chunked":
                    while True:
                        line_end = find_crlf()
                        size = int(bytes(buf[pos:line_end]).split(b";")[0], 16)
                        if size == 0:
                            pos = line_end + 2
                            while True:  # trailers until the empty line
                                line_end = find_crlf()
                                empty = line_end == pos
                                pos = line_end + 2
                                if empty:
                                    break
                            break
                        pos = line_end + 2
                        need(size + 2)
                        chunks.append((last_recv, bytes(buf[pos:pos + size])))
                        pos += size + 2
                        if pos > (1 << 20):
                            del buf[:pos]
                            pos = 0
                else:
                    length = int(headers.get("content-length", "0"))
                    need(length)
                    chunks.append((last_recv, bytes(buf[pos:pos + length])))
                    pos += length
                del buf[:pos]
                finished = now()
                conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
                with self.cv:
                    self.done[request_id] = (finished, chunks)
                    self.cv.notify_all()
        except OSError:
            return
        finally:
            conn.close()

    def invoke(self, payload, timeout=60):
        request_id = uuid.uuid4().hex
        with self.cv:
            self.events.append((request_id, payload))
            self.cv.notify_all()
            deadline = time.monotonic() + timeout
            while request_id not in self.done:
                if not self.cv.wait(deadline - time.monotonic()):
                    raise TimeoutError(f"no response for {request_id}")
            finished, chunks = self.done.pop(request_id)
        return self.sent.pop(request_id), finished, chunks

    def wait_first_get(self, timeout=20):
        with self.cv:
            deadline = time.monotonic() + timeout
            while self.first_get is None:
                if not self.cv.wait(deadline - time.monotonic()):
                    raise TimeoutError("runtime never called /next")
            return self.first_get


def spawn(server, runtime):
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.port}", AWS_LAMBDA_FUNCTION_NAME="bench",
               AWS_LAMBDA_FUNCTION_MEMORY_SIZE="128", _HANDLER="lambda_function.lambda_handler")
    server.new_generation()
    cwd = os.getcwd()
    if runtime.get("cwd"):
        os.chdir(runtime["cwd"])  # posix_spawn has no cwd argument; the harness is single-threaded here
    try:
        devnull = [(os.POSIX_SPAWN_OPEN, fd, "/dev/null", os.O_RDWR, 0) for fd in (0, 1, 2)]
        started = now()  # posix_spawn (vfork+exec) keeps the harness's own cost out of the cold start
        pid = os.posix_spawn(runtime["cmd"][0], runtime["cmd"], env, file_actions=devnull)
    finally:
        os.chdir(cwd)
    return Spawned(pid), started


class Spawned:
    def __init__(self, pid):
        self.pid = pid


def stop(process):
    os.kill(process.pid, signal.SIGKILL)
    os.waitpid(process.pid, 0)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def glibc_max(path):
    if not path:
        return "-"
    out = subprocess.run(["objdump", "-T", path], capture_output=True, text=True).stdout
    versions = sorted({tuple(int(x) for x in v.split(".")) for v in re.findall(r"GLIBC_([0-9.]+)", out)})
    return "GLIBC_" + ".".join(map(str, versions[-1])) if versions else "none (static)"


def cold_start(runtime, count):
    """Median spawn -> `GET /next` head received, on a listener of its own served by this thread
    alone (no server threads to wake), so the figure is the runtime's, not the harness's."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    class Probe:
        port = listener.getsockname()[1]

        def new_generation(self):
            pass

    times = []
    try:
        for _ in range(count):
            process, started = spawn(Probe(), runtime)
            try:
                conn, _ = listener.accept()
                data = b""
                while b"\r\n\r\n" not in data:
                    more = conn.recv(4096)
                    if not more:
                        break
                    data += more
                times.append(now() - started)
                conn.close()
            finally:
                stop(process)
    finally:
        listener.close()
    return statistics.median(times) / 1e6


def measure(server, runtime, args):
    result = {"name": runtime["name"]}
    binary = runtime.get("binary")
    result["size"] = os.path.getsize(binary) if binary else None
    result["glibc"] = glibc_max(binary)
    result["cold_ms"] = cold_start(runtime, args.cold)

    process, _ = spawn(server, runtime)
    try:
        server.wait_first_get()
        empty = runtime["empty"]
        for _ in range(50):
            server.invoke(empty)
        rtts = []
        for _ in range(args.rounds):
            sent, finished, _ = server.invoke(empty)
            rtts.append(finished - sent)
        result["rtt_p50_us"] = percentile(rtts, 50) / 1e3
        result["rtt_p99_us"] = percentile(rtts, 99) / 1e3
        if runtime.get("streams"):
            words = json.dumps({"sentence": " ".join(f"w{i}" for i in range(200)), "delay_ms": 0}).encode()
            times = []
            for _ in range(args.repeat):
                sent, finished, chunks = server.invoke(words)
                assert len(chunks) == 200, f"{runtime['name']}: {len(chunks)} chunks for 200 words"
                times.append(finished - sent)
            result["words200_ms"] = statistics.median(times) / 1e6
        result["rss_kb"] = peak_rss_kb(process.pid)
    finally:
        stop(process)

    if runtime.get("stamps"):
        # The probe streams 4 KB chunks (16 MB) and time-stamped chunks; same runtime library.
        process, _ = spawn(server, runtime.get("stamps_runtime", runtime))
        try:
            server.wait_first_get()
            large = json.dumps({"bytes": 16 << 20, "chunk": 4096}).encode()
            rates = []
            for _ in range(max(3, args.repeat // 4)):
                sent, finished, chunks = server.invoke(large)
                total = sum(len(c) for _, c in chunks)
                assert total == 16 << 20 and len(chunks) == 4096, f"{runtime['name']}: {len(chunks)} chunks"
                rates.append(total / ((finished - sent) / 1e9) / 1e6)
            result["large_MBps"] = statistics.median(rates)
            delays = []
            for _ in range(5):
                _, _, chunks = server.invoke(json.dumps({"stamps": 40, "gap_ms": 2}).encode())
                delays += [arrived - int(data.strip()) for arrived, data in chunks]
            result["write_p50_us"] = percentile(delays, 50) / 1e3
            result["write_p99_us"] = percentile(delays, 99) / 1e3
            result["probe_rss_kb"] = peak_rss_kb(process.pid)
        finally:
            stop(process)
    return result


def main():
    parser = argparse.ArgumentParser(description="Benchmark Lambda runtimes against a local Runtime API.")
    parser.add_argument("--out", required=True, help="folder with the built binaries (from run.sh)")
    parser.add_argument("--repo", required=True, help="repository root")
    parser.add_argument("--cold", type=int, default=41, help="spawns for the cold-start median")
    parser.add_argument("--rounds", type=int, default=2000, help="warm round trips measured")
    parser.add_argument("--repeat", type=int, default=20, help="repetitions of each stream test")
    args = parser.parse_args()
    out, repo = args.out, args.repo
    seed = os.path.join(repo, "benchmarks/runtime/seed")
    empty_stream = json.dumps({"sentence": "", "delay_ms": 0}).encode()
    runtimes = [
        {"name": "c-floor (static C)", "cmd": [f"{out}/c_floor"], "binary": f"{out}/c_floor", "empty": b"{}"},
        {"name": "swift-plain (no deps)", "cmd": [f"{out}/swift_plain"], "binary": f"{out}/swift_plain", "empty": b"{}"},
        {"name": "swift-plain -static-executable", "cmd": [f"{out}/swift_plain_static"],
         "binary": f"{out}/swift_plain_static", "empty": b"{}"},
        {"name": "swift-stream template", "cmd": [f"{out}/bootstrap"], "binary": f"{out}/bootstrap",
         "empty": empty_stream, "streams": True, "stamps": True,
         "stamps_runtime": {"cmd": [f"{out}/probe"]}},
        {"name": "swift-stream -static-executable", "cmd": [f"{out}/bootstrap-static"], "binary": f"{out}/bootstrap-static",
         "empty": empty_stream, "streams": True, "stamps": True,
         "stamps_runtime": {"cmd": [f"{out}/probe-static"]}},
        {"name": "python seed runtime", "cmd": [sys.executable, "runtime.py"], "cwd": seed,
         "empty": empty_stream, "streams": True, "stamps": True},
    ]
    template = os.path.join(repo, "templates/python-stream/runtime.py")
    if os.path.exists(template):
        runtimes.append({"name": "python-stream template", "cmd": [sys.executable, template],
                         "cwd": os.path.dirname(template), "empty": empty_stream, "streams": True})

    server = Server()
    results = []
    for runtime in runtimes:
        print(f"... {runtime['name']}", file=sys.stderr, flush=True)
        results.append(measure(server, runtime, args))

    def fmt(value, spec):
        return "-" if value is None else format(value, spec)

    print(f"{'runtime':34} {'stripped':>9} {'max glibc':>14} {'cold ms':>8} {'rtt p50':>8} {'rtt p99':>8} "
          f"{'write p50':>9} {'write p99':>9} {'200 words':>9} {'4KB MB/s':>8} {'peak RSS':>9}")
    print(f"{'':34} {'':>9} {'':>14} {'':>8} {'(empty handler)':>17} {'(write -> arrival)':>19} {'':>9} {'(16 MB)':>8}")
    for r in results:
        size = fmt(r["size"] and r["size"] / 1e6, ".2f") + " MB" if r["size"] else "-"
        print(f"{r['name']:34} {size:>9} {r['glibc']:>14} {r['cold_ms']:8.2f} {r['rtt_p50_us']:6.0f}us {r['rtt_p99_us']:6.0f}us "
              f"{fmt(r.get('write_p50_us'), '7.0f') + 'us' if r.get('write_p50_us') else '-':>9} "
              f"{fmt(r.get('write_p99_us'), '7.0f') + 'us' if r.get('write_p99_us') else '-':>9} "
              f"{fmt(r.get('words200_ms'), '7.2f') + 'ms' if r.get('words200_ms') else '-':>9} "
              f"{fmt(r.get('large_MBps'), '8.0f')} {fmt(r['rss_kb'] and r['rss_kb'] / 1024, '6.1f') + ' MB':>9}"
              f"{'  (probe after 16 MB stream: %.1f MB)' % (r['probe_rss_kb'] / 1024) if r.get('probe_rss_kb') else ''}")

    by = {r["name"]: r for r in results}
    ours, ours_static = by["swift-stream template"], by["swift-stream -static-executable"]
    plain, floor, seed_py = by["swift-plain (no deps)"], by["c-floor (static C)"], by["python seed runtime"]
    plain_static = by["swift-plain -static-executable"]
    print()
    print("ratios (target):")
    for label, r, same in (("static-stdlib", ours, plain), ("static-executable", ours_static, plain_static)):
        print(f"  [{label}] cold start / swift-plain      {r['cold_ms'] / plain['cold_ms']:.2f}x   (<= 1.3x; "
              f"vs swift-plain built the same way {r['cold_ms'] / same['cold_ms']:.2f}x)")
        print(f"  [{label}] warm rtt p50 / c-floor        {r['rtt_p50_us'] / floor['rtt_p50_us']:.2f}x   (<= 2x)")
        print(f"  [{label}] 200 tiny chunks vs python seed {seed_py['words200_ms'] / r['words200_ms']:.2f}x faster  (>= 1x)")
        print(f"  [{label}] 4 KB stream vs python seed     {r['large_MBps'] / seed_py['large_MBps']:.2f}x faster"
              "  (the Python harness parses every chunk: this figure is bounded by the harness)")
        print(f"  [{label}] peak RSS {r['rss_kb'] / 1024:.1f} MB (<= 8 MB), stripped {r['size'] / 1e6:.2f} MB (<= 9 MB), {r['glibc']} (<= GLIBC_2.34)")
    print(f"  write->arrival p50: swift {ours['write_p50_us']:.0f}us vs python seed {seed_py['write_p50_us']:.0f}us")


if __name__ == "__main__":
    main()
