#!/usr/bin/env python3
"""Baselines for biocap-bench, on the same images, one core.

OpenCV computes the comparable metric sets:
  gate   - whole-frame mean and standard deviation (meanStdDev), saturation (pixels at 0 or 255),
           sharpness as the variance of the Laplacian (the usual OpenCV focus measure);
  blocks - 32x32 block mean and variance, Sobel gradient covariance (gx², gy², gx·gy) and Laplacian
           energy per block (what BiocapQuality's block pass computes for the finger score).
NIST NFIQ 2.3 (nbis-py) is timed on a subset of the fingerprints (it takes about a second each), and its 69 native
features (the inputs of its own random forest) are fitted like our finger score: a linear model on two FVC2000
databases ranking the third (goal 3's yardstick: what a model of NFIQ 2's own features reaches on a left-out sensor).
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

from finger_check import spearman  # beside this script (scripts/): Spearman with tied ranks averaged


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


def native_feature_fit(rows, alphas=(0.1, 1, 10, 30, 100, 300, 1000)):
    """Ridge regression of NFIQ 2's score on its own native features (standardised on the training databases),
    fitted on all databases but one and ranking that one, for each database and each ridge penalty. The best
    penalty per database is an upper bound for a linear model of these features; it is chosen with the held-out
    database, so it flatters them."""
    databases = sorted({database for database, _, _ in rows})
    if len(databases) < 2:
        return None
    features = np.array([values for _, values, _ in rows], dtype=float)
    scores = np.array([score for _, _, score in rows], dtype=float)
    sensor = np.array([database for database, _, _ in rows])
    per_alpha = {}
    for alpha in alphas:
        left_out = {}
        for database in databases:
            train, test = sensor != database, sensor == database
            mean, spread = features[train].mean(0), features[train].std(0)
            spread[spread == 0] = 1
            z = (features[train] - mean) / spread
            weights = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (scores[train] - scores[train].mean()))
            left_out[database] = round(spearman(((features[test] - mean) / spread) @ weights, scores[test]), 3)
        per_alpha[str(alpha)] = left_out
    best = {database: max(per_alpha[a][database] for a in per_alpha) for database in databases}
    return {"images": len(rows), "features": features.shape[1], "leave_one_database_out_by_penalty": per_alpha,
            "leave_one_database_out_best_penalty": best}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--slap", required=True, help="the synthetic slap written by biocap-bench --write-slap")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--nfiq2-images", type=int, default=12, help="fingerprints NFIQ 2 is timed on (0: all)")
    parser.add_argument("--native-fit", type=int, default=1,
                        help="1: also fit NFIQ 2's native features leaving one database out (NFIQ 2 on every fingerprint)")
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
        if args.native_fit:
            rows, names = [], None
            for path in fingers:
                with open(path, "rb") as handle:
                    data = handle.read()
                try:
                    quality = extractor.extract_minutiae(data).quality()
                except Exception:  # too little foreground for NFIQ 2: no reference score, as in nfiq2.csv
                    continue
                names = names or [value.name for value in quality.features]
                if [value.name for value in quality.features] == names:
                    rows.append((os.path.basename(os.path.dirname(path)), [value.value for value in quality.features],
                                 quality.score))
            result["nfiq2"]["native_features_fit"] = native_feature_fit(rows)
    except ImportError:
        result["nfiq2"] = {"error": "nbis-py not installed"}
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
