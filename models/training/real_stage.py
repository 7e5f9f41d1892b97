#!/usr/bin/python3
"""The real-photos stage: fine-tune the catalogue network on photos taken by people together with the
catalogue, then choose the band rule on real val and catalogue val, and export.

    /usr/bin/python3 -m models.training.real_stage --init-onnx models/returns10/model.onnx

Training examples per epoch: every real-clothing/train photo (exact or partial labels; out-of-set kinds
as outlier exposure), a fresh draw of --catalogue-per-epoch catalogue photos (half as catalogue views,
half as simulated desk scenes) and --other-per-epoch of returns10/other/train. The best epoch is the one
with the best mean of real in-set accuracy and catalogue accuracy on val. Resumable: every epoch saves
<checkpoint>.last.pt (weights, optimiser, schedule, best so far); a rerun with the same arguments goes on
from there. --exclude-real / --exclude-other leave kinds out of training (the leave-kinds-out check).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .desk_scene import cutout_mask
from .rs import augment, calibrate, data, loop
from .rs.kinds import CHOOSE_FOLD, FOLDS, JUDGE_FOLD, real_rows_by_fold
from .rs.export import band_rule, export_onnx, write_model_json
from .rs.model import FlipAveraged, ReturnsNet

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "datasets"


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "returns10")
    ap.add_argument("--real", type=Path, default=SHARED / "real-clothing")
    ap.add_argument("--init-onnx", type=Path, required=True, help="the model to fine-tune (an exported model.onnx)")
    ap.add_argument("--width", type=float, default=1.5)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--batch", type=int, default=32,
                    help="32: this machine's OpenBLAS runs a 96 px network 5x faster per image than at 128")
    ap.add_argument("--catalogue-per-epoch", type=int, default=3000)
    ap.add_argument("--other-per-epoch", type=int, default=500)
    ap.add_argument("--real-repeat", type=int, default=1, help="each real training photo appears this many times an epoch")
    ap.add_argument("--kind-repeat", default="",
                    help="KIND=N,...: photos of these real kinds appear N times as often an epoch")
    ap.add_argument("--catalogue-share", type=float, default=0.5, help="catalogue views vs simulated desk scenes")
    ap.add_argument("--oe-weight", type=float, default=0.5)
    ap.add_argument("--sender-folds", action="store_true",
                    help="real photos by sender (rs/kinds.py): folds 0-7 of train + val + extra train, fold 8 chooses "
                         "the epoch and the band rule, fold 9 is never read (it judges, in npm run eval)")
    ap.add_argument("--exclude-real", default="", help="comma-separated real-clothing kinds left out of training")
    ap.add_argument("--exclude-other", default="", help="comma-separated other/ kinds left out of training")
    ap.add_argument("--real-share", type=float, default=1.0,
                    help="train on this share of each real kind's photos (the learning curve: 0.25, 0.5)")
    ap.add_argument("--target-wrong", type=float, default=0.0,
                    help="the band rule's allowance of wrong photos in the high band on real val (0: none)")
    ap.add_argument("--studio-precision", type=float, default=0.984,
                    help="the high band's precision on catalogue val's studio shots (as studio_route.py)")
    ap.add_argument("--high", type=float, default=0.85)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--threads", type=int, default=1,
                    help="PyTorch threads; 1 beside the two loader processes (two OpenMP threads on a busy 2-core machine wait on each other)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                    help="where the network trains (auto: cuda when PyTorch sees a GPU); export is on the CPU")
    ap.add_argument("--limit", type=int, default=0, help="smoke test: use only about N images of each source")
    ap.add_argument("--checkpoint", type=Path, default=HERE / "runs" / "real.pt")
    ap.add_argument("--out", type=Path, default=HERE.parent / "returns10")
    ap.add_argument("--version", default="2.0.0")
    ap.add_argument("--export-only", action="store_true", help="export --checkpoint without training")
    return ap.parse_args(argv)


def kinds(csv_text: str) -> set[str]:
    return {k.strip() for k in csv_text.split(",") if k.strip()}


def load_real(args, split: str, label_map, exclude: set[str], limit: int, share: float = 1.0) -> data.Split:
    """real-clothing's train or val folder, or with --sender-folds the senders' folds that play that
    part: `val` shares most of its senders with `train`, so a figure chosen on it saw those rooms."""
    if not args.sender_folds:
        return data.load_real(args.real, split, label_map, exclude, limit, share)
    folds = set(range(FOLDS)) - {CHOOSE_FOLD, JUDGE_FOLD} if split == "train" else {CHOOSE_FOLD}
    rows = [(r, k) for r, k in real_rows_by_fold(args.real, folds, label_map) if k not in exclude]
    return data.real_split(args.real, rows, label_map, limit, share)


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    t0 = time.time()
    label_map = data.read_label_map(args.real / "label-map.json")
    ex_real, ex_other = kinds(args.exclude_real), kinds(args.exclude_other)
    lim = args.limit
    splits = {
        "catalogue": data.load_catalogue(args.data, "train", lim),
        "other": data.load_other(args.data, "train", ex_other, lim // 4 if lim else 0),
        "real": load_real(args, "train", label_map, ex_real, lim, args.real_share),
    }
    val = {
        "catalogue": data.load_catalogue(args.data, "val", lim),
        # Kinds left out stay out of val too: they must not steer the epoch or the temperature.
        "real": load_real(args, "val", label_map, ex_real, lim),
    }
    print(f"loaded {', '.join(f'{k} {len(v)}' for k, v in splits.items())} train; "
          f"val catalogue {len(val['catalogue'])}, real {len(val['real'])} ({time.time() - t0:.0f}s)", flush=True)
    augment.make_surfaces(args.seed)
    cut = {k: [cutout_mask(im) for im in splits[k].images] for k in ("catalogue", "other")}
    xv = {k: loop.fixed_views(v) for k, v in val.items()}
    mv = {k: data.mask_tensor(v) for k, v in val.items()}
    print(f"views ready ({time.time() - t0:.0f}s)", flush=True)

    dev = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu")
    model = ReturnsNet(width=args.width)
    train_set = loop.MixedViews(splits, cut, args.seed, args.catalogue_share)
    sizes = {k: len(v) for k, v in splits.items()}
    per_epoch = {"catalogue": args.catalogue_per_epoch, "other": args.other_per_epoch, "real": 0}

    try:
        repeat = data.parse_kind_repeats(args.kind_repeat)
    except ValueError as e:
        raise SystemExit(f"--kind-repeat: {e}")

    def epoch_items(epoch: int):
        items = data.epoch_indices(sizes, per_epoch, args.seed, epoch)
        return data.with_repeats(items, splits["real"].kinds, args.real_repeat, repeat)

    train_set.items = epoch_items(0)
    steps_per_epoch = max(1, len(train_set.items) // args.batch)
    graph = FlipAveraged(model)

    def evaluate():
        lc, lr_ = loop.logits_of(graph, xv["catalogue"]), loop.logits_of(graph, xv["real"])
        return lc, lr_, calibrate.accuracy(lc, mv["catalogue"]), calibrate.accuracy(lr_, mv["real"])

    last = args.checkpoint.with_suffix(".last.pt")
    args.checkpoint.parent.mkdir(parents=True, exist_ok=True)
    if not args.export_only:
        from .onnx_init import init_from_views
        opt, sched = loop.one_cycle(model, args.lr, args.epochs * steps_per_epoch)
        resumed = loop.resume(last, model, opt, sched, dev)
        start, best, best_epoch = resumed or (0, -1.0, 0)
        if not resumed:
            init_from_views(model, args.init_onnx, train_set, dev)
            _, _, acc_c, acc_r = evaluate()
            print(f"start: val catalogue {acc_c:.4f} real {acc_r:.4f}", flush=True)
        gen = torch.Generator().manual_seed(args.seed)
        for epoch in range(start, args.epochs):
            train_set.epoch = epoch
            train_set.items = epoch_items(epoch)
            loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch, shuffle=True, generator=gen,
                                                 num_workers=args.workers, drop_last=True)
            # Every epoch has the same number of examples, so the one-cycle schedule's steps_per_epoch holds.
            stats = loop.train_epoch(model, loader, opt, sched, args.oe_weight, dev)
            _, _, acc_c, acc_r = evaluate()
            score = (acc_c + acc_r) / 2
            print(f"epoch {epoch + 1}/{args.epochs} loss {stats['loss']:.4f} train {stats['train']:.4f} "
                  f"val catalogue {acc_c:.4f} real {acc_r:.4f} ({stats['seconds']:.0f}s)", flush=True)
            if score > best:
                best, best_epoch = score, epoch + 1
                torch.save(model.state_dict(), args.checkpoint)
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "epoch": epoch + 1, "best": best, "best_epoch": best_epoch}, last)
        print(f"best epoch {best_epoch} (score {best:.4f})", flush=True)

    model.cpu().load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    lc, lr_, acc_c, acc_r = evaluate()
    studio_c = calibrate.is_studio(xv["catalogue"])
    studio_r = calibrate.is_studio(xv["real"])
    print(f"studio gate open: catalogue val {studio_c.float().mean():.3f}, real val {studio_r.float().mean():.3f}",
          flush=True)
    # studio_route.py's rule, so that a model of this stage alone, such as the leave-kinds-out variant,
    # reads studio shots and photos as the shipped graph does.
    temps = calibrate.band_temperatures(lc, mv["catalogue"], studio_c, lr_, mv["real"], studio_r, args.target_wrong,
                                        args.studio_precision, args.high)
    t_studio_nll, t_studio, t_photo_nll, t_photo = (temps[k] for k in ("studioNll", "studio", "photoNll", "photo"))
    for name, lg, m in (("catalogue", lc, mv["catalogue"]), ("real", lr_, mv["real"])):
        st = calibrate.is_studio(xv[name])
        t = torch.where(st, torch.tensor(t_studio), torch.tensor(t_photo))[:, None]
        hb = calibrate.high_band(lg / t, m, 1.0, args.high)
        print(f"{name} val: accuracy {calibrate.accuracy(lg, m):.4f}; high band {hb}", flush=True)
    print(f"temperatures: studio {t_studio_nll:.4f} -> {t_studio:.4f}, photo NLL {t_photo_nll:.4f} -> safe {t_photo:.4f}", flush=True)
    onnx_path = args.out / "model.onnx"
    export_onnx(graph, onnx_path)
    training = {
        "stage": "real photos",
        "command": " ".join(["/usr/bin/python3", "models/training/real_stage.py"] + (argv or sys.argv[1:])),
        "data": ("real-clothing sender folds 0-7 of train + val + extra" if args.sender_folds else "real-clothing/train")
                + " (exact and partial label sets; out-of-set kinds as outlier exposure) with returns10/train and "
                "returns10/other/train; epoch and band rule chosen on "
                + ("sender fold 8" if args.sender_folds else "real-clothing/val") + " and returns10/val",
        "trainImages": sizes, "excluded": {"real": sorted(ex_real), "other": sorted(ex_other)},
        "epochs": args.epochs, "seed": args.seed, "seconds": round(time.time() - t0), "torch": torch.__version__,
    }
    write_model_json(args.out / "model.json", onnx_path, args.version, t_studio,
                     band_rule(t_studio, t_photo, args.high, args.target_wrong, args.studio_precision), training)
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
