"""A small streaming Runtime API client used by lambdactl's tests.

The event picks the behaviour:
  {"mode": "words", "sentence": "a b c", "delay": 0.3}  one JSON line per word, `delay` seconds apart
  {"mode": "prelude", "split": "one"|"two"|"bytes"}    Function URL prelude (status 201, header, cookie) then body
  {"mode": "sleep", "seconds": 30}                      sleeps (to exceed --timeout)
  {"mode": "segfault"}                                   writes one chunk then crashes with SIGSEGV
  {"mode": "trailer"}                                    one chunk, then an error in the trailers
  {"mode": "error"}                                      posts /error before any byte
  {"mode": "buffered", "value": ...}                    buffered JSON response
  {"mode": "env"}                                        buffered JSON of the environment and cwd
  {"mode": "exit", "code": 3}                            exits during the invocation
  {"mode": "big", "size": 7000000}                       a buffered response over Lambda's 6 MB limit
  {"mode": "echo"} (as a Function URL body)              buffered reply: the whole payload-2.0 event
  {"Records": ...} or {"detail-type": ...}               a sample event (invoke --event): echoed whole
  {"mode": "fds", "seconds": 60}                         streams its /proc/self/fd listing, then sleeps
  {"mode": "setsid", "then": "reply"|"exit"}             starts `( setsid sleep 901 & )`, then replies or exits
  {"mode": "stream", "size": N, "chunk": 65536}          streams N bytes of "x" as fast as serve takes them
  {"mode": "badchunk"}                                   one valid chunk, then a chunk header that is not hex
"""
import base64
import json
import os
import socket
import sys
import time

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
HOST, PORT = API.split(":")


def connect():
    sock = socket.create_connection((HOST, int(PORT)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            raise SystemExit("runtime API closed the connection")
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        rest += sock.recv(65536)
    return int(lines[0].split()[1]), headers, rest[:length]


def request(method, path, body=b"", headers=None):
    sock = connect()
    text = f"{method} /2018-06-01{path} HTTP/1.1\r\nHost: {API}\r\nContent-Length: {len(body)}\r\n"
    for name, value in (headers or {}).items():
        text += f"{name}: {value}\r\n"
    sock.sendall(text.encode() + b"\r\n" + body)
    result = read_response(sock)
    sock.close()
    return result


class Stream:
    def __init__(self, request_id, content_type="application/octet-stream"):
        self.sock = connect()
        head = (f"POST /2018-06-01/runtime/invocation/{request_id}/response HTTP/1.1\r\nHost: {API}\r\n"
                "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
                f"Content-Type: {content_type}\r\n\r\n")
        self.sock.sendall(head.encode())

    def write(self, data):
        if data:
            self.sock.sendall(b"%X\r\n" % len(data) + data + b"\r\n")

    def close(self, error_type=None, error=None, expect=202):
        end = b"0\r\n"
        if error_type:
            end += f"Lambda-Runtime-Function-Error-Type: {error_type}\r\n".encode()
            end += b"Lambda-Runtime-Function-Error-Body: " + base64.b64encode(json.dumps(error).encode()) + b"\r\n"
        self.sock.sendall(end + b"\r\n")
        status, _, _ = read_response(self.sock)
        self.sock.close()
        assert expect is None or status == expect, status
        return status


def handle(request_id, event):
    if "requestContext" in event:  # a Function URL event: the behaviour is in its JSON body
        url_event = event
        event = json.loads(event.get("body") or "{}")
        if event.get("mode") == "echo":
            request("POST", f"/runtime/invocation/{request_id}/response", json.dumps(url_event).encode())
            return
    if "Records" in event or "detail-type" in event:  # a sample event of another service: echoed whole
        request("POST", f"/runtime/invocation/{request_id}/response", json.dumps(event).encode())
        return
    mode = event.get("mode", "words")
    if mode == "words":
        stream = Stream(request_id, "application/x-ndjson")
        words = event.get("sentence", "Hello streaming world").split()
        for index, word in enumerate(words):
            stream.write((json.dumps({"word": word, "index": index, "t": time.time()}) + "\n").encode())
            if index + 1 < len(words):
                time.sleep(event.get("delay", 0.3))
        stream.close()
    elif mode == "prelude":
        stream = Stream(request_id, "application/vnd.awslambda.http-integration-response")
        prelude = json.dumps({"statusCode": 201, "headers": {"content-type": "text/plain", "x-fixture": "yes"},
                              "cookies": ["a=b; Path=/", "c=d"]}).encode() + b"\0" * 8
        body = b"line one\nline two\n"
        split = event.get("split", "one")
        if split == "one":
            stream.write(prelude + body)
        elif split == "two":
            stream.write(prelude[:-8])
            stream.write(prelude[-8:])
            stream.write(body)
        else:
            for byte in prelude + body:
                stream.write(bytes([byte]))
        stream.close()
    elif mode == "leaky-prelude":  # the prelude without the http-integration content type: it leaks into the body
        stream = Stream(request_id, "application/octet-stream")
        stream.write(json.dumps({"statusCode": 200, "headers": {"content-type": "text/plain"}}).encode() + b"\0" * 8)
        for line in (b"one\n", b"two\n", b"three\n"):
            time.sleep(0.2)
            stream.write(line)
        stream.close()
    elif mode == "sleep":
        print("sleeping", flush=True)
        time.sleep(event.get("seconds", 30))
        request(f"POST", f"/runtime/invocation/{request_id}/response", b'"woke"')
    elif mode == "segfault":
        stream = Stream(request_id)
        stream.write(b"before the crash\n")
        time.sleep(event.get("delay", 0.2))
        import ctypes
        ctypes.string_at(0)
    elif mode == "trailer":
        stream = Stream(request_id)
        stream.write(b"partial\n")
        stream.close("Handler.Failed", {"errorType": "Handler.Failed", "errorMessage": "failed mid-stream", "stackTrace": []})
    elif mode == "error":
        body = json.dumps({"errorType": "ValueError", "errorMessage": "bad input", "stackTrace": []}).encode()
        request("POST", f"/runtime/invocation/{request_id}/error", body,
                {"Lambda-Runtime-Function-Error-Type": "Function.ValueError", "Content-Type": "application/json"})
    elif mode == "buffered":
        request("POST", f"/runtime/invocation/{request_id}/response", json.dumps(event.get("value")).encode())
    elif mode == "env":
        info = {"cwd": os.getcwd(), "env": dict(os.environ), "task_exists": os.path.exists("/var/task/runtime.py"),
                "opt_listing": sorted(os.listdir("/opt")) if os.path.isdir("/opt") else None, "pid": os.getpid()}
        request("POST", f"/runtime/invocation/{request_id}/response", json.dumps(info).encode())
    elif mode == "big":
        request("POST", f"/runtime/invocation/{request_id}/response", b'"' + b"x" * event.get("size", 7000000) + b'"')
    elif mode == "exit":
        sys.exit(event.get("code", 3))
    elif mode == "fds":
        stream = Stream(request_id, "application/x-ndjson")
        fds = {}
        for name in os.listdir("/proc/self/fd"):
            try:
                fds[name] = os.readlink(f"/proc/self/fd/{name}")
            except OSError:
                pass  # the directory's own fd, closed by now
        stream.write((json.dumps({"pid": os.getpid(), "fds": fds, "stream_fd": stream.sock.fileno()}) + "\n").encode())
        time.sleep(event.get("seconds", 60))
        stream.close()
    elif mode == "setsid":
        # A detached grandchild: a new session, re-parented away from the function.
        os.system("( setsid sleep 901 & )")
        if event.get("then") == "exit":
            sys.exit(3)
        request("POST", f"/runtime/invocation/{request_id}/response", b'"started"')
    elif mode == "stream":
        stream = Stream(request_id)
        size, chunk = event.get("size", 1 << 20), event.get("chunk", 65536)
        piece = b"x" * chunk
        sent = 0
        try:
            while sent < size:
                part = piece if size - sent >= chunk else piece[: size - sent]
                stream.write(part)
                sent += len(part)
            stream.close(expect=None)
        except OSError as error:  # serve may cut a stream that went over its cap
            print(f"stream ended early after {sent} bytes: {error}", flush=True)
    elif mode == "badchunk":
        stream = Stream(request_id)
        stream.write(b"partial\n")
        stream.sock.sendall(b"ZZ\r\nnot a chunk\r\n")
        try:
            status, _, _ = read_response(stream.sock)
            print(f"badchunk answered {status}", flush=True)
        except (OSError, SystemExit) as error:
            print(f"badchunk: connection ended: {error}", flush=True)


def main():
    if os.environ.get("FIXTURE_START") == "initerror":
        body = json.dumps({"errorType": "Runtime.ImportModuleError", "errorMessage": "no module named nowhere"}).encode()
        request("POST", "/runtime/init/error", body, {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    print("fixture runtime ready", flush=True)
    while True:
        status, headers, body = request("GET", "/runtime/invocation/next")
        request_id = headers["lambda-runtime-aws-request-id"]
        handle(request_id, json.loads(body))


main()
