"""The seed design's Python runtime, rebuilt for the benchmark in the seed's own style: a new
HTTPConnection per Runtime API call, the chunk size line, data and CRLF sent as three `send` calls,
and the generator's items streamed as they come. It is the reference the Swift runtime is compared
with; it is not a template (see templates/python-stream for that)."""
import json
import os
import sys
import traceback
from http.client import HTTPConnection

from lambda_function import lambda_handler

RUNTIME_API = os.environ["AWS_LAMBDA_RUNTIME_API"]


def get_next_invocation():
    conn = HTTPConnection(RUNTIME_API)
    conn.request("GET", "/2018-06-01/runtime/invocation/next")
    response = conn.getresponse()
    request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
    trace_id = response.getheader("Lambda-Runtime-Trace-Id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    event = json.loads(response.read().decode("utf-8") or "{}")
    conn.close()
    return request_id, event


def stream_response(request_id, generator):
    conn = HTTPConnection(RUNTIME_API)
    conn.putrequest("POST", f"/2018-06-01/runtime/invocation/{request_id}/response")
    conn.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    for chunk in generator:
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        conn.send(f"{len(chunk):X}\r\n".encode())
        conn.send(chunk)
        conn.send(b"\r\n")
    conn.send(b"0\r\n\r\n")
    response = conn.getresponse()
    response.read()
    conn.close()


def send_error(request_id, error):
    conn = HTTPConnection(RUNTIME_API)
    body = json.dumps({"errorMessage": str(error), "errorType": type(error).__name__,
                       "stackTrace": traceback.format_exception(type(error), error, error.__traceback__)}).encode()
    conn.request("POST", f"/2018-06-01/runtime/invocation/{request_id}/error", body, {"Content-Type": "application/json"})
    conn.getresponse().read()
    conn.close()


def main():
    while True:
        request_id = None
        try:
            request_id, event = get_next_invocation()
            stream_response(request_id, lambda_handler(event, None))
        except Exception as error:  # the seed logs and keeps going
            print(f"[ERROR] {error}", file=sys.stderr)
            if request_id is None:
                sys.exit(1)
            send_error(request_id, error)


if __name__ == "__main__":
    main()
