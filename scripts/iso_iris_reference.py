"""ISO/IEC 29794-6's iris measures that need no segmentation, written from the standard's formulas in numpy: the
reference our `sharpness` and `greyscale-utilisation` are checked against (IrisISOReferenceTests runs this file;
scripts/iris-check imports it).

6.2.10 sharpness: the 9×9 kernel F centred on every 4th row and column (the window inside the image), the power
Σ response² / (width · height), 100 · power² / (power² + c²) with c = 180 000. BIQT-Iris (and its PyPI port
iris-iqm) instead adds a row's responses and squares the sum: `row_sum_sharpness`. 6.2.5 greyscale utilisation:
the entropy of the grey-level histogram in bits.

  python iso_iris_reference.py IMAGE...   one JSON object: file name → the three measures
"""
import json
import sys

import numpy as np
from PIL import Image

F = np.array([[0, 1, 1, 2, 2, 2, 1, 1, 0], [1, 2, 4, 5, 5, 5, 4, 2, 1], [1, 4, 5, 3, 0, 3, 5, 4, 1],
              [2, 5, 3, -12, -24, -12, 3, 5, 2], [2, 5, 0, -24, -40, -24, 0, 5, 2], [2, 5, 3, -12, -24, -12, 3, 5, 2],
              [1, 4, 5, 3, 0, 3, 5, 4, 1], [1, 2, 4, 5, 5, 5, 4, 2, 1], [0, 1, 1, 2, 2, 2, 1, 1, 0]], dtype=np.int64)
C = 180000.0


def responses(image):
    h, w = image.shape
    ys, xs = np.arange(4, h - 4, 4), np.arange(4, w - 4, 4)
    out = np.zeros((len(ys), len(xs)), dtype=np.int64)
    for i in range(9):
        for j in range(9):
            out += F[i, j] * image[np.ix_(ys - 4 + i, xs - 4 + j)]
    return out


def normalise(power):
    return 100.0 * power * power / (power * power + C * C)


def measures(image):
    """The three measures of an 8-bit grey image given as an int64 array."""
    h, w = image.shape
    r = responses(image).astype(np.float64)
    counts = np.bincount(image.ravel(), minlength=256).astype(np.float64)
    p = counts[counts > 0] / counts.sum()
    return {
        "sharpness": normalise(float((r ** 2).sum()) / (w * h)),
        "row_sum_sharpness": normalise(float((r.sum(axis=1) ** 2).sum()) / (w * h)),
        "greyscale_utilisation": float(-(p * np.log2(p)).sum()),
    }


if __name__ == "__main__":
    result = {}
    for path in sys.argv[1:]:
        result[path.split("/")[-1]] = measures(np.asarray(Image.open(path).convert("L"), dtype=np.int64))
    print(json.dumps(result))
