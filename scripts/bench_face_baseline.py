#!/usr/bin/env python3
"""OpenCV's own Haar face detector on the frames biocap-bench scores, one core: the face baseline.

Runs in a venv with OpenCV 4 (opencv-python-headless<5: OpenCV 5 no longer ships CascadeClassifier in
its main modules) and reads the same cascade file biocap does (Debian's opencv-data). On the 720p
camera frames written by `biocap-bench --write-camera-frames DIR`:
  default - detectMultiScale on the whole 1280x720 grey frame, scaleFactor 1.1, minNeighbors 3,
            minSize 90 px (the usual call; 90 px = 1/8 of the height, our smallest face);
  recipe  - our recipe: the frame shrunk to 320x180 (INTER_AREA), scaleFactor 1.2, minNeighbors 3,
            minSize 22 px, boxes scaled back.
Each with the MJPEG decode (cv2.imdecode to grey) timed apart. Also detection on the real photos
(recipe at each photo's size) and false detections on frames without a face. Prints one JSON object.
"""
import argparse
import glob
import json
import os
import statistics
import time

import cv2
import numpy as np

CASCADE = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml"


def medians(function, repeats):
    function()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.thread_time()
        function()
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.thread_time() - start_cpu) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def recipe(cascade, grey):
    height, width = grey.shape
    shrink = max(1, round(max(width, height) / 320))
    small = cv2.resize(grey, (width // shrink, height // shrink), interpolation=cv2.INTER_AREA)
    smallest = int(small.shape[0] * 0.125)
    found = cascade.detectMultiScale(small, scaleFactor=1.2, minNeighbors=3, minSize=(smallest, smallest))
    return [[int(v * shrink) for v in box] for box in found]


def default(cascade, grey):
    smallest = grey.shape[0] // 8
    found = cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=3, minSize=(smallest, smallest))
    return [[int(v) for v in box] for box in found]


def largest(boxes):
    return max(boxes, key=lambda box: box[2] * box[3]) if boxes else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--frames", required=True, help="directory of 720p frames from biocap-bench --write-camera-frames")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    cascade = cv2.CascadeClassifier(CASCADE)
    if cascade.empty():
        print(json.dumps({"error": f"cannot load {CASCADE}"}))
        return

    frames = sorted(glob.glob(os.path.join(args.frames, "frame*.jpg")))
    timings = {"decode": [], "default": [], "recipe": []}
    boxes = []
    for index, path in enumerate(frames):
        data = np.fromfile(path, dtype=np.uint8)
        grey = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
        timings["decode"].append(medians(lambda: cv2.imdecode(data, cv2.IMREAD_GRAYSCALE), args.repeats))
        timings["default"].append(medians(lambda: default(cascade, grey), args.repeats))
        timings["recipe"].append(medians(lambda: recipe(cascade, grey), args.repeats))
        boxes.append({"frame": index, "default": largest(default(cascade, grey)), "recipe": largest(recipe(cascade, grey))})

    def summary(key):
        values = timings[key]
        return {"ms": round(statistics.median(v[0] for v in values), 3),
                "cpu_ms": round(statistics.median(v[1] for v in values), 3)} if values else {}

    photos = [cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in sorted(glob.glob(os.path.join(args.data, "face/photos/*.jpg")))]
    photos = [p for p in photos if p is not None]
    photos_found = sum(1 for p in photos if recipe(cascade, p))

    non_faces = [cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in sorted(glob.glob(os.path.join(args.data, "fingerprints/*/*.pgm")))[::10]]
    non_faces += [cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in sorted(glob.glob(os.path.join(args.data, "iris/casia1/*.pgm")))[::5]]
    rng = np.random.default_rng(7)
    non_faces += [np.full((720, 1280), 128, np.uint8), np.zeros((720, 1280), np.uint8),
                  rng.integers(0, 256, (720, 1280), dtype=np.uint8)]
    false_detections = sum(1 for image in non_faces if recipe(cascade, image))

    print(json.dumps({
        "opencv_version": cv2.__version__, "cascade": CASCADE, "frames_720p": len(frames),
        "decode_720p_grey": summary("decode"),
        "detect_720p_default": summary("default"),
        "detect_720p_recipe": summary("recipe"),
        "boxes_720p": boxes,
        "photos": len(photos), "photos_found": photos_found,
        "non_face_frames": len(non_faces), "non_face_frames_with_a_face": false_detections,
    }, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
