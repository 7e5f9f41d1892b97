"""Datasets: the returns10 catalogue (exact labels), its `other/` kinds and the real-clothing photos
(label sets from label-map.json). Every example carries a label *set* as a 10-wide 0/1 mask: one 1 for
an exact label, several for a partial one (the photo does not say which), none for a kind that is not
one of the ten (outlier exposure)."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .model import LABELS

REAL_MAX_SIDE = 256  # real photos are kept at this size in memory: crops of them still exceed 96 px


@dataclass
class Split:
    """Images of one source with their label masks."""
    source: str  # "catalogue", "other" or "real"
    images: list = field(default_factory=list)
    masks: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LABELS)), np.float32))
    kinds: list[str] = field(default_factory=list)  # real-clothing: each photo's kind (its folder)

    def __len__(self) -> int:
        return len(self.images)


def label_mask(labels: list[str]) -> np.ndarray:
    """The 0/1 mask of a label set; a label that is not one of the ten is an error, not a silent 0."""
    m = np.zeros(len(LABELS), np.float32)
    for lab in labels:
        if lab not in LABELS:
            raise ValueError(f"label {lab!r} is not one of the ten categories")
        m[LABELS.index(lab)] = 1
    return m


def read_label_map(path: Path) -> dict[str, list[str]]:
    lm = json.loads(Path(path).read_text())
    for kind, labels in lm.items():
        label_mask(labels)  # validates
    return lm


def open_rgb(path: Path, max_side: int | None = None) -> Image.Image:
    im = Image.open(path)
    if max_side:
        im.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale, much faster
    im = im.convert("RGB")
    if max_side and max(im.size) > max_side:
        k = max_side / max(im.size)
        im = im.resize((max(1, round(im.size[0] * k)), max(1, round(im.size[1] * k))), Image.LANCZOS)
    im.load()
    return im


def catalogue_rows(root: Path, split: str) -> list[tuple[str, str]]:
    """(relative path, category) of returns10/labels.csv for one split."""
    with open(root / "labels.csv") as f:
        return [(r["relpath"], r["category"]) for r in csv.DictReader(f) if r["split"] == split]


def other_rows(root: Path, split: str, exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(relative path, kind) of returns10/other/labels.csv for one split, without the kinds excluded."""
    with open(root / "other" / "labels.csv") as f:
        return [(r["relpath"], r["article_type"]) for r in csv.DictReader(f)
                if r["split"] == split and r["article_type"] not in exclude]


def real_rows(root: Path, split: str, label_map: dict[str, list[str]],
              exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(relative path, kind) of real-clothing/<split>/<kind>/*, sorted; a folder missing from the label
    map is an error (its photos would have no meaning)."""
    out = []
    for kind_dir in sorted(p for p in (root / split).iterdir() if p.is_dir()):
        if kind_dir.name not in label_map:
            raise ValueError(f"{kind_dir} is not in the label map")
        if kind_dir.name in exclude:
            continue
        out += [(str(p.relative_to(root)), kind_dir.name) for p in sorted(kind_dir.iterdir())
                if p.suffix.lower() in (".jpg", ".jpeg", ".png")]
    return out


def load_catalogue(root: Path, split: str, limit: int = 0) -> Split:
    rows = catalogue_rows(root, split)[: limit or None]
    return Split("catalogue", [open_rgb(root / r) for r, _ in rows],
                 np.stack([label_mask([c]) for _, c in rows]) if rows else Split("catalogue").masks)


def load_other(root: Path, split: str, exclude: set[str] = frozenset(), limit: int = 0) -> Split:
    rows = other_rows(root, split, exclude)[: limit or None]
    return Split("other", [open_rgb(root / r) for r, _ in rows], np.zeros((len(rows), len(LABELS)), np.float32))


def share_of_each_kind(rows: list[tuple[str, str]], share: float) -> list[tuple[str, str]]:
    """Every k-th photo of each kind, k = 1/share rounded (the same photos each time): the learning
    curve's smaller training sets, each kind in its own proportion."""
    step = max(1, round(1 / share))
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_kind.setdefault(row[1], []).append(row)
    return [r for kind_rows in by_kind.values() for r in kind_rows[::step]]


def load_real(root: Path, split: str, label_map: dict[str, list[str]], exclude: set[str] = frozenset(),
              limit: int = 0, share: float = 1.0) -> Split:
    return real_split(root, real_rows(root, split, label_map, exclude), label_map, limit, share)


def real_split(root: Path, rows: list[tuple[str, str]], label_map: dict[str, list[str]], limit: int = 0,
               share: float = 1.0) -> Split:
    """The photos of `rows` (relative path, kind) with their label sets."""
    if share < 1:
        rows = share_of_each_kind(rows, share)
    if limit:
        rows = rows[:: max(1, len(rows) // limit)][:limit]
    return Split("real", [open_rgb(root / r, REAL_MAX_SIDE) for r, _ in rows],
                 np.stack([label_mask(label_map[k]) for _, k in rows]) if rows else Split("real").masks,
                 [k for _, k in rows])


def epoch_indices(sizes: dict[str, int], per_epoch: dict[str, int], seed: int, epoch: int) -> list[tuple[str, int]]:
    """Which examples an epoch uses: `per_epoch[source]` of each source (all of it when 0 or more than it
    has), drawn afresh each epoch from (seed, epoch), then shuffled together."""
    rng = np.random.default_rng([seed, epoch, 31337])
    out: list[tuple[str, int]] = []
    for k, (source, n) in enumerate(sizes.items()):
        want = per_epoch.get(source, 0)
        idx = np.arange(n) if not want or want >= n else rng.choice(n, want, replace=False)
        out += [(source, int(i)) for i in idx]
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def parse_kind_repeats(text: str) -> dict[str, int]:
    """"shoes=3,hat=2" -> {"shoes": 3, "hat": 2} (real_stage.py --kind-repeat)."""
    out = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        kind, _, n = part.partition("=")
        if not kind.strip() or not n.strip().isdigit() or int(n) < 1:
            raise ValueError(f"{part!r} is not KIND=N with N >= 1")
        out[kind.strip()] = int(n)
    return out


def with_repeats(items: list[tuple[str, int]], real_kinds: list[str], real_repeat: int = 1,
                 kind_repeat: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """An epoch's items with each real photo `real_repeat` times, and a kind in `kind_repeat` N times
    that (a kind the real photos teach too seldom: 198 shoe photos against 795 t-shirts)."""
    real = [it for it in items if it[0] == "real"]
    extra = [it for it in real for _ in range(real_repeat * (kind_repeat or {}).get(real_kinds[it[1]], 1) - 1)]
    return items + extra


def mask_tensor(split: Split) -> torch.Tensor:
    return torch.from_numpy(split.masks)
