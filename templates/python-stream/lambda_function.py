"""Streams a sentence word by word, one JSON line per word, as the seed design does."""
import base64
import json
import time


class BadRequest(ValueError):
    """An event the handler cannot read; the message says what to send instead."""


USAGE = 'send {"sentence": "some words", "delay_ms": 500} (both optional)'


def request_fields(event):
    """The fields of a direct invoke's event, or of a Function URL request's JSON body."""
    if event is None:
        return {}
    if isinstance(event, dict) and "requestContext" in event:  # a Function URL event (payload format 2.0)
        body = event.get("body") or ""
        if not body:
            return {}
        try:
            if event.get("isBase64Encoded"):
                body = base64.b64decode(body, validate=True).decode("utf-8")
            event = json.loads(body)
        except ValueError as error:  # binascii.Error and UnicodeDecodeError are ValueErrors too
            raise BadRequest(f"the request body is not JSON ({error}): {USAGE}") from None
    if not isinstance(event, dict):
        raise BadRequest(f"the event is a JSON {type(event).__name__}, not an object: {USAGE}")
    return event


def read_request(event):
    """(sentence, delay in seconds), or BadRequest naming the field that is wrong."""
    fields = request_fields(event)
    sentence = fields.get("sentence", "Hello world")
    if not isinstance(sentence, str):
        raise BadRequest(f'"sentence" must be a string: {USAGE}')
    delay_ms = fields.get("delay_ms", 500)
    whole = isinstance(delay_ms, int) or (isinstance(delay_ms, float) and delay_ms.is_integer())
    if isinstance(delay_ms, bool) or not whole or not 0 <= delay_ms <= 10000:
        raise BadRequest(f'"delay_ms" must be a whole number from 0 to 10000: {USAGE}')
    return sentence, delay_ms / 1000.0


def lambda_handler(event, context=None):
    """event: {"sentence": "...", "delay_ms": 500}; yields b'{"word":...,"index":...,"total":...}\\n'."""
    sentence, delay = read_request(event)
    words = sentence.split()
    for index, word in enumerate(words):
        yield (json.dumps({"word": word, "index": index, "total": len(words)}) + "\n").encode("utf-8")
        if index + 1 < len(words):
            time.sleep(delay)
