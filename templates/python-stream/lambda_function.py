"""Streams a sentence word by word, one JSON line per word, as the seed design does."""
import json
import time


def lambda_handler(event, context=None):
    """event: {"sentence": "...", "delay_ms": 500}; yields b'{"word":...,"index":...,"total":...}\\n'."""
    sentence = (event or {}).get("sentence", "Hello world")
    delay = float((event or {}).get("delay_ms", 500)) / 1000.0
    words = sentence.split()
    for index, word in enumerate(words):
        yield (json.dumps({"word": word, "index": index, "total": len(words)}) + "\n").encode("utf-8")
        if index + 1 < len(words):
            time.sleep(delay)
