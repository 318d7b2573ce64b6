"""The Python half of scripts/finger-check: NIST NFIQ 2.3 beside our finger score on fingerprints of any sensor.

  finger_check.py stage SOURCE WORK       images of SOURCE (one subdirectory per sensor, or the images themselves)
                                          as 8-bit grey PGM under WORK/fingerprints/SENSOR/, with NFIQ 2.3's score
                                          of each in WORK/fingerprints/nfiq2.csv (the layout of shared/data)
  finger_check.py compare FEATURES.csv    Spearman of our score against NFIQ 2 per sensor and pooled (JSON)
  finger_check.py ceiling FEATURES.csv NATIVE.csv
                                          how far a model fitted on some sensors ranks others like NFIQ 2, with our
                                          metrics and with NFIQ 2's own native features (NATIVE.csv, written by stage)
                                          side by side, a linear model and a random forest each (JSON; needs
                                          scikit-learn). Tells whether a shortfall is our features' or the data's.
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
    native_rows = []
    native_names = None
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
                    quality = extractor.extract_minutiae(handle.read()).quality()
                score = quality.score
                # NFIQ 2's native features (the inputs of its random forest), for `ceiling`.
                if native_names is None:
                    native_names = [value.name for value in quality.features]
                if [value.name for value in quality.features] == native_names:
                    native_rows.append([f"{sensor}/{os.path.basename(target)}", sensor, str(score)]
                                       + [repr(float(value.value)) for value in quality.features])
            except Exception:  # NFIQ 2 refuses images with too little foreground: no reference score
                score = ""
            rows.append(f"{sensor}/{os.path.basename(target)},{image.width},{image.height},{score}")
    with open(os.path.join(root, "nfiq2.csv"), "w") as handle:
        handle.write("\n".join(rows) + "\n")
    if native_names:
        with open(os.path.join(work, "nfiq2-native.csv"), "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "database", "nfiq2"] + native_names)
            writer.writerows(native_rows)
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


# Our metrics a model may use: everything `biocap-bench --dump-finger-features` prints but the identity columns, the
# shipped score and where the finger lies in the frame.
NOT_FEATURES = {"file", "database", "nfiq2", "score", "foreground-centre-offset", "foreground-coverage"}


def feature_table(path):
    """(names, X, NFIQ 2 score, sensor, file) of the images NFIQ 2 scored."""
    with open(path) as handle:
        rows = [r for r in csv.DictReader(handle) if r["nfiq2"] not in ("", "nan")]
    names = [k for k in rows[0] if k not in NOT_FEATURES]
    matrix = np.array([[float(r[k]) if r[k] not in ("", "nan") else np.nan for k in names] for r in rows])
    return (names, np.nan_to_num(matrix), np.array([float(r["nfiq2"]) for r in rows]),
            np.array([r["database"] for r in rows]), [r["file"] for r in rows])


def ceiling(features, native):
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    models = {
        "linear": lambda: make_pipeline(StandardScaler(), RidgeCV(alphas=np.logspace(-2, 3, 20))),
        "forest": lambda: RandomForestRegressor(n_estimators=300, min_samples_leaf=3, max_features=0.33,
                                                n_jobs=-1, random_state=0),
    }
    ours = feature_table(features)
    theirs = feature_table(native)
    # The same images in both (NFIQ 2 scored them all; our dump may hold more).
    common = sorted(set(ours[4]) & set(theirs[4]))
    tables = {}
    for label, (names, matrix, target, sensor, files) in (("ours", ours), ("nfiq2_native", theirs)):
        index = {f: i for i, f in enumerate(files)}
        rows = [index[f] for f in common]
        tables[label] = (names, matrix[rows], target[rows], sensor[rows])
    sensors = sorted(set(tables["ours"][3]))
    reference = [s for s in sensors if s.startswith("fvc2000")]

    def fit_and_rank(label, model, train, test):
        _, matrix, target, sensor = tables[label]
        fitted = models[model]().fit(matrix[np.isin(sensor, train)], target[np.isin(sensor, train)])
        held = sensor == test
        return spearman(fitted.predict(matrix[held]), target[held])

    result = {"images": len(common), "sensors": {s: int((tables["ours"][3] == s).sum()) for s in sensors},
              "features": {label: len(tables[label][0]) for label in tables}}
    for label in tables:
        for model in models:
            entry = {}
            if len(reference) > 1:
                # Goal 3's criterion: fitted on the other FVC2000 databases, ranking the one left out.
                entry["fvc2000_leave_one_out"] = {
                    t: fit_and_rank(label, model, [r for r in reference if r != t], t) for t in reference}
            others = [s for s in sensors if s not in reference]
            if reference and others:
                # What `shared/` alone can teach: fitted on FVC2000, ranking sensors it has never seen.
                entry["fitted_on_fvc2000"] = {t: fit_and_rank(label, model, reference, t) for t in others}
            if others and len(sensors) > 2:  # (FVC2000 alone: the same as fvc2000_leave_one_out)
                entry["leave_one_sensor_out"] = {
                    t: fit_and_rank(label, model, [s for s in sensors if s != t], t) for t in sensors}
            result[f"{label}_{model}"] = entry
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "stage":
        stage(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "compare":
        compare(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "ceiling":
        ceiling(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
