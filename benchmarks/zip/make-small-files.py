"""Writes a folder of small files like a Python or Node function's dependencies: 5,000 files of a few
KB in 50 sub-folders, a mix of source text (compresses well), JSON-ish data and random bytes (does
not compress), plus an executable `bootstrap` script. Seeded, so every run zips the same bytes."""
import os
import random
import sys

root = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
rng = random.Random(11)
words = ("def return import self lambda value handler event context request response "
         "json data status body headers error none true false for in if else while class").split()
os.makedirs(root, exist_ok=True)
with open(os.path.join(root, "bootstrap"), "w") as f:
    f.write("#!/bin/sh\nexec python3 handler.py\n")
os.chmod(os.path.join(root, "bootstrap"), 0o755)
for index in range(count):
    folder = os.path.join(root, "pkg%02d" % (index % 50), "sub%d" % (index % 7))
    os.makedirs(folder, exist_ok=True)
    size = rng.randint(500, 8000)
    kind = index % 10
    if kind < 6:
        text = []
        while sum(len(w) + 1 for w in text) < size:
            text.append(rng.choice(words) if rng.random() < 0.9 else str(rng.randint(0, 99999)))
        data = " ".join(text).encode()[:size]
        name = "mod%05d.py" % index
    elif kind < 8:
        data = ("".join('{"k%d": %d, "v": "%s"}\n' % (i, rng.randint(0, 1 << 30), rng.choice(words))
                        for i in range(size // 30))).encode()
        name = "data%05d.json" % index
    else:
        data = rng.randbytes(size)
        name = "blob%05d.bin" % index
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
