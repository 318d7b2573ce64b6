"""The Python half of scripts/face-yaw-check: YuNet's landmark yaw beside ours.

  face_yaw_check.py PHOTOS OURS.json MODEL.onnx
"""
import json
import os
import re
import sys

import cv2
import numpy as np

# The nose tip's depth in front of the eyes, in eye distances: a turn of θ moves it sideways by this · sin θ.
NOSE_DEPTH = 0.43
# Bands of the reference's yaw (sine), and the roll beyond which look-at-camera is asked whatever the yaw.
BANDS = [("under 7°", 0.0, 0.12), ("7–15°", 0.12, 0.26), ("15–25°", 0.26, 0.42), ("over 25°", 0.42, 2.0)]
LEVEL_ROLL = 8.0


def ranks(values):
    _, inverse, counts = np.unique(np.asarray(values, dtype=float), return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + 1 + ends) / 2.0)[inverse]


def spearman(a, b):
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1]) if len(a) > 2 else None


def ours(path):
    """Each letterboxed photo's metrics and guidance, by file name (the benchmark's `fit` frames)."""
    photos = {}
    for line in json.load(open(path))["fit"].get("photos", []):
        name, score = line.split(" ")[:2]
        metrics = {key: float(value) for key, value in re.findall(r"([a-z0-9-]+)=(-?[0-9.]+)", line)}
        photos[name] = {"score": int(score), "metrics": metrics, "look_at_camera": "look-at-camera" in line}
    return photos


def reference(detector, path):
    """About the sine of the yaw from YuNet's landmarks (positive: the nose towards the image's right), or None."""
    image = cv2.imread(path)
    if image is None:
        return None
    height, width = image.shape[:2]
    scale = min(1.0, 960.0 / max(height, width))
    if scale < 1:
        image = cv2.resize(image, (int(width * scale), int(height * scale)), interpolation=cv2.INTER_AREA)
    detector.setInputSize((image.shape[1], image.shape[0]))
    _, faces = detector.detect(image)
    if faces is None or len(faces) == 0:
        return None
    face = max(faces, key=lambda f: f[2] * f[3])
    eyes = sorted([face[4:6], face[6:8]], key=lambda p: p[0])
    nose = face[8:10]
    midpoint = (eyes[0] + eyes[1]) / 2
    distance = float(np.linalg.norm(eyes[1] - eyes[0]))
    if distance <= 0:
        return None
    along = (eyes[1] - eyes[0]) / distance
    return float(np.dot(nose - midpoint, along) / distance / NOSE_DEPTH)


def main(folder, ours_path, model):
    detector = cv2.FaceDetectorYN.create(model, "", (320, 320), 0.6)
    photos = ours(ours_path)
    rows = []
    for name, found in sorted(photos.items()):
        yaw = found["metrics"].get("face-feature-offset")
        if yaw is None:
            continue
        truth = reference(detector, os.path.join(folder, name))
        if truth is None:
            continue
        rows.append((name, truth, yaw, found["look_at_camera"], abs(found["metrics"].get("face-roll", 0.0))))
    truth = np.array([r[1] for r in rows])
    estimate = np.array([r[2] for r in rows])
    bands = {}
    for label, low, high in BANDS:
        chosen = [r for r in rows if low <= abs(r[1]) < high and r[4] <= LEVEL_ROLL]
        bands[label] = {"faces": len(chosen), "look_at_camera": sum(r[3] for r in chosen)}
    result = {
        "photos": len(photos),
        "faces_with_both": len(rows),
        "spearman_yaw": None if len(rows) < 3 else round(spearman(truth, estimate), 3),
        "median_abs_difference": None if not rows else round(float(np.median(np.abs(truth - estimate))), 3),
        "look_at_camera_by_reference_yaw": bands,
        "each": [f"{r[0]} reference {r[1]:+.2f} ours {r[2]:+.2f}{' look-at-camera' if r[3] else ''}" for r in rows],
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
