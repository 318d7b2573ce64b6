#!/usr/bin/env python3
"""Fits the finger score (FingerScoreModel.swift) to NIST NFIQ 2.3 on the FVC2000 images.

Input: the CSV printed by `biocap-bench --dump-finger-features` (one row per image: file, database,
NFIQ 2 score, our metrics). Model: ridge-regularised least squares on the standardised features
(each clamped to the 1st-99th percentile seen, so images unlike the training set cannot push a
feature's contribution beyond what was fitted), plus at most MAX_INTERACTIONS products of two
features chosen by greedy forward selection on 10-fold cross-validated Spearman. Reports Spearman
in sample, 10-fold cross-validated and leave-one-database-out, and writes the constants as Swift.

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
MAX_INTERACTIONS = 4  # products of two features the selection may add
MIN_GAIN = 0.005      # cross-validated Spearman an interaction must add to be kept
CLAMP_QUANTILES = (0.01, 0.99)
PLACEMENT = (0.8, 0.4)  # FingerQuality.offCentre (poor, good): the penalty applied after the model
# FingerQuality.validArea / validCertainty / validClarity: ramps to 0 outside the fitted range.
VALIDITY = {"foreground-area": (20.0, 140.0), "orientation-certainty": (0.1, 0.23), "ridge-clarity": (0.08, 0.22)}


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


def standardise(x):
    """Clamp to the 1st–99th percentile, then scale to zero mean and unit deviation."""
    lo = np.quantile(x, CLAMP_QUANTILES[0], axis=0)
    hi = np.quantile(x, CLAMP_QUANTILES[1], axis=0)
    xc = np.clip(x, lo, hi)
    mean, std = xc.mean(axis=0), xc.std(axis=0) + 1e-12
    return lo, hi, mean, std


def design(z, terms):
    """Columns for `terms`: an int is a feature, a pair (i, j) the product of two standardised features."""
    return np.column_stack([z[:, t] if isinstance(t, int) else z[:, t[0]] * z[:, t[1]] for t in terms])


def fit(z, y, terms, ridge=RIDGE):
    d = design(z, terms)
    w = np.linalg.solve(d.T @ d + ridge * np.eye(d.shape[1]), d.T @ (y - y.mean()))
    return w, float(y.mean())


def predict(model, z, terms):
    w, b = model
    return np.clip(design(z, terms) @ w + b, 0, 100)


def placement(offset, raw=None):
    """What FingerQuality applies after the model: the off-centre penalty and the validity ramps."""
    poor, good = PLACEMENT
    factor = 0.3 + 0.7 * np.clip((offset - poor) / (good - poor), 0, 1)
    if raw is not None:
        for column, (none, full) in VALIDITY.items():
            factor = factor * np.clip((raw[column] - none) / (full - none), 0, 1)
    return factor


def cross_validated(z, y, terms, repeats=3, seed=20261123):
    rng = np.random.default_rng(seed)
    results = []
    for _ in range(repeats):
        order = rng.permutation(len(y))
        out = np.zeros(len(y))
        for k in range(10):
            test = order[k::10]
            train = np.setdiff1d(order, test)
            out[test] = predict(fit(z[train], y[train], terms), z[test], terms)
        results.append(spearman(out, y))
    return float(np.mean(results)), float(np.min(results))


def select_terms(z, y):
    """Greedy forward selection by 10-fold cross-validated Spearman: every feature, then at most
    MAX_INTERACTIONS products of two features, each kept only if it gains at least MIN_GAIN."""
    terms = list(range(z.shape[1]))
    best = cross_validated(z, y, terms)[0]
    pairs = [(i, j) for i in range(z.shape[1]) for j in range(i + 1, z.shape[1])]
    for _ in range(MAX_INTERACTIONS):
        scored = [(cross_validated(z, y, terms + [p])[0], p) for p in pairs if p not in terms]
        value, pair = max(scored)
        if value < best + MIN_GAIN:
            break
        terms.append(pair)
        best = value
        print(f"  + interaction {FEATURES[pair[0]][0]} x {FEATURES[pair[1]][0]}: 10-fold {value:.3f}", file=sys.stderr)
    return terms


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
    raw = {column: np.array([float(r[column]) for r in usable]) for column in VALIDITY}

    print(f"{len(usable)} images fitted, {skipped} without an NFIQ 2 score or foreground", file=sys.stderr)
    for i, (col, _, _) in enumerate(FEATURES):
        print(f"  feature {col:24s} Spearman vs NFIQ 2 {spearman(x[:, i], y):+.3f}", file=sys.stderr)

    scaling = standardise(x)
    lo, hi, mean, std = scaling
    z = (np.clip(x, lo, hi) - mean) / std
    terms = select_terms(z, y)
    model = fit(z, y, terms)
    fitted = predict(model, z, terms) * placement(offsets, raw)
    report = {"terms": len(terms), "in_sample": {"overall": spearman(fitted, y)}}
    for db in sorted(set(databases)):
        m = databases == db
        report["in_sample"][db] = spearman(fitted[m], y[m])

    # Leave one database (sensor) out: fit on two sensors, rank the third (terms as selected on all).
    lodo = np.zeros(len(y))
    report["leave_one_database_out"] = {}
    for db in sorted(set(databases)):
        m = databases == db
        held = predict(fit(z[~m], y[~m], terms), z[m], terms) * placement(offsets[m], {k: v[m] for k, v in raw.items()})
        lodo[m] = held
        report["leave_one_database_out"][db] = spearman(held, y[m])
    report["leave_one_database_out"]["pooled"] = spearman(lodo, y)
    mean_cv, min_cv = cross_validated(z, y, terms, repeats=5)
    report["ten_fold"] = {"overall_mean": mean_cv, "min": min_cv}
    linear_only = cross_validated(z, y, list(range(z.shape[1])), repeats=5)[0]
    report["ten_fold_features_only"] = linear_only

    import json
    print(json.dumps(report, indent=2))
    if args.swift:
        write_swift(args.swift, scaling, terms, model, report, len(usable))


def write_swift(path, scaling, terms, model, report, count):
    lo, hi, mean, std = scaling
    w, intercept = model
    lines = []
    for i, (col, prop, kind) in enumerate(FEATURES):
        value = {"log": f"log(max(features.{prop}, 1e-6))", "log1p": f"log1p(max(features.{prop}, 0))"}.get(
            kind, f"features.{prop}")
        lines.append(f"        let {prop} = standardised({value}, {lo[i]:.6g}, {hi[i]:.6g}, mean: {mean[i]:.6g}, deviation: {std[i]:.6g})")
    lines.append(f"        var z = {intercept:.4f}")
    for weight, term in zip(w, terms):
        if isinstance(term, int):
            lines.append(f"        z += {weight:+.4f} * {FEATURES[term][1]}")
        else:
            lines.append(f"        z += {weight:+.4f} * {FEATURES[term[0]][1]} * {FEATURES[term[1]][1]}")
    ins, lodo, tenfold = report["in_sample"], report["leave_one_database_out"], report["ten_fold"]
    text = f'''import Foundation

/// The finger score: a linear model of `FingerFeatures` (plus a few products of two features),
/// fitted by `scripts/fit-finger-quality.py` against NIST NFIQ 2.3 on {count} FVC2000 images
/// (DB1–DB3, three sensors). Generated: do not edit by hand, rerun the script (docs/quality.md).
///
/// Each feature (log-transformed where noted) is clamped to the 1st–99th percentile of the training
/// images and standardised (zero mean, unit deviation over them), so an image unlike them cannot push
/// a feature's contribution beyond what was fitted, and each weight is in score points per standard
/// deviation: it says how much that feature matters. The intercept is the mean NFIQ 2 score of the
/// training set; the sum is clamped to 0…100.
///
/// Spearman vs NFIQ 2 when fitted: in sample {ins["overall"]:.3f} (db1 {ins["fvc2000-db1"]:.3f}, db2 {ins["fvc2000-db2"]:.3f}, db3 {ins["fvc2000-db3"]:.3f});
/// 10-fold cross-validated {tenfold["overall_mean"]:.3f}; leave one database out {lodo["pooled"]:.3f}
/// (db1 {lodo["fvc2000-db1"]:.3f}, db2 {lodo["fvc2000-db2"]:.3f}, db3 {lodo["fvc2000-db3"]:.3f}).
enum FingerScoreModel {{
    static func score(_ features: FingerFeatures) -> Double {{
{chr(10).join(lines)}
        return min(100, max(0, z))
    }}

    @inline(__always)
    private static func standardised(
        _ value: Double, _ low: Double, _ high: Double, mean: Double, deviation: Double
    ) -> Double {{
        ((value.isFinite ? min(high, max(low, value)) : low) - mean) / deviation
    }}
}}
'''
    with open(path, "w") as handle:
        handle.write(text)
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
