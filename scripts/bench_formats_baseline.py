#!/usr/bin/env python3
"""Baseline of scripts/bench-formats: the reference implementations on the images biocap-formats-bench wrote.

OpenJPEG through glymur (the same libopenjp2 biocap links, called in-process), NBIS's WSQ through PyPI wsq's
C extension (in memory, 0.75 bpp), and IDEMIA's nistitl for ANSI/NIST-ITL transactions.
Prints one JSON object with the same shape as biocap-formats-bench's sections.
"""
import argparse
import io
import json
import os
import statistics
import tempfile
import time

import glymur
import numpy
from PIL import Image


def load(inputs):
    fingers = []
    root = os.path.join(inputs, "fingers")
    for database in sorted(os.listdir(root)):
        for name in sorted(os.listdir(os.path.join(root, database))):
            fingers.append(numpy.array(Image.open(os.path.join(root, database, name))))
    slap = numpy.array(Image.open(os.path.join(inputs, "slap.pgm")))
    return fingers, slap


def median_ms(repeats, body):
    body()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def openjpeg(images, repeats, rate):
    """glymur writes through a file; a RAM-backed temporary directory keeps the I/O small."""
    directory = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    paths = [os.path.join(directory, f"{i}.j2k") for i in range(len(images))]
    kwargs = {} if rate is None else {"irreversible": True, "cratios": [8 / rate]}

    def encode():
        for path, image in zip(paths, images):
            glymur.Jp2k(path, data=image, **kwargs)

    def decode():
        for path in paths:
            glymur.Jp2k(path)[:]

    encode_ms = median_ms(repeats, encode)
    decode_ms = median_ms(repeats, decode)
    size = sum(os.path.getsize(p) for p in paths)
    raw = sum(image.size for image in images)
    for path in paths:
        os.remove(path)
    os.rmdir(directory)
    return {"encode_ms": encode_ms / len(images), "decode_ms": decode_ms / len(images),
            "bytes": size // len(images), "ratio": raw / max(size, 1)}


def nbis_wsq(images, repeats):
    """NBIS's WSQ codec in memory at 0.75 bpp, through PyPI wsq's C extension (what its Pillow plugin calls, without
    the plugin's per-pixel Python copy): _wsq.compress(pixels, rows, columns, rate), _wsq.decompress(data)."""
    import _wsq

    raws = [(image.tobytes(), image.shape[0], image.shape[1]) for image in images]
    encoded = []

    def encode():
        encoded[:] = [_wsq.compress(raw, rows, columns, 0.75) for raw, rows, columns in raws]

    def decode():
        for data in encoded:
            _wsq.decompress(data)

    encode_ms = median_ms(repeats, encode)
    decode_ms = median_ms(repeats, decode)
    size = sum(len(data) for data in encoded)
    raw = sum(image.size for image in images)
    return {"encode_ms": encode_ms / len(images), "decode_ms": decode_ms / len(images),
            "bytes": size // len(images), "ratio": raw / max(size, 1)}


def nistitl_transaction(fingers, slap, repeats):
    """IDEMIA's nistitl: a Type-1, a Type-2 and a Type-14 per image (the slap, then the first ten fingers), written and
    parsed back, as biocap-formats-bench's ansi_nist section does with its own code."""
    import nistitl

    def build():
        message = nistitl.Message()
        message.TOT = 'BIO'
        text = nistitl.AsciiRecord(2)
        text.IDC = 0
        message += text
        for idc, (image, position) in enumerate([(slap, 13)] + list(zip(fingers[:10], range(1, 11))), start=1):
            record = nistitl.AsciiRecord(14)
            record.IDC = idc
            height, width = image.shape
            for name, value in [('IMP', '0'), ('SRC', 'kit-bench'), ('FCD', '20240506'), ('HLL', str(width)),
                                ('VLL', str(height)), ('SLC', '1'), ('THPS', '500'), ('TVPS', '500'), ('CGA', 'NONE'),
                                ('BPX', '8'), ('FGP', str(position))]:
                setattr(record, name, value)
            record.DATA = image.tobytes()
            message += record
        return message

    message = build()
    buffer = message.NIST
    encode_ms = median_ms(repeats, lambda: message.NIST)
    decode_ms = median_ms(repeats, lambda: nistitl.Message().parse(buffer))
    return {"records": len(message), "bytes": len(buffer), "encode_ms": encode_ms, "decode_ms": decode_ms}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    fingers, slap = load(args.inputs)
    result = {"openjpeg": {}}
    for mode, rate in (("lossless", None), ("rate_0_75", 0.75)):
        result["openjpeg"][mode] = {"finger": openjpeg(fingers, args.repeats, rate),
                                    "slap": openjpeg([slap], args.repeats, rate)}
    result["nbis_wsq"] = {"finger": nbis_wsq(fingers, args.repeats), "slap": nbis_wsq([slap], args.repeats)}
    result["nistitl"] = nistitl_transaction(fingers, slap, args.repeats)
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
