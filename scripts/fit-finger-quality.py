#!/usr/bin/env python3
"""Fits the finger score (FingerScoreModel.swift) to NIST NFIQ 2.3 on the FVC2000 images.

Input: the CSV printed by `biocap-bench --dump-finger-features` (one row per image: file, database,
NFIQ 2 score, our metrics). Model: ridge-regularised least squares on a few standardised features
(each clamped to the 1st-99th percentile of the training images, so an image unlike them cannot push a
feature's contribution beyond what was fitted). No products of features.

Features are chosen by greedy forward selection from CANDIDATES (each with the sign its meaning
demands; a feature whose fitted weight takes the other sign is refused). The selection criterion is
leave-one-database-out: fit on the other sensors, rank the held-out sensor's images, Spearman per
held-out sensor; the criterion is the mean plus the worst of them. A sensor the model has not seen is
the case that matters in the field.

Figures reported:
- in sample (the shipped model on all images), overall and per database;
- leave one database out with the shipped features: scaling and weights fitted without the held-out
  database (its images influence only which features were chosen);
- nested leave one database out: the selection itself repeated without the held-out database (inner
  criterion: fit on one of the two remaining sensors, rank the other, both ways), so the held-out
  database influences nothing. This is the honest figure for an unseen sensor;
- 10-fold cross-validated Spearman over all images (5 shuffles).

    swift build -c release --product biocap-bench --scratch-path .build-release
    .build-release/release/biocap-bench --dump-finger-features > /tmp/finger-features.csv
    python3 scripts/fit-finger-quality.py /tmp/finger-features.csv --swift Sources/BiocapQuality/FingerScoreModel.swift --check
"""
import argparse
import csv
import json
import sys

import numpy as np

# (metric column, Swift property, transform, expected sign of the weight, why it matters to NFIQ 2).
CANDIDATES = [
    ("well-defined-share", "wellDefinedShare", "identity", +1,
     "share of the finger whose ridges are clear in every quadrant and of one orientation: where minutiae are found and trusted"),
    ("quadrant-clarity", "quadrantClarity", "identity", +1,
     "ridge-valley clarity at half-block scale (LCS): creases, scars, dry or wet patches lower it"),
    ("frequency-dominance", "frequencyDominance", "identity", +1,
     "how much of the ridge profile is one sinusoid at the ridge frequency (FDA)"),
    ("orientation-certainty", "certainty", "identity", +1,
     "how strongly gradients share one direction (OCL)"),
    ("unclear-share", "unclearShare", "identity", -1,
     "share of the finger whose ridges cannot be resolved"),
    ("foreground-area", "area", "log", +1,
     "contact area: more ridges, more minutiae (ROI)"),
    ("ridge-period", "period", "identity", -1,
     "ridge spacing: finer ridges carry more minutiae per area"),
    ("ridge-period-spread", "periodSpread", "identity", -1,
     "ridge spacing inconsistent across the finger: distortion, smears, noise read as ridges"),
    ("grey-spread", "greySpread", "identity", -1,
     "uneven pressure or moisture across the finger (block-mean spread, NFIQ 2's MMB/Mu)"),
    ("flow-break-share", "flowBreakShare", "identity", -1,
     "orientation breaks between neighbouring blocks (OFL)"),
    ("ridge-noise", "noise", "log", -1,
     "fine-grained energy beyond what clean ridges give: pores, dust, broken ridges"),
    ("ridge-share-spread", "ridgeShareSpread", "identity", -1,
     "ridge-to-valley width varying across the finger (RVU)"),
    ("contrast", "contrast", "log", +1,
     "ridge-valley grey-level contrast: faint prints lose minutiae"),
    ("sharpness", "sharpness", "log", +1,
     "gradient strength: blur and motion soften ridge edges"),
    ("clear-area", "clearArea", "log1p", +1,
     "area of clear ridges, mm²: room for reliable minutiae"),
    ("orientation-flow", "flow", "identity", -1,
     "mean orientation change between neighbouring blocks (OFL)"),
    # NFIQ 2's own local measures (RidgeValleyBlocks), its histogram bins grouped; counts of 1.6 mm blocks
    # (or of width ratios), so they carry the finger's area as NFIQ 2's raw bin counts do.
    ("weak-frequency-blocks", "ridgeValley.weakFrequencyBlocks", "identity", -1,
     "blocks whose ridge profile is barely periodic (FDA below 0.33)"),
    ("moderate-frequency-blocks", "ridgeValley.moderateFrequencyBlocks", "identity", +1,
     "blocks with a moderately dominant ridge frequency (FDA 0.33-0.44)"),
    ("strong-frequency-blocks", "ridgeValley.strongFrequencyBlocks", "identity", +1,
     "blocks whose ridge profile is nearly one sinusoid (FDA 0.44-1)"),
    ("no-frequency-blocks", "ridgeValley.noFrequencyBlocks", "identity", -1,
     "blocks without a ridge frequency (FDA 1: the strongest component is the lowest or highest)"),
    ("unclear-ridge-blocks", "ridgeValley.unclearRidgeBlocks", "identity", -1,
     "blocks whose ridges and valleys cannot be told apart (LCS below 0.70)"),
    ("fair-ridge-blocks", "ridgeValley.fairRidgeBlocks", "identity", -1,
     "blocks of only fair ridge-valley clarity (LCS 0.70-0.79)"),
    ("clear-ridge-blocks", "ridgeValley.clearRidgeBlocks", "identity", +1,
     "blocks of clear ridges (LCS 0.79-0.85)"),
    ("very-clear-ridge-blocks", "ridgeValley.veryClearRidgeBlocks", "identity", +1,
     "blocks of very clear ridges (LCS 0.85 and above)"),
    ("narrow-width-ratios", "ridgeValley.narrowWidthRatios", "identity", -1,
     "neighbouring ridge/valley width ratios below 0.8 (RVU)"),
    ("even-width-ratios", "ridgeValley.evenWidthRatios", "identity", +1,
     "ridges as wide as their valleys, ratios 0.8-1.25 (RVU)"),
    ("wide-width-ratios", "ridgeValley.wideWidthRatios", "identity", +1,
     "width ratios 1.25-2 (RVU): measured ridge structure, moderately uneven"),
    ("extreme-width-ratios", "ridgeValley.extremeWidthRatios", "identity", -1,
     "width ratios of 2 and above (RVU): merged or broken ridges"),
]
# Leave-one-database-out Spearman per held-out database the shipped model must keep (--check): just
# under what docs/quality.md reports. DB1 cannot reach the project's 0.75 (docs/quality.md says why).
LOO_FLOORS = {"fvc2000-db1": 0.43, "fvc2000-db2": 0.78, "fvc2000-db3": 0.85}
RIDGE = 1.0           # L2 penalty on standardised weights (in units of samples)
MAX_FEATURES = 8
POOLED_FLOOR = 0.86   # pooled in-sample Spearman below which the criterion pays (sensor levels matter too)
MIN_GAIN = 0.005      # criterion gain a feature must bring to be kept
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


def ranks(values):
    order = np.argsort(values, kind="mergesort")
    result = np.empty(len(values))
    ordered = np.asarray(values)[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and ordered[j + 1] == ordered[i]:
            j += 1
        result[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


class Model:
    """Clamp to the training quantiles, standardise on the training images, ridge regression."""

    def __init__(self, x, y, ridge=RIDGE):
        self.low = np.quantile(x, CLAMP_QUANTILES[0], axis=0)
        self.high = np.quantile(x, CLAMP_QUANTILES[1], axis=0)
        clamped = np.clip(x, self.low, self.high)
        self.mean, self.deviation = clamped.mean(axis=0), clamped.std(axis=0) + 1e-12
        z = (clamped - self.mean) / self.deviation
        self.weights = np.linalg.solve(z.T @ z + ridge * np.eye(z.shape[1]), z.T @ (y - y.mean()))
        self.intercept = float(y.mean())

    def predict(self, x):
        z = (np.clip(x, self.low, self.high) - self.mean) / self.deviation
        return np.clip(z @ self.weights + self.intercept, 0, 100)


def held_out(x, y, databases, columns, train_databases, test_database):
    train = np.isin(databases, train_databases)
    test = databases == test_database
    model = Model(x[train][:, columns], y[train])
    return spearman(model.predict(x[test][:, columns]), y[test]), model


def signs_ok(model, columns):
    return all(np.sign(w) == CANDIDATES[c][3] for w, c in zip(model.weights, columns))


def criterion(x, y, databases, columns, pool):
    """Mean plus worst Spearman over the held-out databases of `pool`, less twice any shortfall of the
    pooled in-sample Spearman under POOLED_FLOOR; None when a weight has the wrong sign."""
    train = np.isin(databases, pool)
    model = Model(x[train][:, columns], y[train])
    if not signs_ok(model, columns):
        return None
    pooled = spearman(model.predict(x[train][:, columns]), y[train])
    scores = []
    for test in pool:
        value, model = held_out(x, y, databases, columns, [d for d in pool if d != test], test)
        if not signs_ok(model, columns):
            return None
        scores.append(value)
    return float(np.mean(scores) + min(scores) - 2 * max(0.0, POOLED_FLOOR - pooled))


def select(x, y, databases, pool, log=None):
    chosen, best = [], -np.inf
    while len(chosen) < MAX_FEATURES:
        scored = []
        for c in range(x.shape[1]):
            if c in chosen:
                continue
            value = criterion(x, y, databases, chosen + [c], pool)
            if value is not None:
                scored.append((value, c))
        if not scored:
            break
        value, column = max(scored)
        if value < best + MIN_GAIN:
            break
        chosen.append(column)
        best = value
        if log:
            print(f"  + {CANDIDATES[column][0]}: criterion {value:.3f}", file=log)
    return chosen


def cross_validated(x, y, columns, repeats=5, seed=20261202):
    rng = np.random.default_rng(seed)
    results = []
    for _ in range(repeats):
        order = rng.permutation(len(y))
        out = np.zeros(len(y))
        for k in range(10):
            test = order[k::10]
            train = np.setdiff1d(order, test)
            out[test] = Model(x[train][:, columns], y[train]).predict(x[test][:, columns])
        results.append(spearman(out, y))
    return float(np.mean(results))


def after_model(offset, raw):
    """What FingerQuality applies after the model: the off-centre penalty and the validity ramps."""
    poor, good = PLACEMENT
    factor = 0.3 + 0.7 * np.clip((offset - poor) / (good - poor), 0, 1)
    for column, (none, full) in VALIDITY.items():
        factor = factor * np.clip((raw[column] - none) / (full - none), 0, 1)
    return factor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features", help="CSV from biocap-bench --dump-finger-features")
    parser.add_argument("--swift", help="write the fitted model as this Swift file")
    parser.add_argument("--check", action="store_true", help="fail when leave-one-database-out falls under LOO_FLOORS")
    args = parser.parse_args()

    with open(args.features) as handle:
        rows = [r for r in csv.DictReader(handle)]
    usable = [r for r in rows if r["nfiq2"] and r["foreground-area"] and float(r["foreground-area"]) > 0]
    y = np.array([float(r["nfiq2"]) for r in usable])
    x = np.column_stack([transform(kind, np.array([float(r[col]) for r in usable]))
                         for col, _, kind, _, _ in CANDIDATES])
    databases = np.array([r["database"] for r in usable])
    names = sorted(set(databases))
    offsets = np.array([float(r["foreground-centre-offset"] or 0) for r in usable])
    raw = {column: np.array([float(r[column]) for r in usable]) for column in VALIDITY}
    factor = after_model(offsets, raw)

    print(f"{len(usable)} images fitted, {len(rows) - len(usable)} without an NFIQ 2 score or foreground",
          file=sys.stderr)
    for i, (col, *_rest) in enumerate(CANDIDATES):
        per = " ".join(f"{spearmanr_db:+.3f}" for spearmanr_db in
                       (spearman(x[databases == d, i], y[databases == d]) for d in names))
        print(f"  {col:24s} Spearman vs NFIQ 2 per database {per}", file=sys.stderr)

    print("selection on all databases:", file=sys.stderr)
    columns = select(x, y, databases, names, log=sys.stderr)
    model = Model(x[:, columns], y)
    fitted = model.predict(x[:, columns]) * factor
    report = {"features": [CANDIDATES[c][0] for c in columns],
              "weights": [round(float(w), 3) for w in model.weights],
              "in_sample": {"overall": spearman(fitted, y)}}
    for d in names:
        m = databases == d
        report["in_sample"][d] = spearman(fitted[m], y[m])

    report["leave_one_database_out"] = {}
    report["nested_leave_one_database_out"] = {}
    for d in names:
        others = [o for o in names if o != d]
        m = databases == d
        held = Model(x[~m][:, columns], y[~m]).predict(x[m][:, columns]) * factor[m]
        report["leave_one_database_out"][d] = spearman(held, y[m])
        inner = select(x[~m], y[~m], databases[~m], others)
        held = Model(x[~m][:, inner], y[~m]).predict(x[m][:, inner]) * factor[m]
        report["nested_leave_one_database_out"][d] = {
            "spearman": spearman(held, y[m]), "features": [CANDIDATES[c][0] for c in inner]}
    report["ten_fold"] = cross_validated(x, y, columns)
    print(json.dumps(report, indent=2))
    if args.swift:
        write_swift(args.swift, model, columns, report, len(usable))
    if args.check:
        short = {d: v for d, v in report["leave_one_database_out"].items() if v < LOO_FLOORS.get(d, 0)}
        if short:
            print(f"leave-one-database-out under the floors: {short}", file=sys.stderr)
            sys.exit(1)


def write_swift(path, model, columns, report, count):
    lines = []
    for i, column in enumerate(columns):
        metric, prop, kind, _, why = CANDIDATES[column]
        value = {"log": f"log(max(features.{prop}, 1e-6))",
                 "log1p": f"log1p(max(features.{prop}, 0))"}.get(kind, f"features.{prop}")
        lines.append(f"        // {metric}: {why}.")
        lines.append(f"        z += {model.weights[i]:+.4f} * standardised({value}, {model.low[i]:.6g}, {model.high[i]:.6g}, "
                     f"mean: {model.mean[i]:.6g}, deviation: {model.deviation[i]:.6g})")
    ins, lodo = report["in_sample"], report["leave_one_database_out"]
    nested = report["nested_leave_one_database_out"]
    db = ["fvc2000-db1", "fvc2000-db2", "fvc2000-db3"]
    text = f'''import Foundation

/// The finger score: a linear model of {len(columns)} `FingerFeatures`, fitted by `scripts/fit-finger-quality.py`
/// against NIST NFIQ 2.3 on {count} FVC2000 images (DB1–DB3 set B, three sensors; reference scores in
/// `shared/data/fingerprints/nfiq2.csv`). Generated: do not edit by hand; rerun the script (docs/quality.md):
///
///     .build-release/release/biocap-bench --dump-finger-features > /tmp/finger-features.csv
///     python3 scripts/fit-finger-quality.py /tmp/finger-features.csv --swift Sources/BiocapQuality/FingerScoreModel.swift
///
/// Method: features chosen by greedy forward selection on leave-one-database-out Spearman (fit on two
/// sensors, rank the third; each weight must keep the sign its meaning demands), ridge regression (penalty
/// {RIDGE}) on features clamped to the 1st–99th percentile of the training images and standardised, so
/// each weight is in NFIQ 2 points per standard deviation. The intercept is the training images' mean
/// NFIQ 2 score; the sum is clamped to 0…100.
///
/// Spearman vs NFIQ 2 when fitted: in sample {ins["overall"]:.3f} (db1 {ins[db[0]]:.3f}, db2 {ins[db[1]]:.3f}, db3 {ins[db[2]]:.3f});
/// leave one database out db1 {lodo[db[0]]:.3f}, db2 {lodo[db[1]]:.3f}, db3 {lodo[db[2]]:.3f}; with the selection
/// also repeated without the held-out database db1 {nested[db[0]]["spearman"]:.3f}, db2 {nested[db[1]]["spearman"]:.3f}, db3 {nested[db[2]]["spearman"]:.3f};
/// 10-fold cross-validated {report["ten_fold"]:.3f}.
enum FingerScoreModel {{
    static func score(_ features: FingerFeatures) -> Double {{
        var z = {model.intercept:.4f}
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
