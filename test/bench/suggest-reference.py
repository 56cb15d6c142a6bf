#!/usr/bin/env python3
"""Reference for the suggested points: a plain scikit-learn logistic regression (default L2, C=1,
lbfgs) on exactly the features and time split LeadPact exported (leadpact suggest --export-design),
and the holdout AUC it reaches. Prints one JSON line."""
import csv
import json
import sys
import time

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def main(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    X = {"train": [], "holdout": []}
    y = {"train": [], "holdout": []}
    for r in body:
        X[r[0]].append([int(v) for v in r[2:]])
        y[r[0]].append(int(r[1]))
    model = LogisticRegression(max_iter=5000)
    t = time.perf_counter()
    model.fit(X["train"], y["train"])
    fit_seconds = time.perf_counter() - t
    p = model.predict_proba(X["holdout"])[:, 1]
    print(json.dumps({"features": len(header) - 2, "train": len(y["train"]), "holdout": len(y["holdout"]), "auc": roc_auc_score(y["holdout"], p), "fitSeconds": fit_seconds}))


if __name__ == "__main__":
    main(sys.argv[1])
