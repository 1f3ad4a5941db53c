"""Streams a sentence word by word, one JSON line per word, as the seed design does."""
import base64
import json
import time


def request_fields(event):
    """The fields of a direct invoke's event, or of a Function URL request's JSON body."""
    event = event or {}
    if "requestContext" in event:  # a Function URL event (payload format 2.0)
        body = event.get("body") or ""
        if event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode("utf-8")
        try:
            fields = json.loads(body) if body else {}
        except ValueError:
            fields = {}
        return fields if isinstance(fields, dict) else {}
    return event


def lambda_handler(event, context=None):
    """event: {"sentence": "...", "delay_ms": 500}; yields b'{"word":...,"index":...,"total":...}\\n'."""
    fields = request_fields(event)
    sentence = fields.get("sentence", "Hello world")
    delay = float(fields.get("delay_ms", 500)) / 1000.0
    words = sentence.split()
    for index, word in enumerate(words):
        yield (json.dumps({"word": word, "index": index, "total": len(words)}) + "\n").encode("utf-8")
        if index + 1 < len(words):
            time.sleep(delay)
