#!/usr/bin/python3
"""The kinds stage: the real-photos network taught every kind the data names as its own class.

    /usr/bin/python3 -m models.training.kinds_stage --init-onnx models/returns10/model.onnx

One trunk, two heads. The category head (the station's ten) keeps the real stage's set loss, with
outlier exposure for items that are none of the ten; the kinds head (rs/kinds.py: 59 catalogue article
types and 17 real-clothing kinds) learns every example's own kind by cross-entropy, so the features
keep kinds apart that a desk may add as its own categories (dresses, jackets, trousers...).

Real photos are split by sender (rs/kinds.py `sender_folds`, 10 folds over train + val + extra): folds
0-7 train, fold 8 chooses the epoch, fold 9 is never looked at here (it judges, in `npm run eval`).
Resumable: every epoch saves <checkpoint>.last.pt; a rerun with the same arguments goes on from there.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .desk_scene import cutout_mask
from .rs import augment, calibrate, data, kinds, loop
from .onnx_init import init_from_views
from .rs.model import KindsNet

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "datasets"


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", type=Path, default=SHARED, help="the folder holding returns10, catalogue-kinds, real-clothing")
    ap.add_argument("--init-onnx", type=Path, required=True, help="the model to start from (its top-level network, and its kinds head where it has one)")
    ap.add_argument("--width", type=float, default=1.5)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--catalogue-per-epoch", type=int, default=2500)
    ap.add_argument("--other-per-epoch", type=int, default=600)
    ap.add_argument("--ckinds-per-epoch", type=int, default=3500)
    ap.add_argument("--catalogue-share", type=float, default=0.5, help="catalogue views vs simulated desk scenes")
    ap.add_argument("--oe-weight", type=float, default=0.5)
    ap.add_argument("--kinds-weight", type=float, default=1.0)
    ap.add_argument("--kind-balance", type=float, default=0.5,
                    help="kinds loss weight 1/(kind's examples an epoch)^this (0: unweighted)")
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    ap.add_argument("--limit", type=int, default=0, help="smoke test: about N images of each source")
    ap.add_argument("--checkpoint", type=Path, default=HERE / "runs" / "kinds.pt")
    return ap.parse_args(argv)


class KindViews(loop.MixedViews):
    """MixedViews with each example's kind index as a third item."""

    def __init__(self, splits, kind_idx, cut, seed, share):
        super().__init__(splits, cut, seed, share)
        self.kind_idx = kind_idx

    def __getitem__(self, i):
        x, m = super().__getitem__(i)
        source, j = self.items[i]
        return x, m, int(self.kind_idx[source][j])


def load(args, vocab, label_map):
    d, lim = args.datasets, args.limit
    skip = kinds.held_apart(d)
    r10 = d / "returns10"
    cat_rows = [(r, c) for r, c in data.catalogue_rows(r10, "train") if f"returns10/{r}" not in skip][: lim or None]
    oth_rows = [(r, k) for r, k in data.other_rows(r10, "train") if f"returns10/{r}" not in skip][: lim or None]
    zeros = np.zeros((len(oth_rows), 10), np.float32)
    splits = {
        "catalogue": data.Split("catalogue", [data.open_rgb(r10 / r) for r, _ in cat_rows],
                                np.stack([data.label_mask([c]) for _, c in cat_rows])),
        "other": data.Split("other", [data.open_rgb(r10 / r) for r, _ in oth_rows], zeros),
    }
    idx = {"catalogue": np.array([vocab.index(c) for _, c in cat_rows]),
           "other": np.array([vocab.index(k) for _, k in oth_rows])}
    splits["ckinds"], idx["ckinds"] = kinds.load_catalogue_kinds(d / "catalogue-kinds", "train", vocab, skip, lim)
    train_folds = set(range(kinds.FOLDS)) - {kinds.CHOOSE_FOLD, kinds.JUDGE_FOLD}
    splits["real"], idx["real"] = kinds.load_real_folds(d / "real-clothing", train_folds, label_map, vocab, lim)
    val = {"catalogue": data.load_catalogue(r10, "val", lim)}
    val_idx = {"catalogue": np.array([int(m.argmax()) for m in val["catalogue"].masks])}
    val["ckinds"], val_idx["ckinds"] = kinds.load_catalogue_kinds(d / "catalogue-kinds", "val", vocab, set(), lim)
    val["real"], val_idx["real"] = kinds.load_real_folds(d / "real-clothing", {kinds.CHOOSE_FOLD}, label_map, vocab, lim)
    return splits, idx, val, val_idx


@torch.no_grad()
def both_of(model, x, bs=16):
    model.eval()
    dev = next(model.parameters()).device
    outs = [model.both(torch.cat([x[i:i + bs], torch.flip(x[i:i + bs], [3])]).to(dev)) for i in range(0, len(x), bs)]
    halves = [[(o[:len(o) // 2] + o[len(o) // 2:]).float().cpu() / 2 for o in pair] for pair in outs]
    return torch.cat([h[0] for h in halves]), torch.cat([h[1] for h in halves])


def kind_weights(items: list[tuple[str, int]], idx: dict[str, np.ndarray], n_kinds: int, power: float) -> torch.Tensor:
    """Per-kind loss weights 1/(examples of the kind in an epoch)^power, scaled to mean 1 over the epoch's
    examples: a t-shirt is seen 800 times an epoch and a belt 60, and unweighted the kinds head learns the
    frequent kinds only (after one epoch it named no catalogue-kinds photo right)."""
    counts = np.bincount([int(idx[src][j]) for src, j in items], minlength=n_kinds).astype(np.float64)
    w = np.where(counts > 0, np.maximum(counts, 1) ** -power, 0.0)
    w *= len(items) / max(1e-9, float((w * counts).sum()))
    return torch.tensor(w, dtype=torch.float32)


def train_epoch(model, loader, opt, sched, args, dev, weights: torch.Tensor) -> dict:
    model.train()
    t0, seen, right, kright, n, loss_sum = time.time(), 0, 0, 0, 0, 0.0
    for x, m, k in loader:
        x, m, k = x.to(dev), m.to(dev), k.to(dev)
        logits, klog = model.both(x)
        loss = loop.set_loss(logits, m, args.oe_weight) + args.kinds_weight * F.cross_entropy(klog, k, weight=weights)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        known = m.sum(1) > 0
        right += int(m[known].gather(1, logits[known].argmax(1)[:, None]).sum())
        seen += int(known.sum())
        kright += int((klog.argmax(1) == k).sum())
        n += len(x)
        loss_sum += float(loss) * len(x)
    return {"loss": loss_sum / max(1, n), "train": right / max(1, seen), "kinds": kright / max(1, n),
            "seconds": time.time() - t0}


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    t0 = time.time()
    label_map = data.read_label_map(args.datasets / "real-clothing" / "label-map.json")
    vocab = kinds.kind_vocabulary(args.datasets / "returns10", args.datasets / "catalogue-kinds", label_map)
    splits, idx, val, val_idx = load(args, vocab, label_map)
    print(f"{len(vocab)} kinds; loaded {', '.join(f'{k} {len(v)}' for k, v in splits.items())} train; "
          f"val {', '.join(f'{k} {len(v)}' for k, v in val.items())} ({time.time() - t0:.0f}s)", flush=True)
    augment.make_surfaces(args.seed)
    cut = {k: [cutout_mask(im) for im in splits[k].images] for k in ("catalogue", "other", "ckinds")}
    xv = {k: loop.fixed_views(v) for k, v in val.items()}
    mv = {k: data.mask_tensor(v) for k, v in val.items()}
    kv = {k: torch.from_numpy(v) for k, v in val_idx.items()}

    dev = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu")
    model = KindsNet(len(vocab), width=args.width)
    train_set = KindViews(splits, idx, cut, args.seed, args.catalogue_share)
    sizes = {k: len(v) for k, v in splits.items()}
    per_epoch = {"catalogue": args.catalogue_per_epoch, "other": args.other_per_epoch,
                 "ckinds": args.ckinds_per_epoch, "real": 0}
    train_set.items = data.epoch_indices(sizes, per_epoch, args.seed, 0)
    steps_per_epoch = max(1, len(train_set.items) // args.batch)

    def evaluate():
        out = {}
        for name in ("catalogue", "real", "ckinds"):
            lg, kl = both_of(model, xv[name])
            out[f"{name}-kinds"] = float((kl.argmax(1) == kv[name]).float().mean())
            if name != "ckinds":
                out[name] = calibrate.accuracy(lg, mv[name])
        return out

    last = args.checkpoint.with_suffix(".last.pt")
    args.checkpoint.parent.mkdir(parents=True, exist_ok=True)
    opt, sched = loop.one_cycle(model, args.lr, args.epochs * steps_per_epoch)
    resumed = loop.resume(last, model, opt, sched, dev)
    start, best, best_epoch = resumed or (0, -1.0, 0)
    if not resumed:
        init_from_views(model, args.init_onnx, train_set, dev)
        print(f"start: {json.dumps({k: round(v, 4) for k, v in evaluate().items()})}", flush=True)
    gen = torch.Generator().manual_seed(args.seed)
    for epoch in range(start, args.epochs):
        train_set.epoch = epoch
        train_set.items = data.epoch_indices(sizes, per_epoch, args.seed, epoch)
        loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch, shuffle=True, generator=gen,
                                             num_workers=args.workers, drop_last=True)
        stats = train_epoch(model, loader, opt, sched, args, dev,
                            kind_weights(train_set.items, idx, len(vocab), args.kind_balance).to(dev))
        ev = evaluate()
        # Chosen on the choosing fold's senders and catalogue val: categories and kinds alike.
        score = (ev["catalogue"] + ev["real"] + ev["real-kinds"] + ev["ckinds-kinds"]) / 4
        print(f"epoch {epoch + 1}/{args.epochs} loss {stats['loss']:.4f} train {stats['train']:.4f} "
              f"kinds {stats['kinds']:.4f} val {json.dumps({k: round(v, 4) for k, v in ev.items()})} "
              f"score {score:.4f} ({stats['seconds']:.0f}s)", flush=True)
        if score > best:
            best, best_epoch = score, epoch + 1
            torch.save({"model": model.state_dict(), "kinds": vocab, "width": args.width, "epoch": epoch + 1},
                       args.checkpoint)
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "epoch": epoch + 1, "best": best, "best_epoch": best_epoch}, last)
    print(f"best epoch {best_epoch} (score {best:.4f}) in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
