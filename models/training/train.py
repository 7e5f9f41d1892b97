#!/usr/bin/python3
"""Train the returns10 classifier from scratch and export models/returns10/model.onnx + model.json.

    /usr/bin/python3 -m models.training.train --data ../shared/datasets/returns10

Trains on train/, selects the epoch on val/ (catalogue and a fixed synthetic desk view of it), fits a
temperature on val/, and exports ONNX with a dynamic batch axis. Deterministic for a given --seed on
the same machine (single process data loading order is seeded; CPU kernels are deterministic).
The metrics in model.json / the model card come from `npm run eval`, i.e. from the app's own
inference code, not from this script.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .desk_scene import cutout_mask

from .rs.augment import (MEAN, PAD, STD, SURFACES, camera, catalogue_view, colour_drift, desk_view,  # noqa: F401
                        letterbox, make_surfaces, surface, to_tensor)
from .rs.catalogue_stage import export, logits_of, recompute_bn, swa_candidate
from .rs.model import LABELS, SIZE, ReturnsNet


def load_split(root: Path, rows):
    imgs, masks, ys = [], [], []
    for rel, y in rows:
        im = Image.open(root / rel).convert("RGB")
        im.load()
        imgs.append(im)
        masks.append(cutout_mask(im))
        ys.append(y)
    return imgs, masks, np.array(ys, np.int64)


class TrainSet(torch.utils.data.Dataset):
    def __init__(self, imgs, masks, ys, seed, catalogue_share=0.35):
        self.imgs, self.masks, self.ys, self.seed, self.cat = imgs, masks, ys, seed, catalogue_share
        self.epoch = 0

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        rng = np.random.default_rng([self.seed, self.epoch, i])
        if rng.random() < self.cat:
            view = catalogue_view(rng, self.imgs[i])
        else:
            view = desk_view(rng, self.imgs[i], self.masks[i])
        return to_tensor(colour_drift(rng, letterbox(camera(rng, view)))), int(self.ys[i])


def fixed_views(imgs, masks, seed, desk: bool):
    out = []
    for i, (im, m) in enumerate(zip(imgs, masks)):
        if desk:
            rng = np.random.default_rng([seed, 99991, i])
            out.append(to_tensor(colour_drift(rng, letterbox(camera(rng, desk_view(rng, im, m))))))
        else:
            out.append(to_tensor(letterbox(im)))
    return torch.stack(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = Path(__file__).resolve().parent
    ap.add_argument("--data", type=Path, default=here.parents[2] / "shared" / "datasets" / "returns10")
    ap.add_argument("--out", type=Path, default=here.parent / "returns10")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=20251013)
    ap.add_argument("--oe-weight", type=float, default=0.5, help="outlier-exposure loss weight")
    ap.add_argument("--threads", type=int, default=max(1, os.cpu_count() or 1))
    ap.add_argument("--workers", type=int, default=2, help="data-loading processes (the desk views are drawn on the CPU)")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                    help="where the network trains (auto: cuda when PyTorch sees a GPU); export is always on the CPU")
    ap.add_argument("--width", type=float, default=1.0, help="channel multiplier of the network (1: the shipped size)")
    ap.add_argument("--limit", type=int, default=0, help="use only N training images (smoke test)")
    ap.add_argument("--export-from", type=Path, help="skip training: export this checkpoint (e.g. runs/best.pt)")
    ap.add_argument("--stop-after", type=int, default=0, help="stop after this many epochs (schedule still for --epochs)")
    ap.add_argument("--checkpoint", type=Path, default=None, help="where the best epoch is saved (default runs/best.pt)")
    ap.add_argument("--init", type=Path, help="start from this checkpoint (fine-tuning) instead of random weights")
    ap.add_argument("--init-onnx", type=Path, help="start from this exported model (e.g. the shipped models/returns10/model.onnx)")
    ap.add_argument("--init-width", type=float, default=None,
                    help="the width of the --init-onnx model when it is narrower than --width: its weights are "
                         "widened (widen.py, Net2Wider) so the wider network starts where the narrow one is")
    ap.add_argument("--catalogue-share", type=float, default=0.45, help="share of plain catalogue views in training")
    ap.add_argument("--version", default="1.3.0", help="model version written to model.json")
    ap.add_argument("--tta", choices=["none", "flip"], default="none",
                    help="test-time augmentation built into the exported graph (flip: average with the mirror image)")
    ap.add_argument("--fresh-views", type=int, default=0, metavar="N",
                    help="draw the augmented views (and the batch order) of epochs N, N+1, ... instead of 0, 1, ...: "
                         "a fine-tune stage then sees views that earlier stages (which all started at 0) never saw")
    ap.add_argument("--swa", action="store_true",
                    help="stochastic weight averaging: after a one-epoch warm-up, hold --lr and average the "
                         "weights at the end of every later epoch; the average (batch-norm statistics "
                         "recomputed) is kept when it beats the best single epoch on val")
    ap.add_argument("--select-on", choices=["both", "catalogue"], default="both",
                    help="what picks the best epoch on val: the mean of the catalogue and desk views (both), or "
                         "the catalogue photos alone (for a studio-shot specialist trained with --catalogue-share 1)")
    ap.add_argument("--recompute-bn", action="store_true",
                    help="with --export-from: give the checkpoint new batch-norm statistics from one pass over "
                         "training views of epoch --fresh-views before exporting (for a mean of checkpoints, "
                         "whose averaged running statistics fit neither), saved to --checkpoint")
    args = ap.parse_args()
    if args.recompute_bn and not (args.export_from and args.checkpoint):
        raise SystemExit("--recompute-bn goes with --export-from CHECKPOINT and --checkpoint PATH (where the "
                         "checkpoint with new statistics is saved)")

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: PyTorch sees no GPU here (torch.cuda.is_available() is False)")
    dev = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu")
    if dev.type == "cuda":  # faster kernels; a GPU run is then not reproducible to the byte (a CPU run is)
        torch.backends.cudnn.benchmark = True
        print(f"training on {torch.cuda.get_device_name(dev)} with {args.workers} loader processes", flush=True)
    run_dir = here / "runs"
    run_dir.mkdir(exist_ok=True)
    t0 = time.time()

    with open(args.data / "labels.csv") as f:
        rows = list(csv.DictReader(f))
    split = {s: [(r["relpath"], LABELS.index(r["category"])) for r in rows if r["split"] == s]
             for s in ("train", "val")}
    with open(args.data / "other" / "labels.csv") as f:
        orows = list(csv.DictReader(f))
    other_train = [(r["relpath"], -1) for r in orows if r["split"] == "train"]
    if args.limit:
        rng = random.Random(args.seed)
        split["train"] = rng.sample(split["train"], args.limit)
        split["val"] = rng.sample(split["val"], min(len(split["val"]), args.limit // 4))
        other_train = other_train[: args.limit // 8]

    print(f"loading {len(split['train'])} train, {len(split['val'])} val, {len(other_train)} other", flush=True)
    tr_imgs, tr_masks, tr_y = load_split(args.data, split["train"])
    va_imgs, va_masks, va_y = load_split(args.data, split["val"])
    ot_imgs, ot_masks, _ = load_split(args.data, other_train)
    make_surfaces(args.seed)
    va_clean = fixed_views(va_imgs, va_masks, args.seed, desk=False)
    va_desk = fixed_views(va_imgs, va_masks, args.seed, desk=True)
    va_yt = torch.from_numpy(va_y)
    print(f"loaded in {time.time() - t0:.0f}s", flush=True)

    # The other kinds ride in the same batches with label -1 (outlier exposure).
    train_set = TrainSet(tr_imgs + ot_imgs, tr_masks + ot_masks,
                         np.concatenate([tr_y, np.full(len(ot_imgs), -1, np.int64)]), args.seed,
                         catalogue_share=args.catalogue_share)
    g = torch.Generator().manual_seed(args.seed + args.fresh_views)
    # Workers are forked anew each epoch (not persistent) so that they see the new `epoch` and draw
    # fresh augmentations; persistent workers would keep epoch 0's copy and repeat the same
    # augmented image every epoch, which the network then memorises.
    loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch, shuffle=True, generator=g,
                                         num_workers=args.workers, drop_last=True, persistent_workers=False,
                                         pin_memory=dev.type == "cuda")
    if len(loader) == 0:
        raise SystemExit(f"{len(train_set)} training images make no full batch of {args.batch}: "
                         "give a larger --limit or a smaller --batch")

    model = ReturnsNet(width=args.width)
    if args.init and args.init_onnx:
        raise SystemExit("--init and --init-onnx: give one")
    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
    if args.init_onnx:
        from .onnx_init import init_from_onnx
        calib = np.random.default_rng([args.seed, 777]).permutation(len(train_set))[:2048]
        views = torch.stack([train_set[int(i)][0] for i in calib])
        if args.init_width is not None and args.init_width != args.width:
            from .widen import widen
            narrow = ReturnsNet(width=args.init_width)
            init_from_onnx(narrow, args.init_onnx, SIZE, views)
            widen(narrow, model, args.seed)
            print(f"widened from width {args.init_width} to {args.width}", flush=True)
        else:
            init_from_onnx(model, args.init_onnx, SIZE, views)
        acc_clean = (logits_of(model, va_clean).argmax(1) == va_yt).float().mean().item()
        acc_desk = (logits_of(model, va_desk).argmax(1) == va_yt).float().mean().item()
        print(f"start: val {acc_clean:.4f} val-desk {acc_desk:.4f}", flush=True)
    if args.epochs == 0:  # export the starting weights as they are (e.g. the shipped model with --tta flip)
        if not (args.init or args.init_onnx):
            raise SystemExit("--epochs 0 exports the starting weights: give --init or --init-onnx")
        best_path = args.checkpoint or run_dir / "best.pt"
        torch.save(model.state_dict(), best_path)
        export(model, best_path, va_clean, va_yt, tr_y, len(ot_imgs), len(va_y), args, 0, t0)
        return
    model.to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    steps = args.epochs * len(loader)
    if args.swa:  # SWA starts from a trained model: a short warm-up, then a constant rate to explore around it
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / len(loader)))
        averaged = torch.optim.swa_utils.AveragedModel(model)
    else:
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.15)
    best, best_epoch = -1.0, -1
    if args.export_from:
        source = args.export_from
        if args.recompute_bn:
            source = recompute_bn(model, args.export_from, args.checkpoint, loader, train_set, args.fresh_views,
                                  va_clean, va_desk, va_yt, dev)
        export(model, source, va_clean, va_yt, tr_y, len(ot_imgs), len(va_y), args, -1, t0)
        return
    best_path = args.checkpoint or run_dir / "best.pt"
    stop_file = run_dir / "STOP"
    for epoch in range(args.stop_after or args.epochs):
        train_set.epoch = args.fresh_views + epoch
        model.train()
        te, seen, correct, loss_sum = time.time(), 0, 0, 0.0
        for x, y in loader:
            x, y = x.to(dev, non_blocking=True), y.to(dev, non_blocking=True)
            out = model(x)
            known = y >= 0
            li, y = out[known], y[known]
            loss = F.cross_entropy(li, y)
            if (~known).any():  # outlier exposure: unknown kinds should spread their belief evenly
                oe = -F.log_softmax(out[~known], 1).mean(1)
                loss = loss + args.oe_weight * oe.sum() / max(1, int(known.sum()))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            seen += len(y)
            correct += (li.argmax(1) == y).sum().item()
            loss_sum += loss.item() * len(y)
        acc_clean = (logits_of(model, va_clean).argmax(1) == va_yt).float().mean().item()
        acc_desk = (logits_of(model, va_desk).argmax(1) == va_yt).float().mean().item()
        score = acc_clean if args.select_on == "catalogue" else (acc_clean + acc_desk) / 2
        print(f"epoch {epoch + 1}/{args.epochs} loss {loss_sum / seen:.4f} train {correct / seen:.4f} "
              f"val {acc_clean:.4f} val-desk {acc_desk:.4f} ({time.time() - te:.0f}s)", flush=True)
        if score > best:
            best, best_epoch = score, epoch + 1
            torch.save(model.state_dict(), best_path)
        if args.swa and epoch >= 1:
            averaged.update_parameters(model)
        if stop_file.exists():  # a long CPU run can be cut short and still keep what it has
            print(f"{stop_file} exists: stopping after epoch {epoch + 1}", flush=True)
            stop_file.unlink()
            break

    if args.swa and averaged.n_averaged.item() > 0:
        best, best_epoch = swa_candidate(averaged, loader, train_set, va_clean, va_desk, va_yt, best, best_epoch,
                                         best_path, args.fresh_views + args.epochs)
    export(model, best_path, va_clean, va_yt, tr_y, len(ot_imgs), len(va_y), args, best_epoch, t0)


if __name__ == "__main__":
    main()
