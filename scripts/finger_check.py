"""The Python half of scripts/finger-check: NIST NFIQ 2.3 beside our finger score on fingerprints of any sensor.

  finger_check.py stage SOURCE WORK       images of SOURCE (one subdirectory per sensor, or the images themselves)
                                          as 8-bit grey PGM under WORK/fingerprints/SENSOR/, with NFIQ 2.3's score
                                          of each in WORK/fingerprints/nfiq2.csv (the layout of shared/data)
  finger_check.py compare FEATURES.csv    Spearman of our score against NFIQ 2 per sensor and pooled (JSON)
"""
import csv
import json
import os
import sys

import numpy as np

IMAGE_SUFFIXES = (".tif", ".tiff", ".bmp", ".png", ".pgm", ".jpg", ".jpeg", ".wsq")


def stage(source, work):
    import nbis
    from PIL import Image

    extractor = nbis.new_nbis_extractor(nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=500.0))
    entries = sorted(os.listdir(source))
    sensors = [e for e in entries if os.path.isdir(os.path.join(source, e))]
    groups = [(s, os.path.join(source, s)) for s in sensors] or [(os.path.basename(os.path.normpath(source)), source)]
    root = os.path.join(work, "fingerprints")
    rows = ["file,width,height,nfiq2"]
    unreadable = 0
    for sensor, folder in groups:
        os.makedirs(os.path.join(root, sensor), exist_ok=True)
        for name in sorted(os.listdir(folder)):
            if not name.lower().endswith(IMAGE_SUFFIXES):
                continue
            try:
                image = Image.open(os.path.join(folder, name)).convert("L")
            except Exception:
                unreadable += 1
                continue
            target = os.path.join(root, sensor, os.path.splitext(name)[0] + ".pgm")
            image.save(target)
            try:
                with open(target, "rb") as handle:
                    score = extractor.extract_minutiae(handle.read()).quality().score
            except Exception:  # NFIQ 2 refuses images with too little foreground: no reference score
                score = ""
            rows.append(f"{sensor}/{os.path.basename(target)},{image.width},{image.height},{score}")
    with open(os.path.join(root, "nfiq2.csv"), "w") as handle:
        handle.write("\n".join(rows) + "\n")
    print(f"finger-check: {len(rows) - 1} images staged from {len(groups)} sensor(s), {unreadable} unreadable",
          file=sys.stderr)


def ranks(values):
    values = np.asarray(values, dtype=float)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + 1 + ends) / 2.0)[inverse]


def spearman(a, b):
    return round(float(np.corrcoef(ranks(a), ranks(b))[0, 1]), 3) if len(a) > 2 else None


def compare(features):
    with open(features) as handle:
        rows = list(csv.DictReader(handle))
    scored = [r for r in rows if r["nfiq2"]]
    result = {"images": len(rows), "without_nfiq2": len(rows) - len(scored), "sensors": {}}
    for sensor in sorted({r["database"] for r in scored}) + ["pooled"]:
        subset = [r for r in scored if sensor == "pooled" or r["database"] == sensor]
        nfiq2 = np.array([float(r["nfiq2"]) for r in subset])
        ours = np.array([float(r["score"]) for r in subset])
        result["sensors"][sensor] = {
            "images": len(subset), "spearman": spearman(ours, nfiq2),
            "nfiq2_median": float(np.median(nfiq2)), "nfiq2_sd": round(float(nfiq2.std()), 1),
            "ours_median": float(np.median(ours))}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "stage":
        stage(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "compare":
        compare(sys.argv[2])
    else:
        sys.exit(__doc__)
