"""The Python half of scripts/iris-check (run with .build/iris-iqm-venv's python).

  iris_check.py convert SRC DST        every image PIL reads in SRC, as 8-bit grey PGM in DST
  iris_check.py compare PGM OURS.json  BIQT-Iris's port and the standard's formulas on PGM's eyes, beside ours
"""
import json
import os
import sys

import numpy as np
from PIL import Image

from iso_iris_reference import measures as iso_measures

# Our metric, BIQT-Iris's column (iris-iqm's names), and whether the two should rise together.
PAIRS = [
    ("score", "iso_overall_quality", 1), ("score", "overall_quality", 1),
    ("sharpness", "iso_sharpness", 1), ("iris-pupil-contrast", "iso_iris_pupil_contrast", 1),
    ("iris-sclera-contrast", "iso_iris_sclera_contrast", 1), ("usable-iris-area", "usable_iris_area_percent", 1),
    ("iris-diameter", "iris_diameter", 1), ("pupil-iris-ratio", "iris_pupil_ratio", 1),
    ("greyscale-utilisation", "iso_greyscale_utilization", 1),
    ("pupil-circularity", "iso_pupil_boundary_circularity", 1),
    ("iris-pupil-concentricity", "iso_iris_pupil_concentricity", -1),
]


def convert(source, target):
    os.makedirs(target, exist_ok=True)
    for name in sorted(os.listdir(source)):
        try:
            image = Image.open(os.path.join(source, name))
            image.load()
        except Exception:
            continue
        image.convert("L").save(os.path.join(target, os.path.splitext(name)[0] + ".pgm"))


def ranks(values):
    """Ranks from 1, ties given their mean rank."""
    _, inverse, counts = np.unique(np.asarray(values, dtype=float), return_inverse=True, return_counts=True)
    last = np.cumsum(counts)
    return (last - (counts - 1) / 2.0)[inverse]


def spearman(a, b):
    if len(a) < 3:
        return None
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return None
    return round(float(np.corrcoef(ra, rb)[0, 1]), 3)


def compare(directory, ours_path):
    import iris_iqm

    with open(ours_path) as handle:
        ours = json.load(handle)
    per_eye = ours.pop("per_eye")
    rows = []
    for name in sorted(per_eye):
        image = np.asarray(Image.open(os.path.join(directory, name)), dtype=np.int64)
        biqt = iris_iqm.evaluate_array(image.astype(np.uint8)).to_dict()
        rows.append((name, per_eye[name], biqt, iso_measures(image)))

    found = [row for row in rows if row[1]["metrics"].get("iris-found") == 1 and row[2].get("error_code") == 0]
    plausible = [row for row in found if row[2]["iris_diameter"] > 0
                 and abs(row[2]["iris_diameter"] - row[1]["metrics"]["iris-diameter"])
                 <= 0.15 * row[1]["metrics"]["iris-diameter"]]
    agreement = {}
    for mine, theirs, sign in PAIRS:
        for label, subset in (("all", found), ("biqt_plausible", plausible)):
            pairs = [(row[1]["metrics"][mine] if mine != "score" else row[1]["score"], row[2][theirs])
                     for row in subset if (mine == "score" or mine in row[1]["metrics"]) and theirs in row[2]]
            value = spearman([p[0] for p in pairs], [p[1] for p in pairs])
            agreement.setdefault(f"{mine} / {theirs}", {})[label] = None if value is None else value * sign
    formula = {
        "sharpness_max_difference": max((abs(row[1]["metrics"]["sharpness"] - row[3]["sharpness"]) for row in found),
                                        default=None),
        "greyscale_utilisation_max_difference": max(
            (abs(row[1]["metrics"]["greyscale-utilisation"] - row[3]["greyscale_utilisation"]) for row in found),
            default=None),
        "biqt_sharpness_vs_row_sum_max_difference": max(
            (abs(row[2]["iso_sharpness"] - row[3]["row_sum_sharpness"]) for row in found), default=None),
        "biqt_sharpness_vs_standard_spearman": spearman([row[2]["iso_sharpness"] for row in found],
                                                        [row[3]["sharpness"] for row in found]),
    }
    diameter_errors = sorted(abs(row[1]["metrics"]["iris-diameter"] - row[2]["iris_diameter"])
                             / max(1, row[2]["iris_diameter"]) for row in found)
    result = {
        "ours": ours,
        "biqt": {
            "scored": sum(1 for row in rows if row[2].get("error_code") == 0),
            "compared": len(found), "plausible_circle": len(plausible),
            "median_relative_iris_diameter_difference":
                round(diameter_errors[len(diameter_errors) // 2], 3) if diameter_errors else None,
        },
        "spearman_ours_vs_biqt": agreement,
        "iso_formulas": {key: (round(value, 9) if isinstance(value, float) else value) for key, value in formula.items()},
        "per_eye": [
            {"file": row[0], "score": row[1]["score"], "guidance": row[1]["guidance"],
             "sharpness": row[1]["metrics"].get("sharpness"), "iso_sharpness_formula": round(row[3]["sharpness"], 3),
             "biqt_iso_sharpness": round(row[2].get("iso_sharpness", 0), 3),
             "iris_diameter": row[1]["metrics"].get("iris-diameter"), "biqt_iris_diameter": row[2].get("iris_diameter"),
             "blurred": row[1]["blurred"], "squeezed": row[1]["squeezed"]}
            for row in rows
        ],
    }
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "convert":
        convert(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
