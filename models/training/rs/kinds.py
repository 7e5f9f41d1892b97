"""Kinds: every article type the data names, as its own class, and the sender-disjoint split of the
real photos.

The kinds head learns the catalogue's article types (returns10's ten, `other/`'s and catalogue-kinds'
49) and real-clothing's kinds (`real:<kind>`, 17) as separate classes, so that the trunk's features keep
a dress apart from a jacket instead of flattening both into "none of the ten" (outlier exposure did
that). `model.json` maps each kind to the station's categories; a kind with none goes to review,
named.

Senders: a returns desk is a room, a camera and a light the model has never seen, so every real photo
figure that chooses or judges something comes from senders the fit never saw. `sender_folds` deals
the senders of `senders.csv` (train, val and extra together) into k folds of about equal photo count,
in an order fixed by a hash of the sender id: no seed, no file order.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np

from .data import Split, open_rgb, real_split

FOLDS = 10
# Folds 0-7 train; fold 8 chooses (epoch, temperatures); fold 9 judges (the card's figures).
CHOOSE_FOLD, JUDGE_FOLD = 8, 9
REAL_PREFIX = "real:"


def sender_folds(senders_csv: Path, k: int = FOLDS) -> dict[str, int]:
    """image id -> fold. Senders sorted by sha1(sender id), each dealt to the fold with the fewest
    photos so far (ties: the lowest fold), so folds hold about the same number of photos."""
    by_sender: dict[str, list[str]] = {}
    with open(senders_csv) as f:
        for row in csv.DictReader(f):
            by_sender.setdefault(row["sender"], []).append(row["image"])
    order = sorted(by_sender, key=lambda s: hashlib.sha1(f"returns-station/senders/v1:{s}".encode()).hexdigest())
    # Big senders first keeps the folds even; the hash breaks ties between equal sizes.
    order.sort(key=lambda s: -len(by_sender[s]))
    counts = [0] * k
    out: dict[str, int] = {}
    for s in order:
        fold = min(range(k), key=lambda i: (counts[i], i))
        counts[fold] += len(by_sender[s])
        for image in by_sender[s]:
            out[image] = fold
    return out


def real_rows_by_fold(root: Path, folds: set[int], label_map: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(relative path, kind) of every real photo (train, val, extra) whose sender is in `folds`."""
    fold_of = sender_folds(root / "senders.csv")
    out = []
    for split in ("train", "val", "extra"):
        for kind_dir in sorted(p for p in (root / split).iterdir() if p.is_dir()):
            if kind_dir.name not in label_map:
                raise ValueError(f"{kind_dir} is not in the label map")
            for p in sorted(kind_dir.iterdir()):
                if p.suffix.lower() not in (".jpg", ".jpeg", ".png"):
                    continue
                if p.stem not in fold_of:
                    raise ValueError(f"{p} has no sender in senders.csv")
                if fold_of[p.stem] in folds:
                    out.append((str(p.relative_to(root)), kind_dir.name))
    return out


def kind_vocabulary(returns10: Path, catalogue_kinds: Path, label_map: dict[str, list[str]]) -> list[str]:
    """The kinds head's classes: returns10's ten (in the station's order), every other catalogue
    article type (sorted), then `real:<kind>` for each real-clothing kind (label map order)."""
    from .model import LABELS
    cat = set()
    for csv_path in (returns10 / "other" / "labels.csv", catalogue_kinds / "labels.csv"):
        with open(csv_path) as f:
            cat |= {r["article_type"] for r in csv.DictReader(f)}
    return list(LABELS) + sorted(cat - set(LABELS)) + [REAL_PREFIX + k for k in label_map]


def kind_categories(kinds: list[str], label_map: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each kind's station categories: a catalogue category is itself; a real kind is its label map
    entry; any other catalogue article type has none (the desk may add one with N)."""
    from .model import LABELS
    out = {}
    for k in kinds:
        if k.startswith(REAL_PREFIX):
            out[k] = list(label_map[k[len(REAL_PREFIX):]])
        else:
            out[k] = [k] if k in LABELS else []
    return out


def held_apart(datasets: Path) -> set[str]:
    """Training files (paths relative to `datasets/`) whose same-pixels twin sits in a val or test
    split of either catalogue set: kept out of training, so no picture is seen and then judged."""
    groups: dict[str, list[str]] = {}
    with open(datasets / "catalogue-kinds" / "same-pixels.csv") as f:
        for r in csv.DictReader(f):
            groups.setdefault(r["group"], []).append(r["path"])
    out = set()
    for paths in groups.values():
        if any("/val/" in p or "/test/" in p for p in paths):
            out |= {p for p in paths if "/train/" in p}
    return out


def load_catalogue_kinds(root: Path, split: str, kinds: list[str], skip: set[str], limit: int = 0) -> tuple[Split, np.ndarray]:
    """catalogue-kinds photos of one split (none of the ten: an empty label set) and their kind index."""
    with open(root / "labels.csv") as f:
        rows = [(r["relpath"], r["article_type"]) for r in csv.DictReader(f)
                if r["split"] == split and f"catalogue-kinds/{r['relpath']}" not in skip]
    rows = rows[: limit or None]
    from .model import LABELS
    split_ = Split("ckinds", [open_rgb(root / r) for r, _ in rows], np.zeros((len(rows), len(LABELS)), np.float32))
    return split_, np.array([kinds.index(k) for _, k in rows], np.int64)


def load_real_folds(root: Path, folds: set[int], label_map: dict[str, list[str]], kinds: list[str],
                    limit: int = 0) -> tuple[Split, np.ndarray]:
    split = real_split(root, real_rows_by_fold(root, folds, label_map), label_map, limit)
    return split, np.array([kinds.index(REAL_PREFIX + k) for k in split.kinds], np.int64)
