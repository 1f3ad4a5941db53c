#!/usr/bin/env python3
"""Writes the seed corpus (Fuzz/corpus/<target>/) and the known crashes of today's parsers
(Fuzz/pending/<target>/) from Python's struct, zlib and zipfile, writers independent of lambdactl,
so the seeds are reproducible and reviewable here rather than opaque binary files.

Run it after changing a seed: python3 Fuzz/make-seeds.py (it rewrites only the files it owns,
named seed-*, and leaves files libFuzzer or people added alone).
"""
import io
import os
import struct
import sys
import zipfile
import warnings
import zlib

# The duplicate-name zips are wanted; zipfile warns about them.
warnings.filterwarnings("ignore", message="Duplicate name")

ROOT = os.path.dirname(os.path.abspath(__file__))


def write(folder, target, name, data):
    path = os.path.join(ROOT, folder, target)
    os.makedirs(path, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = os.path.join(path, "." + name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, os.path.join(path, name))


def seed(target, name, data):
    write("corpus", target, "seed-" + name, data)


def pending(target, name, data):
    write("pending", target, name, data)


def regression(target, name, data):
    """A crash whose fix has landed: the suite replays it from Fuzz/regressions/ from then on."""
    write("regressions", target, name, data)


# ---------------------------------------------------------------- JSON (jsonValue, jsonText)
JSON_SEEDS = {
    "null": "null",
    "scalars": '[true,false,null,0,-0,1.5,-2e10,1E+2,123456789012345678901234567890]',
    "nested": '{"a":{"b":[1,{"c":[]}]},"d":{}}',
    "escapes": r'{"s":"\"\\\/\b\f\n\r\t\u0000\u001f\u00e9\u20ac"}',
    "surrogate-pair": r'{"emoji":"\ud83d\ude00"}',
    "utf8": '{"t":"h\u00e9llo \u4e16\u754c \U0001F600"}',
    "duplicate-keys": '{"a":1,"a":2}',
    "whitespace": ' \t\r\n{ "a" : [ 1 , 2 ] } \n',
    "huge-number": '[1e999,-1e999,1e-999]',
    "deep": "[" * 600 + "]" * 600,
    "invalid-leading-plus": "+1",
    "invalid-leading-zero": "01",
    "invalid-trailing-dot": "1.",
    "invalid-control-char": '"a\x01b"',
    "truncated": '{"a":[1,2',
    "trailing-text": '{} x',
    "invoke-complete": '{"ErrorCode":"Unhandled","ErrorDetails":"boom","LogResult":"U1RBUlQ="}',
    "invoke-complete-empty": '{}',
    "invoke-complete-mixed": '{"ErrorCode":null,"n":[1,{"x":"}"}],"LogResult":"a\\nb"}',
    "unknown-escape": r'{"a":"\q"}',
    "short-u-escape": r'{"a":"\u12"}',
}
for name, text in JSON_SEEDS.items():
    seed("jsonValue", name, text)
    seed("jsonText", name, text)

# The SIGILL of issue 11: a high surrogate followed by a \u escape that is not a low surrogate.
SURROGATE = r'{"sentence":"\ud800\u0041"}'
regression("jsonValue", "high-surrogate-then-ascii-escape.json", SURROGATE)
regression("jsonText", "high-surrogate-then-ascii-escape.json", SURROGATE)


# ---------------------------------------------------------------- event stream
def es_header(name, type_code, value):
    n = name.encode()
    return struct.pack(">B", len(n)) + n + struct.pack(">B", type_code) + value


def es_string(name, text):
    v = text.encode()
    return es_header(name, 7, struct.pack(">H", len(v)) + v)


def es_message(headers, payload):
    total = 16 + len(headers) + len(payload)
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    body = prelude + headers + payload
    return body + struct.pack(">I", zlib.crc32(body))


EVENT = es_string(":content-type", "application/json") + es_string(":message-type", "event")
PAYLOAD_CHUNK = es_message(es_string(":event-type", "PayloadChunk")
                           + es_string(":content-type", "application/octet-stream")
                           + es_string(":message-type", "event"), b"hi")
assert len(PAYLOAD_CHUNK) == 108 and PAYLOAD_CHUNK[:12].hex() == "0000006c0000005ab25efdcf"
INVOKE_COMPLETE = es_message(es_string(":event-type", "InvokeComplete") + EVENT, b"{}")
assert len(INVOKE_COMPLETE) == 102 and INVOKE_COMPLETE[-6:].hex() == "7b7d7006d467"
ALL_TYPES = es_message(
    es_header("t", 0, b"") + es_header("f", 1, b"") + es_header("b", 2, b"\x80")
    + es_header("s", 3, b"\x80\x01") + es_header("i", 4, b"\xff\xff\xff\xfe")
    + es_header("l", 5, b"\x7f" + b"\x00" * 7) + es_header("y", 6, b"\x00\x03abc")
    + es_header("ts", 8, b"\x00\x00\x01\x8b\xcf\xe5\x68\x00") + es_header("u", 9, bytes(range(16))),
    b"payload")
EXCEPTION = es_message(es_string(":exception-type", "ServiceException")
                       + es_string(":message-type", "exception"), b'{"message":"no"}')
BAD_CRC = bytearray(PAYLOAD_CHUNK)
BAD_CRC[-1] ^= 1
BAD_PRELUDE = bytearray(PAYLOAD_CHUNK)
BAD_PRELUDE[9] ^= 1
# The first byte of every eventStream input picks the chunk size the harness feeds (byte + 1).
for chunk in (0, 6, 255):
    seed("eventStream", "payload-chunk-then-complete-c%d" % chunk, bytes([chunk]) + PAYLOAD_CHUNK + INVOKE_COMPLETE)
seed("eventStream", "all-header-types", b"\x0b" + ALL_TYPES)
seed("eventStream", "exception", b"\x03" + EXCEPTION)
seed("eventStream", "bad-message-crc", b"\x10" + bytes(BAD_CRC))
seed("eventStream", "bad-prelude-crc", b"\x10" + bytes(BAD_PRELUDE))
seed("eventStream", "truncated", b"\x00" + PAYLOAD_CHUNK[:50])
seed("eventStream", "non-utf8-string-header", b"\x20" + es_message(es_header(":event-type", 7, b"\x00\x02\xff\xfe"), b""))
seed("eventStream", "empty-message", b"\x01" + es_message(b"", b""))
seed("eventStream", "header-past-block", b"\x01" + es_message(b"\x05ab", b"x"))


# ---------------------------------------------------------------- ELF
def elf64(interp=b"/lib64/ld-linux-x86-64.so.2\x00", needed=(b"libc.so.6",), versions=(b"GLIBC_2.34",),
          phoff=None, interp_size=None, machine=62):
    """A little-endian ELF64 file with one PT_INTERP and the sections ELFFile reads."""
    dynstr = b"\x00"
    offsets = {}
    for s in list(needed) + list(versions) + [b"libc.so.6"]:
        if s not in offsets:
            offsets[s] = len(dynstr)
            dynstr += s + b"\x00"
    ehsize, phentsize, shentsize = 64, 56, 64
    ph_at = ehsize
    interp_at = ph_at + phentsize
    dynstr_at = interp_at + len(interp)
    dynamic = b"".join(struct.pack("<QQ", 1, offsets[n]) for n in needed) + struct.pack("<QQ", 0, 0)
    dynamic_at = dynstr_at + len(dynstr)
    verneed = b""
    if versions:
        aux = b""
        for i, v in enumerate(versions):
            nxt = 16 if i + 1 < len(versions) else 0
            aux += struct.pack("<IHHII", zlib.crc32(v), 0, 2 + i, offsets[v], nxt)
        verneed = struct.pack("<HHIII", 1, len(versions), offsets[b"libc.so.6"], 16, 0) + aux
    verneed_at = dynamic_at + len(dynamic)
    sh_at = verneed_at + len(verneed)
    sections = [
        struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        struct.pack("<IIQQQQIIQQ", 1, 3, 2, 0, dynstr_at, len(dynstr), 0, 0, 1, 0),
        struct.pack("<IIQQQQIIQQ", 9, 6, 3, 0, dynamic_at, len(dynamic), 1, 0, 8, 16),
        struct.pack("<IIQQQQIIQQ", 18, 0x6FFFFFFE, 2, 0, verneed_at, len(verneed), 1, 1 if versions else 0, 4, 0),
    ]
    header = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\x00" * 8
    header += struct.pack("<HHIQQQIHHHHHH", 3, machine, 1, 0x1000, ph_at if phoff is None else phoff, sh_at, 0,
                          ehsize, phentsize, 1, shentsize, len(sections), 0)
    ph = struct.pack("<IIQQQQQQ", 3, 4, interp_at, 0, 0, len(interp) if interp_size is None else interp_size,
                     len(interp), 1)
    return header + ph + interp + dynstr + dynamic + verneed + b"".join(sections)


def elf32_minimal():
    header = b"\x7fELF" + bytes([1, 2, 1, 0]) + b"\x00" * 8  # ELF32, big-endian
    header += struct.pack(">HHIIIIIHHHHHH", 2, 8, 1, 0x400000, 0, 0, 0, 52, 32, 0, 40, 0, 0)
    return header


ELF_DYNAMIC = elf64()
seed("elf", "x86_64-dynamic", ELF_DYNAMIC)
seed("elf", "aarch64-static", elf64(interp=b"", needed=(), versions=(), machine=183))
seed("elf", "three-versions", elf64(versions=(b"GLIBC_2.17", b"GLIBC_2.34", b"GLIBC_2.35")))
seed("elf", "elf32-big-endian", elf32_minimal())
seed("elf", "truncated-header", ELF_DYNAMIC[:40])
seed("elf", "not-elf", b"#!/bin/sh\necho hi\n")
seed("elf", "unknown-class", b"\x7fELF\x07" + ELF_DYNAMIC[5:64])
# The traps of issue 11: a program header offset near 2^64, and a PT_INTERP size past Int.max.
ELF_HUGE_PHOFF = elf64(phoff=0xFFFFFFFFFFFFFF00)[:64]
ELF_HUGE_INTERP = elf64(interp_size=0xFFFFFFFFFFFFFFF0)
regression("elf", "e_phoff-0xFFFFFFFFFFFFFF00.elf", ELF_HUGE_PHOFF)
regression("elf", "pt_interp-size-0xFFFFFFFFFFFFFFF0.elf", ELF_HUGE_INTERP)


# ---------------------------------------------------------------- zip
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def zip_bytes(entries):
    """entries: (name, data, mode) with mode a full st_mode (0o100755, 0o120777, 0o40755 ...)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.create_system = 3
            info.external_attr = (mode << 16) | (0x10 if mode & 0o40000 else 0)
            info.compress_type = zipfile.ZIP_STORED if mode & 0o40000 else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


SCRIPT = b"#!/bin/sh\nset -e\nexec ./handler\n"
seed("zip", "bootstrap-script", zip_bytes([("bootstrap", SCRIPT, 0o100755)]))
seed("zip", "bootstrap-elf-and-lib", zip_bytes([("bootstrap", ELF_DYNAMIC, 0o100755),
                                                ("lib/", b"", 0o40755), ("lib/libx.so", ELF_DYNAMIC, 0o100644)]))
seed("zip", "no-exec-bit", zip_bytes([("bootstrap", SCRIPT, 0o100644)]))
seed("zip", "crlf-shebang", zip_bytes([("bootstrap", b"#!/bin/bash\r\necho\r\n", 0o100755)]))
seed("zip", "symlink-inside", zip_bytes([("real", SCRIPT, 0o100755), ("bootstrap", b"real", 0o120777)]))
seed("zip", "duplicate-names", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("bootstrap", SCRIPT, 0o100644)]))
seed("zip", "dot-slash-duplicate", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("./bootstrap", SCRIPT, 0o100755)]))
seed("zip", "file-and-folder", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("x", b"1", 0o100644), ("x/y", b"2", 0o100644)]))
seed("zip", "folder-0700", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("d/", b"", 0o40700), ("d/f", b"f", 0o100644)]))
seed("zip", "symlink-loop", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("a", b"b", 0o120777), ("b", b"a", 0o120777)]))
seed("zip", "symlink-absolute", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("l", b"/etc/passwd", 0o120777)]))
seed("zip", "zip-slip-through-link", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("t", b"/tmp", 0o120777),
                                                ("t/pwned", b"x", 0o100644)]))
seed("zip", "dot-dot-name", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("../evil", b"x", 0o100644)]))
# "/" then U+0301: one Swift Character, two path components to the kernel.
seed("zip", "combining-mark-after-slash", zip_bytes([("bootstrap", SCRIPT, 0o100755), ("../\u0301evil", b"x", 0o100644),
                                                     ("t", b"/\u0301tmp", 0o120777), ("t/\u0301pwned", b"x", 0o100644)]))
seed("zip", "empty-zip", zip_bytes([]))
seed("zip", "not-a-zip", b"PK\x05\x06" + b"\x00" * 10)
CRC_BAD = bytearray(zip_bytes([("bootstrap", SCRIPT, 0o100755)]))
CRC_BAD[14] ^= 0xFF  # local header CRC
CRC_BAD[CRC_BAD.rfind(b"PK\x01\x02") + 16] ^= 0xFF  # central directory CRC
seed("zip", "crc-mismatch", bytes(CRC_BAD))
regression("zip", "bootstrap-elf-e_phoff-0xFFFFFFFFFFFFFF00.zip", zip_bytes([("bootstrap", ELF_HUGE_PHOFF, 0o100755)]))
regression("zip", "bootstrap-elf-pt_interp-size-huge.zip", zip_bytes([("bootstrap", ELF_HUGE_INTERP, 0o100755)]))

# ---------------------------------------------------------------- Function URL prelude
PRELUDE = b'{"statusCode":201,"headers":{"content-type":"text/plain","x-a":"1"},"cookies":["a=b; Secure"]}'
SEP = b"\x00" * 8
# The first byte of every prelude input picks the chunk size the harness feeds (byte + 1).
seed("prelude", "prelude-and-body-c0", b"\x00" + PRELUDE + SEP + b"hello")
seed("prelude", "prelude-and-body-c7", b"\x07" + PRELUDE + SEP + b"hello")
seed("prelude", "prelude-and-body-c255", b"\xff" + PRELUDE + SEP + b"hello\x00\x00 world")
seed("prelude", "empty-prelude", b"\x03" + SEP)
seed("prelude", "seven-nuls-then-more", b"\x02" + b"{}" + b"\x00" * 7 + b"x" + SEP + b"b")
seed("prelude", "no-separator", b"\x05" + PRELUDE)
seed("prelude", "not-json", b"\x01" + b"[1,2]" + SEP + b"body")
seed("prelude", "odd-types", b"\x04" + b'{"statusCode":"x","headers":{"a":[1],"b":null},"cookies":[1,{}]}' + SEP)
seed("prelude", "status-huge", b"\x04" + b'{"statusCode":1e300}' + SEP)

# ---------------------------------------------------------------- Function URL event
seed("functionURLEvent", "post-json", b"POST /path?a=1&b=%20x&a=2\ncontent-type: application/json\n"
     b"host: abc.lambda-url.us-east-1.on.aws\ncookie: a=1; b=2\n\n{\"k\":\"v\"}")
seed("functionURLEvent", "get-no-body", b"GET /\nuser-agent: curl/8\n\n")
seed("functionURLEvent", "binary-body", b"PUT /upload\ncontent-type: application/octet-stream\n\n\x00\x01\xff\xfe")
seed("functionURLEvent", "bad-percent", b"GET /%zz%?%=%&a=&&x\nhost: \n\n")
# A query pair that is only "=" traps FunctionURLEvent.make (parts[0] of an empty split): any client
# can stop `serve` with GET /?=
regression("functionURLEvent", "query-pair-only-equals.http", b"GET /?=\n\n")
seed("functionURLEvent", "text-invalid-utf8", b"POST /\ncontent-type: text/plain\n\n\xc3\x28")
seed("functionURLEvent", "repeated-headers", b"POST /\nx-a: 1\nX-A: 2\ncookie: ;;\n\nbody")
seed("functionURLEvent", "odd-method", b"M\xc3\xa9THOD *\n\n")

# ---------------------------------------------------------------- SigV4
seed("sigv4", "invoke", b"POST\n/2021-11-15/functions/f/response-streaming-invocations\nQualifier=live\n"
     b"host:lambda.us-east-1.amazonaws.com\ncontent-type:application/json\nx-amz-date:20150830T123600Z")
seed("sigv4", "aws-suite-get-vanilla-query", b"GET\n/\nParam2=value2&Param1=value1\nHost:example.amazonaws.com")
seed("sigv4", "dot-segments", b"GET\n/a/./b/../c//d/\n\nhost:x")
seed("sigv4", "unicode-and-spaces", b"GET\n/\xe1\x88\xb4 x\nk%=v v&=&a\nmy-header:  a   b  \nMY-HEADER:c")
seed("sigv4", "empty", b"")
regression("sigv4", "method-ending-in-cr.txt", b"\x00\x00\r")

# ---------------------------------------------------------------- base64
for name, text in {
    "padded": b"aGVsbG8gd29ybGQ=", "two-pad": b"aGk=", "no-pad": b"aGk", "url-safe": b"-_-_",
    "whitespace": b"aGVs\nbG8g\r\nd29y bGQ=", "invalid": b"a$b=", "pad-in-middle": b"aG=k",
    "empty": b"", "binary": bytes(range(256)),
}.items():
    seed("base64", name, text)

print("seeds written under", ROOT, file=sys.stderr)
