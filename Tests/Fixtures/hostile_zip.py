#!/usr/bin/env python3
"""Writes the hostile zips the zip checks must refuse, with Python's zipfile and raw byte patches:
an independent writer, so no test relies on lambdactl to build its own inputs.

Usage: hostile_zip.py CASE OUT.zip   (hostile_zip.py --list prints the cases)
"""
import struct
import sys
import warnings
import zipfile

BOOTSTRAP = b"#!/bin/sh\necho hi\n"
FILE, DIR, LINK, FIFO = 0o100644, 0o040755, 0o120777, 0o010644


def entry(name, data=b"", mode=FILE):
    return (name, data if isinstance(data, bytes) else data.encode(), mode)


def boot(mode=0o100755):
    return entry("bootstrap", BOOTSTRAP, mode)


CASES = {
    # Data checks: the bytes do not match the headers.
    "crc-mismatch": [boot(), entry("data.txt", b"hello world, stored so one byte can be flipped")],
    "huge-declared-size": [boot(), entry("data.txt", b"tiny")],
    "truncated": [boot(), entry("data.txt", bytes(range(256)) * 64)],
    # An honest bomb: 300 MiB of zeros in a 300 KB zip (written in write(), streamed), over
    # Lambda's 250 MiB unzipped limit: unpacking it would fill a disk long before a real bomb ends.
    "bomb": [boot()],
    # The header understates the data: 1 MiB of zeros declared as 16 bytes (what a bomb does).
    "understated-size": [boot(), entry("data.txt", bytes(1 << 20))],
    # Names that unzip folds onto one file.
    "duplicate-mode": [boot(0o100755), boot(0o100644)],
    "duplicate-dot": [boot(), entry("./bootstrap", BOOTSTRAP, 0o100755)],
    "duplicate-slashes": [boot(), entry("lib/a.txt", "1"), entry("lib//a.txt", "2")],
    "path-conflict": [boot(), entry("x", "file"), entry("x/y", "inside")],
    "dir-0700": [boot(), entry("private/", mode=0o040700), entry("private/data.txt", "x")],
    "loop-self": [boot(), entry("a", "a", LINK)],
    "loop-pair": [boot(), entry("a", "b", LINK), entry("b", "a", LINK)],
    "absolute-link": [boot(), entry("l", "/etc/passwd", LINK)],
    "slip": [boot(), entry("t", "/tmp", LINK), entry("t/lambdactl-pwned", "pwned")],
    "relative-escape": [boot(), entry("lib/etc", "../../etc", LINK)],
    "opt-link": [boot(), entry("lib/libx.so", "/opt/lib/libx.so", LINK)],
    "var-task-link": [boot(), entry("data.txt", "x"), entry("lib/data.txt", "/var/task/data.txt", LINK)],
    "fifo-entry": [boot(), entry("pipe", b"", FIFO)],
    # "/" then a combining mark (U+0301) is one Swift Character that is not "/", but two bytes to
    # the kernel and unzip: a parent step, an absolute path and a slip once hidden that way.
    "combining-parent": [boot(), entry("../\u0301lambdactl-pwned", "pwned")],
    "combining-absolute": [boot(), entry("/\u0301tmp/lambdactl-pwned", "pwned")],
    "combining-slip": [boot(), entry("t", "/tmp", LINK), entry("t/\u0301lambdactl-pwned", "pwned")],
    "combining-link": [boot(), entry("l", "/\u0301etc/passwd", LINK)],
    # Names 32,000 folders deep (64 KB each, the most a zip name holds): longer than Linux allows,
    # and, when the checks kept every prefix of every path, minutes of doctor for a 2.5 MB zip.
    "deep-path": [boot()] + [entry("a/" * 32000 + "f%d" % i, "x") for i in range(20)],
}


def write(case, path):
    stored = case == "crc-mismatch"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names, which is the point
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
            for name, data, mode in CASES[case]:
                info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = mode << 16
                if not stored:
                    info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
            if case == "bomb":
                info = zipfile.ZipInfo("zeros", (2020, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = FILE << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, "w") as out:
                    chunk = bytes(1 << 20)
                    for _ in range(300):
                        out.write(chunk)
    if case == "crc-mismatch":
        flip_data_byte(path, "data.txt")
    elif case == "huge-declared-size":
        declare_size(path, "data.txt", 0xFFFFFFF0)
    elif case == "truncated":
        declare_size(path, "data.txt", 32 * 1024)  # the deflated data holds 16 KiB
    elif case == "understated-size":
        declare_size(path, "data.txt", 16)


def local_header(raw, name):
    """Offset of the local header of `name`, found through Python's own reading of the zip."""
    for info in zipfile.ZipFile(path_of[0]).infolist():
        if info.filename == name:
            return info.header_offset
    raise SystemExit(f"no entry {name}")


path_of = [None]


def flip_data_byte(path, name):
    path_of[0] = path
    raw = bytearray(open(path, "rb").read())
    offset = local_header(raw, name)
    name_len, extra_len = struct.unpack_from("<HH", raw, offset + 26)
    raw[offset + 30 + name_len + extra_len] ^= 0xFF
    open(path, "wb").write(raw)


def declare_size(path, name, size):
    """Writes `size` as the uncompressed size in both the local header and the central directory
    (just under 4 GiB, not the 0xFFFFFFFF that means zip64)."""
    path_of[0] = path
    raw = bytearray(open(path, "rb").read())
    struct.pack_into("<I", raw, local_header(raw, name) + 22, size)
    start = raw.find(b"PK\x01\x02")
    while start >= 0:
        name_len = struct.unpack_from("<H", raw, start + 28)[0]
        if raw[start + 46:start + 46 + name_len] == name.encode():
            struct.pack_into("<I", raw, start + 24, size)
        start = raw.find(b"PK\x01\x02", start + 4)
    open(path, "wb").write(raw)


if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
    else:
        write(sys.argv[1], sys.argv[2])
