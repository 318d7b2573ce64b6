#!/usr/bin/env python3
"""Baselines for biocap-bench, on the same images, one core.

OpenCV computes the comparable metric sets:
  gate   - whole-frame mean and standard deviation (meanStdDev), saturation (pixels at 0 or 255),
           sharpness as the variance of the Laplacian (the usual OpenCV focus measure);
  blocks - 32x32 block mean and variance, Sobel gradient covariance (gx², gy², gx·gy) and Laplacian
           energy per block (what BiocapQuality's block pass computes for the finger score).
NIST NFIQ 2.3 (nbis-py) is timed on a subset of the fingerprints (it takes about a second each).
Prints one JSON object.
"""
import argparse
import glob
import json
import os
import statistics
import time

import cv2
import numpy as np


def median_ms(function, repeats):
    function()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def gate(image):
    mean, std = cv2.meanStdDev(image)
    saturated = cv2.countNonZero(cv2.inRange(image, 0, 0)) + cv2.countNonZero(cv2.inRange(image, 255, 255))
    _, sharp = cv2.meanStdDev(cv2.Laplacian(image, cv2.CV_16S))
    return mean[0, 0], std[0, 0], saturated / image.size, sharp[0, 0] ** 2


def blocks(image, size=32):
    rows, columns = (image.shape[0] - 2) // size, (image.shape[1] - 2) // size
    y0, x0 = 1 + (image.shape[0] - 2 - rows * size) // 2, 1 + (image.shape[1] - 2 - columns * size) // 2
    grey = image.astype(np.float32)
    gx = cv2.Sobel(image, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(image, cv2.CV_32F, 0, 1)
    lap = cv2.Laplacian(image, cv2.CV_32F)
    window = (slice(y0, y0 + rows * size), slice(x0, x0 + columns * size))
    shape = (columns, rows)
    means = [cv2.resize(plane[window], shape, interpolation=cv2.INTER_AREA)
             for plane in (grey, grey * grey, gx * gx, gy * gy, gx * gy, lap * lap)]
    variance = means[1] - means[0] * means[0]
    return means[0], variance, means[2:]


def throughput(images, function, repeats):
    times = [median_ms(lambda im=im: function(im), repeats) for im in images]
    pixels = sum(im.size for im in images)
    return {"images": len(images), "median_ms": round(statistics.median(times), 3),
            "mpix_per_s": round(pixels / 1e6 / (sum(times) / 1e3), 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--slap", required=True, help="the synthetic slap written by biocap-bench --write-slap")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--nfiq2-images", type=int, default=12, help="fingerprints NFIQ 2 is timed on (0: all)")
    args = parser.parse_args()
    cv2.setNumThreads(1)

    fingers = sorted(glob.glob(os.path.join(args.data, "fingerprints/*/*.pgm")))
    finger_images = [cv2.imread(path, cv2.IMREAD_GRAYSCALE) for path in fingers]
    irises = [cv2.imread(path, cv2.IMREAD_GRAYSCALE) for path in sorted(glob.glob(os.path.join(args.data, "iris/casia1/*.pgm")))]
    faces = [cv2.imread(path, cv2.IMREAD_GRAYSCALE) for path in sorted(glob.glob(os.path.join(args.data, "face/photos/*.jpg")))]
    faces = [face for face in faces if face is not None]
    slap = cv2.imread(args.slap, cv2.IMREAD_GRAYSCALE)
    everything = finger_images + irises + [slap] + faces

    result = {"opencv": {"version": cv2.__version__, "threads": cv2.getNumThreads()}}
    gate_all = throughput(everything, gate, args.repeats)
    slap_gate = median_ms(lambda: gate(slap), args.repeats)
    result["opencv"]["gate"] = {"images": gate_all["images"], "mpix_per_s": gate_all["mpix_per_s"],
                                "slap_ms": round(slap_gate, 3),
                                "slap_mpix_per_s": round(slap.size / 1e6 / (slap_gate / 1e3), 3)}
    result["opencv"]["blocks"] = {"finger": throughput(finger_images, blocks, args.repeats),
                                  "slap": throughput([slap], blocks, args.repeats)}

    try:
        import nbis
        settings = nbis.NbisExtractorSettings(min_quality=0.0, get_center=False, check_fingerprint=False,
                                              compute_nfiq2=True, ppi=500.0)
        extractor = nbis.new_nbis_extractor(settings)
        subset = fingers if args.nfiq2_images <= 0 else fingers[::max(1, len(fingers) // args.nfiq2_images)][:args.nfiq2_images]
        times = []
        for path in subset:
            with open(path, "rb") as handle:
                data = handle.read()
            start = time.perf_counter()
            try:
                extractor.extract_minutiae(data).quality()
            except Exception:  # NFIQ 2 refuses images with too little foreground; the time still counts.
                pass
            times.append((time.perf_counter() - start) * 1e3)
        pixels = sum(cv2.imread(p, cv2.IMREAD_GRAYSCALE).size for p in subset)
        result["nfiq2"] = {"implementation": "NIST NFIQ 2.3 via nbis-py 0.1.3 (minutiae extraction + quality)",
                           "images": len(subset), "median_ms": round(statistics.median(times), 3),
                           "mpix_per_s": round(pixels / 1e6 / (sum(times) / 1e3), 3)}
    except ImportError:
        result["nfiq2"] = {"error": "nbis-py not installed"}
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
