"""The seed's word streamer, plus a "bytes" mode (a large stream in fixed-size chunks) and a "stamps"
mode for the benchmark's write-to-arrival latency:
each chunk carries the CLOCK_MONOTONIC time (ns) taken just before it is handed to the runtime."""
import json
import time


def lambda_handler(event, context=None):
    if "bytes" in event:  # a large stream in fixed-size chunks
        chunk = b"x" * event["chunk"]
        for _ in range(event["bytes"] // event["chunk"]):
            yield chunk
        return
    if "stamps" in event:
        gap = event.get("gap_ms", 0) / 1000.0
        for index in range(event["stamps"]):
            if index and gap:
                time.sleep(gap)
            yield b"%d\n" % time.monotonic_ns()
        return
    sentence = event.get("sentence", "Hello world")
    delay = event.get("delay_ms", 500) / 1000.0
    words = sentence.split()
    for index, word in enumerate(words):
        yield (json.dumps({"word": word, "index": index, "total": len(words)}) + "\n").encode("utf-8")
        if delay:
            time.sleep(delay)
