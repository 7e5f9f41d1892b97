"""The catalogue stage's scoring, weight averaging and export (train.py): exact labels, val of the
catalogue and of a fixed desk view of it, temperature fitted on val, ONNX + model.json."""
from __future__ import annotations

import json
import sys
import time

import torch
import torch.nn.functional as F

from .calibrate import ece as set_ece, fit_temperature as fit_set_temperature
from .export import input_spec, legacy_exporter, sha256
from .loop import logits_of
from .model import LABELS, SIZE, FlipAveraged, widths


def fit_temperature(logits: torch.Tensor, ys: torch.Tensor) -> float:
    """Temperature scaling on exact labels (rs.calibrate works on label sets)."""
    return fit_set_temperature(logits, F.one_hot(ys, len(LABELS)).float())


def ece(probs: torch.Tensor, ys: torch.Tensor, bins=15) -> float:
    return set_ece(probs, F.one_hot(ys, len(LABELS)).float(), bins)


def swa_candidate(averaged, loader, train_set, va_clean, va_desk, va_yt, best, best_epoch, best_path, epochs):
    """Gives the averaged weights their own batch-norm statistics (one pass over fresh training views;
    averaged weights do not fit any single epoch's running means) and keeps them if they score better."""
    train_set.epoch = epochs  # views no epoch has drawn
    torch.optim.swa_utils.update_bn(loader, averaged.module, device=next(averaged.module.parameters()).device)
    net = averaged.module
    acc_clean = (logits_of(net, va_clean).argmax(1) == va_yt).float().mean().item()
    acc_desk = (logits_of(net, va_desk).argmax(1) == va_yt).float().mean().item()
    n = averaged.n_averaged.item()
    print(f"swa of {n} epochs: val {acc_clean:.4f} val-desk {acc_desk:.4f} (best single epoch: {best_epoch})",
          flush=True)
    if (acc_clean + acc_desk) / 2 > best:
        torch.save(net.state_dict(), best_path)
        return (acc_clean + acc_desk) / 2, f"average of epochs 2-{n + 1}"
    return best, best_epoch


def recompute_bn(model, source, target, loader, train_set, views_epoch, va_clean, va_desk, va_yt, dev):
    """Sets every batch-norm's running statistics from one pass over the training views of `views_epoch`
    (cumulative mean, as SWA does), reports val before and after, and saves the result to `target`."""
    model.load_state_dict(torch.load(source, map_location="cpu"))
    model.to(dev)

    def val_scores():
        return ((logits_of(model, va_clean).argmax(1) == va_yt).float().mean().item(),
                (logits_of(model, va_desk).argmax(1) == va_yt).float().mean().item())

    before = val_scores()
    train_set.epoch = views_epoch
    torch.optim.swa_utils.update_bn(loader, model, device=dev)
    after = val_scores()
    print(f"batch-norm statistics recomputed over {len(loader) * loader.batch_size} views of epoch {views_epoch}: "
          f"val {before[0]:.4f} -> {after[0]:.4f}, val-desk {before[1]:.4f} -> {after[1]:.4f}", flush=True)
    torch.save(model.cpu().state_dict(), target)
    return target


def export(model, checkpoint, va_clean, va_yt, tr_y, n_other, n_val, args, best_epoch, t0):
    """Loads the chosen checkpoint, fits the temperature on val and writes model.onnx + model.json."""
    model.cpu().load_state_dict(torch.load(checkpoint, map_location="cpu"))
    model.eval()
    graph = FlipAveraged(model).eval() if args.tta == "flip" else model
    lv = logits_of(graph, va_clean)
    temperature = fit_temperature(lv, va_yt)
    pv = F.softmax(lv / temperature, 1)
    print(f"best epoch {best_epoch}; temperature {temperature:.4f}; val ECE before "
          f"{ece(F.softmax(lv, 1), va_yt):.4f} after {ece(pv, va_yt):.4f}", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "model.onnx"
    torch.onnx.export(graph, torch.zeros(1, 3, SIZE, SIZE), str(onnx_path), input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      opset_version=13, do_constant_folding=True, **legacy_exporter())
    meta_path = args.out / "model.json"
    old = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    counts = {lab: int((tr_y == k).sum()) for k, lab in enumerate(LABELS)}
    meta = {
        "name": "returns10",
        "version": args.version,
        "labels": LABELS,
        "input": input_spec(),
        "temperature": round(temperature, 6),
        "sha256": sha256(onnx_path),
        "metrics": old.get("metrics", {}),
        "training": {
            "data": "returns10 (Myntra catalogue, 60x80 JPEG): train split for weights, val for epoch "
                    "selection and temperature; other/train as outlier exposure (uniform target)",
            "trainImages": int(len(tr_y)), "trainPerClass": counts, "outlierImages": n_other,
            "valImages": int(n_val), "epochs": args.epochs, "bestEpoch": best_epoch, "seed": args.seed,
            "augmentation": f"catalogue view {args.catalogue_share:.0%} (flip, ±12°, ±6% shift, 0.85-1.1 scale); desk view {1 - args.catalogue_share:.0%} "
                            "(cut-out on procedural wood/fabric/noise/marble/tile/paper surfaces, any "
                            "rotation, 40-95% of frame, 4:3/3:4/1:1 frames, uneven light, shadow); camera: "
                            "colour jitter, blur, sensor noise, JPEG q30-92",
            "architecture": "ResNet-style, 6 residual blocks, 96x96 input, " +
                            ("" if args.width == 1 else f"widths {'-'.join(map(str, widths(args.width)))}, ") +
                            f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f}M parameters",
            "testTimeAugmentation": {"none": "none", "flip": "horizontal flip: the graph scores the photo and "
                                     "its mirror image and averages the logits"}[args.tta],
            "command": " ".join(["/usr/bin/python3", "models/training/train.py"] + sys.argv[1:]),
            "seconds": round(time.time() - t0),
            "torch": torch.__version__,
        },
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.2f} MB) and {meta_path} in "
          f"{time.time() - t0:.0f}s", flush=True)
