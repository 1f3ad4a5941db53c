"""A streaming Lambda Runtime API client for provided.al2023 (lambdactl python-stream template).

It polls /next over one keep-alive connection, calls the handler, and sends whatever the handler
yields as one HTTP/1.1 chunk per item, as soon as it is yielded. Errors before the first chunk go to
/error; errors after it go out as the Lambda-Runtime-Function-Error-* trailers. The loop never exits
on a handler error; it exits (non-zero) only when the Runtime API itself fails.
"""
import base64
import http.client
import importlib
import json
import os
import socket
import sys
import time
import traceback

API_VERSION = "2018-06-01"
ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"
ERROR_BODY = "Lambda-Runtime-Function-Error-Body"


class LambdaContext:
    """The context object handlers receive, shaped like the one of Lambda's managed Python runtime."""

    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        self.trace_id = headers.get("Lambda-Runtime-Trace-Id")
        self.client_context = headers.get("Lambda-Runtime-Client-Context")
        self.identity = headers.get("Lambda-Runtime-Cognito-Identity")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")

    def get_remaining_time_in_millis(self):
        return max(0, self.deadline_ms - int(time.time() * 1000))


class RuntimeAPIRefused(RuntimeError):
    """A 4xx answer from the Runtime API to one invocation's response or error (413: the response is
    too large). Lambda has already failed that invocation; the runtime logs it and goes on to /next
    instead of exiting, which would make the next invocation a cold start."""


class RuntimeClient:
    def __init__(self, address):
        self.address = address
        self.connection = None

    def _connect(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.address)
            self.connection.connect()
            # One chunk per yield must leave at once, not wait for Nagle's algorithm.
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.connection

    def _finish(self, response):
        body = response.read()
        if 400 <= response.status < 500:
            raise RuntimeAPIRefused(f"Runtime API answered {response.status}: {body[:200]!r}")
        if response.status >= 300:
            raise RuntimeError(f"Runtime API answered {response.status}: {body[:200]!r}")
        return body

    def next(self):
        connection = self._connect()
        connection.request("GET", f"/{API_VERSION}/runtime/invocation/next")
        response = connection.getresponse()
        body = self._finish(response)
        return body, response.headers

    def post_error(self, path, error):
        payload = json.dumps(error_payload(error)).encode()
        connection = self._connect()
        connection.request("POST", path, payload, {ERROR_TYPE: error_type(error), "Content-Type": "application/json"})
        self._finish(connection.getresponse())

    def stream(self, request_id, chunks, content_type):
        """Sends the response; returns None, or the exception if the handler failed after its first chunk."""
        first = None
        try:
            first = next(chunks)
        except StopIteration:
            pass
        connection = self._connect()
        connection.putrequest("POST", f"/{API_VERSION}/runtime/invocation/{request_id}/response")
        connection.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.putheader("Content-Type", content_type)
        connection.putheader("Trailer", f"{ERROR_TYPE}, {ERROR_BODY}")
        connection.endheaders()
        failure = None
        try:
            if first is not None:
                send_chunk(connection, first)
                for chunk in chunks:
                    send_chunk(connection, chunk)
        except Exception as error:  # the handler failed mid-stream: report it in the trailers
            failure = error
        if failure is None:
            connection.send(b"0\r\n\r\n")
        else:
            encoded = base64.b64encode(json.dumps(error_payload(failure)).encode()).decode()
            connection.send(f"0\r\n{ERROR_TYPE}: {error_type(failure)}\r\n{ERROR_BODY}: {encoded}\r\n\r\n".encode())
        self._finish(connection.getresponse())
        return failure


def send_chunk(connection, chunk):
    if isinstance(chunk, str):
        chunk = chunk.encode("utf-8")
    if not chunk:
        return  # an empty chunk would end the stream
    connection.send(b"%X\r\n%s\r\n" % (len(chunk), chunk))


class HandlerLoadError(Exception):
    """The handler cannot be loaded; reported with the types Lambda's managed Python runtime uses
    (Runtime.ImportModuleError, Runtime.HandlerNotFound) in the header and the body alike."""

    def __init__(self, lambda_type, message):
        super().__init__(message)
        self.lambda_type = lambda_type


def error_type(error):
    """The error type header in Lambda's Category.Reason form: a bare class name is not one, and
    AWS's emulator reports it as Runtime.Unknown. The body keeps the class name, as Python's
    managed runtime does."""
    return getattr(error, "lambda_type", None) or f"Function.{type(error).__name__}"


def error_payload(error):
    return {
        "errorMessage": str(error),
        "errorType": getattr(error, "lambda_type", None) or type(error).__name__,
        "stackTrace": traceback.format_exception(type(error), error, error.__traceback__),
    }


def as_iterator(result):
    if result is None:
        return iter(())
    if isinstance(result, (bytes, str)):
        return iter((result,))
    if isinstance(result, (dict, list)):
        return iter((json.dumps(result),))
    return iter(result)


def load_handler(module_name, function_name):
    try:
        module = importlib.import_module(module_name)
    except Exception as error:
        raise HandlerLoadError("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}") from error
    handler = getattr(module, function_name, None)
    if handler is None:
        raise HandlerLoadError("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


def main():
    address = os.environ["AWS_LAMBDA_RUNTIME_API"]
    client = RuntimeClient(address)
    module_name, _, function_name = (os.environ.get("_HANDLER") or "lambda_function.lambda_handler").rpartition(".")
    try:
        handler = load_handler(module_name or "lambda_function", function_name)
        content_type = getattr(handler, "content_type", "application/x-ndjson")
    except Exception as error:
        print(f"[ERROR] cannot load handler: {error!r}", file=sys.stderr)
        client.post_error(f"/{API_VERSION}/runtime/init/error", error)
        sys.exit(1)

    while True:
        body, headers = client.next()
        context = LambdaContext(headers)
        if context.trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = context.trace_id
        request_id = context.aws_request_id
        try:
            event = json.loads(body) if body else {}
            chunks = as_iterator(handler(event, context))
            failure = client.stream(request_id, chunks, content_type)
        except RuntimeAPIRefused as refused:  # the response was refused: the invocation is over
            print(f"[ERROR] {request_id}: {refused}", file=sys.stderr)
            continue
        except Exception as error:  # failed before the first chunk
            print(f"[ERROR] {request_id}: {error!r}", file=sys.stderr)
            try:
                client.post_error(f"/{API_VERSION}/runtime/invocation/{request_id}/error", error)
            except RuntimeAPIRefused as refused:
                print(f"[ERROR] {request_id}: {refused}", file=sys.stderr)
            continue
        if failure is not None:
            print(f"[ERROR] {request_id} failed mid-stream: {failure!r}", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError, http.client.HTTPException) as error:
        print(f"[FATAL] Runtime API failed: {error!r}", file=sys.stderr)
        sys.exit(2)
