"""A small HTTPS server for verify-url's tests: each path answers the way a Function URL can.

Usage: stream_server.py CERT KEY  -> prints "READY <port>" once it listens on 127.0.0.1.
"""
import json
import socket
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LINES = [json.dumps({"word": w, "index": i, "total": 4}) + "\n" for i, w in enumerate("one two three four".split())]
FORBIDDEN = json.dumps({"Message": "Forbidden. For troubleshooting Function URL authorization issues, see: "
                                   "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def chunk(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def start_chunked(self, status=200, content_type="application/x-ndjson"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Test", "yes")
        self.end_headers()
        self.wfile.flush()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.do_GET()

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/stream":
            self.start_chunked()
            for line in LINES:
                self.chunk(line)
                time.sleep(0.15)
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/buffered":
            time.sleep(0.3)
            body = "".join(LINES).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/forbidden":
            body = FORBIDDEN.encode()
            self.send_response(403)
            self.send_header("Content-Type", "application/json")
            self.send_header("x-amzn-ErrorType", "AccessDeniedException")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/stall":
            self.start_chunked()
            self.chunk(LINES[0])
            time.sleep(20)
        elif path == "/cut":
            self.start_chunked()
            for line in LINES[:2]:
                self.chunk(line)
                time.sleep(0.15)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif path == "/leak":
            self.start_chunked(content_type="application/octet-stream")
            self.chunk(json.dumps({"statusCode": 201, "headers": {"content-type": "text/plain"}}) + "\0" * 8)
            for line in LINES:
                time.sleep(0.15)
                self.chunk(line)
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/stream")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/badsig":
            # What a Function URL answers when it refuses a SigV4 signature.
            body = json.dumps({"message": "The request signature we calculated does not match the signature you provided."}).encode()
            self.send_response(403)
            self.send_header("Content-Type", "application/json")
            self.send_header("x-amzn-ErrorType", "InvalidSignatureException")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


def main():
    cert, key = sys.argv[1], sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("READY", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
