#!/usr/bin/env python3
"""Fits the finger score (FingerScoreModel.swift) to NIST NFIQ 2.3 on the FVC2000 images.

Input: the CSV printed by `biocap-bench --dump-finger-features` (one row per image: file, database,
NFIQ 2 score, our metrics). Model: ridge-regularised least squares on ~10 transformed features,
each clamped to the range seen in the data (so images unlike the training set cannot push a
feature's contribution beyond what was fitted). Reports Spearman in-sample, leave-one-database-out
and 10-fold cross-validated, and writes the constants as Swift.

    .build/release/biocap-bench --dump-finger-features > /tmp/finger-features.csv
    python3 scripts/fit-finger-quality.py /tmp/finger-features.csv --swift Sources/BiocapQuality/FingerScoreModel.swift
"""
import argparse
import csv
import math
import sys

import numpy as np

# (metric column, Swift property, transform). log: contributions follow ratios (contrast, area, sharpness).
FEATURES = [
    ("foreground-area", "area", "log"),
    ("contrast", "contrast", "log"),
    ("sharpness", "sharpness", "log"),
    ("orientation-certainty", "certainty", "identity"),
    ("orientation-flow", "flow", "identity"),
    ("ridge-period", "period", "identity"),
    ("ridge-period-spread", "periodSpread", "identity"),
    ("ridge-clarity", "clarity", "identity"),
    ("unclear-share", "unclearShare", "identity"),
    ("mean-grey", "meanGrey", "identity"),
    ("grey-spread", "greySpread", "identity"),
    ("clear-area", "clearArea", "log1p"),
    ("uncertain-share", "uncertainShare", "identity"),
    ("flow-break-share", "flowBreakShare", "identity"),
    ("ridge-noise", "noise", "log"),
    ("ridge-share", "ridgeShare", "identity"),
    ("ridge-share-spread", "ridgeShareSpread", "identity"),
]
RIDGE = 1.0          # L2 penalty on standardised weights (in units of samples)
CLAMP_QUANTILES = (0.01, 0.99)
PLACEMENT = (0.8, 0.4)  # FingerQuality.offCentre (poor, good): the penalty applied after the model


def transform(kind, values):
    if kind == "log":
        return np.log(np.maximum(values, 1e-6))
    if kind == "log1p":
        return np.log1p(np.maximum(values, 0))
    return values


def spearman(a, b):
    def ranks(v):
        order = np.argsort(v, kind="mergesort")
        r = np.empty(len(v))
        sv = np.asarray(v)[order]
        i = 0
        while i < len(v):
            j = i
            while j + 1 < len(v) and sv[j + 1] == sv[i]:
                j += 1
            r[order[i:j + 1]] = (i + j) / 2 + 1
            i = j + 1
        return r
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def fit(x, y, ridge=RIDGE):
    """Returns (lo, hi, mean, std, weights, intercept) for standardised ridge regression."""
    lo = np.quantile(x, CLAMP_QUANTILES[0], axis=0)
    hi = np.quantile(x, CLAMP_QUANTILES[1], axis=0)
    xc = np.clip(x, lo, hi)
    mean, std = xc.mean(axis=0), xc.std(axis=0) + 1e-12
    z = (xc - mean) / std
    a = z.T @ z + ridge * np.eye(z.shape[1])
    w = np.linalg.solve(a, z.T @ (y - y.mean()))
    return lo, hi, mean, std, w, y.mean()


def predict(model, x):
    lo, hi, mean, std, w, b = model
    return np.clip(((np.clip(x, lo, hi) - mean) / std) @ w + b, 0, 100)


def placement(offset):
    poor, good = PLACEMENT
    t = np.clip((offset - poor) / (good - poor), 0, 1)
    return 0.3 + 0.7 * t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features", help="CSV from biocap-bench --dump-finger-features")
    parser.add_argument("--swift", help="write the fitted model as this Swift file")
    args = parser.parse_args()

    with open(args.features) as handle:
        rows = [r for r in csv.DictReader(handle)]
    usable = [r for r in rows if r["nfiq2"] and r["foreground-area"] and float(r["foreground-area"]) > 0]
    skipped = len(rows) - len(usable)
    y = np.array([float(r["nfiq2"]) for r in usable])
    x = np.column_stack([transform(kind, np.array([float(r[col]) for r in usable])) for col, _, kind in FEATURES])
    databases = np.array([r["database"] for r in usable])
    offsets = np.array([float(r["foreground-centre-offset"] or 0) for r in usable])

    print(f"{len(usable)} images fitted, {skipped} without an NFIQ 2 score or foreground", file=sys.stderr)
    for i, (col, _, _) in enumerate(FEATURES):
        print(f"  feature {col:24s} Spearman vs NFIQ 2 {spearman(x[:, i], y):+.3f}", file=sys.stderr)

    model = fit(x, y)
    fitted = predict(model, x) * placement(offsets)
    report = {"in_sample": {"overall": spearman(fitted, y)}}
    for db in sorted(set(databases)):
        m = databases == db
        report["in_sample"][db] = spearman(fitted[m], y[m])

    # Leave one database (sensor) out: fit on two sensors, rank the third.
    lodo = np.zeros(len(y))
    report["leave_one_database_out"] = {}
    for db in sorted(set(databases)):
        m = databases == db
        held = predict(fit(x[~m], y[~m]), x[m]) * placement(offsets[m])
        lodo[m] = held
        report["leave_one_database_out"][db] = spearman(held, y[m])
    report["leave_one_database_out"]["pooled"] = spearman(lodo, y)

    # 10-fold, shuffled with a fixed seed, repeated 5 times.
    rng = np.random.default_rng(20261123)
    folds = []
    for _ in range(5):
        order = rng.permutation(len(y))
        cv = np.zeros(len(y))
        for k in range(10):
            test = order[k::10]
            train = np.setdiff1d(order, test)
            cv[test] = predict(fit(x[train], y[train]), x[test]) * placement(offsets[test])
        folds.append(spearman(cv, y))
    report["ten_fold"] = {"overall_mean": float(np.mean(folds)), "min": float(np.min(folds))}

    import json
    print(json.dumps(report, indent=2))
    if args.swift:
        write_swift(args.swift, model, report, len(usable))


def write_swift(path, model, report, count):
    lo, hi, mean, std, w, b = model
    raw = w / std                       # weight per unit of the transformed feature
    intercept = b - float(np.sum(raw * mean))
    lines = []
    for i, (col, prop, kind) in enumerate(FEATURES):
        value = {"log": f"log(max(features.{prop}, 1e-6))", "log1p": f"log1p(max(features.{prop}, 0))"}.get(
            kind, f"features.{prop}")
        lines.append(f"        // {col}: standardised weight {w[i]:+.2f}\n"
                     f"        z += {raw[i]:+.6f} * clamp({value}, {lo[i]:.6f}, {hi[i]:.6f})")
    ins, lodo, tenfold = report["in_sample"], report["leave_one_database_out"], report["ten_fold"]
    text = f'''import Foundation

/// The finger score: a linear model of `FingerFeatures`, fitted by `scripts/fit-finger-quality.py`
/// against NIST NFIQ 2.3 on {count} FVC2000 images (DB1–DB3, three sensors). Do not edit by hand:
/// rerun the script (docs/quality.md).
///
/// Each feature (log-transformed where noted) is clamped to the 1st–99th percentile of the training
/// images, so an image unlike them cannot push one feature's contribution beyond what was fitted;
/// the sum is clamped to 0…100. Standardised weights (per standard deviation of the feature) are in
/// the comments: they say how much each feature matters.
///
/// Spearman vs NFIQ 2 when fitted — in sample {ins["overall"]:.3f}; leave one database out {lodo["pooled"]:.3f}
/// (db1 {lodo["fvc2000-db1"]:.3f}, db2 {lodo["fvc2000-db2"]:.3f}, db3 {lodo["fvc2000-db3"]:.3f}); 10-fold {tenfold["overall_mean"]:.3f}.
enum FingerScoreModel {{
    static func score(_ features: FingerFeatures) -> Double {{
        var z = {intercept:.6f}
{chr(10).join(lines)}
        return min(100, max(0, z))
    }}

    @inline(__always)
    private static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {{
        value.isFinite ? min(high, max(low, value)) : low
    }}
}}
'''
    with open(path, "w") as handle:
        handle.write(text)
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
