#!/usr/bin/python3
"""Pair the desk-trained network with a studio-shot specialist in one exported graph.

    /usr/bin/python3 models/training/studio_pair.py --general runs/stage67-8-mean.pt --general-width 1.5 \
        --specialist runs/catalogue.pt --specialist-width 1 --version 1.11.0

A catalogue photo (white studio background) and a desk photo (an item on a table) are different
problems. The shipped network is trained for both, so it gives up some catalogue accuracy for the
desk. The specialist is trained on catalogue views only (`train.py --catalogue-share 1 --select-on
catalogue`); it is sharp on studio shots and blind on desk photos. The graph lets it speak only where
it is competent:

- the gate is the share of near-white pixels in the outer band of the model's input (the letterboxed
  photo, padding included). A studio shot is white all round. A desk photo is not: the table shows on
  at least two sides.
- the output is the general network's logits, each divided by its own fitted temperature, mixed with
  the specialist's by `weight × gate`. The app's temperature (model.json) is then fitted on val over
  these mixed logits, so confidence stays calibrated.

Both networks average each photo with its mirror image, and the gate is symmetric, so the graph keeps
that property. The app sees one input and one output as before. The mixing weight is chosen on val
(the selection split); test is only reported by `npm run eval`.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import (LABELS, MEAN, SIZE, STD, FlipAveraged, ReturnsNet, ece, fit_temperature,  # noqa: E402
                   legacy_exporter, letterbox, logits_of, sha256, to_tensor)

MAX_BYTES = 15 * 1024 * 1024  # issue 2's cap on model.onnx, as classifier.test.ts checks it


class StudioGate(nn.Module):
    """1 for a photo whose outer band is white all round (a studio shot), 0 for one on a table.

    The band is the outer `band` pixels of the 96×96 input. A pixel is white when its darkest channel
    is at least `white` (0.9 ≈ 230 of 255, above JPEG noise on a studio background). The share of
    white pixels goes through a steep sigmoid centred on `centre`, so the gate is 0 or 1 for almost
    every photo and smooth in between (no cliff on one pixel)."""

    def __init__(self, band: int = 6, white: float = 0.9, centre: float = 0.8, sharpness: float = 80.0):
        super().__init__()
        m = torch.zeros(SIZE, SIZE)
        m[:band, :] = m[-band:, :] = 1
        m[:, :band] = m[:, -band:] = 1
        self.register_buffer("mask", (m / m.sum()).view(1, SIZE, SIZE))
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))
        self.white, self.centre, self.sharpness = white, centre, sharpness

    def share(self, x: torch.Tensor) -> torch.Tensor:
        darkest = (x * self.std + self.mean).amin(1)
        return ((darkest >= self.white).float() * self.mask).sum((1, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid((self.share(x) - self.centre) * self.sharpness)


class GeneralPart(nn.Module):
    """The desk-trained network's calibrated logits and the specialist's mixing weight per photo.

    A gate under `CLOSED` (a photo with the table showing: under 1 % open) is set to exactly 0, so a
    desk photo's result is the general network's alone and does not depend on what else is in the batch."""

    CLOSED = 0.01

    def __init__(self, general: nn.Module, t_general: float, weight: float):
        super().__init__()
        self.general, self.gate = FlipAveraged(general), StudioGate()
        self.t_general, self.weight = t_general, weight

    def forward(self, x):
        g = self.gate(x)
        g = g * (g >= self.CLOSED).float() * self.weight
        return self.general(x) / self.t_general, g.unsqueeze(1)


class SpecialistPart(nn.Module):
    def __init__(self, specialist: nn.Module, t_specialist: float):
        super().__init__()
        self.specialist, self.t_specialist = FlipAveraged(specialist), t_specialist

    def forward(self, x):
        return self.specialist(x) / self.t_specialist


def onnx_of(module: nn.Module, outputs: list[str]) -> onnx.ModelProto:
    buf = io.BytesIO()
    torch.onnx.export(module.eval(), torch.zeros(1, 3, SIZE, SIZE), buf, input_names=["input"], output_names=outputs,
                      dynamic_axes={"input": {0: "batch"}, **{o: {0: "batch"} for o in outputs}},
                      opset_version=13, do_constant_folding=True, **legacy_exporter())
    return onnx.load_from_string(buf.getvalue())


def export_pair(general_part: GeneralPart, specialist_part: SpecialistPart, path: Path) -> None:
    """One graph: input → logits = (1 − g) · general + g · specialist, where the specialist's branch (an
    ONNX `If`) runs only when some photo of the batch has its gate open. A batch of desk photos, the
    station's everyday work, then costs what the general network alone costs."""
    from onnx import TensorProto, helper
    gen = onnx_of(general_part, ["general", "gate"])
    spec = onnx_of(specialist_part, ["specialist"])
    p = "specialist/"
    renamed = lambda n: n if n in ("input", "") else p + n  # noqa: E731
    for init in spec.graph.initializer:
        init.name = renamed(init.name)
    for node in spec.graph.node:
        node.name = renamed(node.name)
        node.input[:] = [renamed(i) for i in node.input]
        node.output[:] = [renamed(o) for o in node.output]
    then_branch = helper.make_graph(list(spec.graph.node), "specialist_branch", [],
                                    [helper.make_tensor_value_info(p + "specialist", TensorProto.FLOAT, None)])
    else_branch = helper.make_graph(
        [helper.make_node("Shape", ["general"], ["general_shape"]),
         helper.make_node("ConstantOfShape", ["general_shape"], ["no_specialist"],
                          value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0]))],
        "no_specialist_branch", [], [helper.make_tensor_value_info("no_specialist", TensorProto.FLOAT, None)])
    g = gen.graph
    g.initializer.extend(spec.graph.initializer)
    g.initializer.extend([helper.make_tensor("gate_floor", TensorProto.FLOAT, [], [0.0]),
                          helper.make_tensor("one", TensorProto.FLOAT, [], [1.0])])
    g.node.extend([
        helper.make_node("ReduceMax", ["gate"], ["gate_max"], keepdims=0),
        helper.make_node("Greater", ["gate_max", "gate_floor"], ["any_studio"]),
        helper.make_node("If", ["any_studio"], ["specialist"], then_branch=then_branch, else_branch=else_branch),
        helper.make_node("Sub", ["one", "gate"], ["general_share"]),
        helper.make_node("Mul", ["general_share", "general"], ["general_mixed"]),
        helper.make_node("Mul", ["gate", "specialist"], ["specialist_mixed"]),
        helper.make_node("Add", ["general_mixed", "specialist_mixed"], ["logits"]),
    ])
    del g.output[:]
    g.output.append(helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", len(LABELS)]))
    onnx.checker.check_model(gen)
    onnx.save(gen, str(path))


def load_net(path: Path, width: float) -> nn.Module:
    net = ReturnsNet(width=width)
    net.load_state_dict(torch.load(path, map_location="cpu"))
    return net.eval()


def load_views(root: Path, rels: list[str]) -> torch.Tensor:
    return torch.stack([to_tensor(letterbox(Image.open(root / r).convert("RGB"))) for r in rels])


def store_weights_fp16(path: Path) -> None:
    """Keeps the float weights as float16 in the file, each read back through a Cast to float32.
    onnxruntime folds those Casts into float32 constants when the session loads, so inference runs in
    float32 as before; only the file halves. A weight loses nothing a 3×3 convolution can tell apart
    (float16 keeps 11 significant bits), which `npm run eval` confirms on every split."""
    from onnx import helper, numpy_helper
    model = onnx.load(str(path))
    g = model.graph
    casts = []
    for init in list(g.initializer):
        if init.data_type != onnx.TensorProto.FLOAT or np.prod(init.dims) < 64:
            continue  # scalars and small vectors stay float32: nothing to gain
        arr = numpy_helper.to_array(init)
        half = numpy_helper.from_array(arr.astype(np.float16), init.name + "_fp16")
        g.initializer.remove(init)
        g.initializer.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT,
                                      name=init.name + "_to_fp32"))
    for node in reversed(casts):
        g.node.insert(0, node)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def band_stats(probs: torch.Tensor, ys: torch.Tensor, high: float) -> tuple[float, float]:
    conf, pred = probs.max(1)
    sel = conf >= high
    return sel.float().mean().item(), (pred[sel] == ys[sel]).float().mean().item() if sel.any() else 0.0


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=here.parents[2] / "shared" / "datasets" / "returns10")
    ap.add_argument("--general", type=Path, required=True, help="checkpoint of the desk-trained network")
    ap.add_argument("--general-width", type=float, default=1.5)
    ap.add_argument("--specialist", type=Path, required=True, help="checkpoint of the studio-shot specialist")
    ap.add_argument("--specialist-width", type=float, default=1.0)
    ap.add_argument("--specialist-json", type=Path,
                    help="the model.json that the specialist's training run wrote (its command and best epoch "
                         "go into the training record)")
    ap.add_argument("--weights", default="0.3,0.4,0.5,0.6,0.7",
                    help="mixing weights of the specialist to read on val; the best val accuracy is exported")
    ap.add_argument("--weight", type=float, help="export this mixing weight instead of choosing on val")
    ap.add_argument("--version", required=True, help="model version written to model.json")
    ap.add_argument("--base-json", type=Path, default=here.parent / "returns10" / "model.json",
                    help="model.json whose metrics and training record are carried over (the general network's)")
    ap.add_argument("--out", type=Path, default=here.parent / "returns10")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()

    with open(args.data / "labels.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "val"]
    with open(args.data / "other" / "labels.csv") as f:
        orows = [r for r in csv.DictReader(f) if r["split"] == "val"]
    xv = load_views(args.data, [r["relpath"] for r in rows])
    yv = torch.tensor([LABELS.index(r["category"]) for r in rows])
    xo = load_views(args.data, [r["relpath"] for r in orows])
    print(f"loaded {len(xv)} val and {len(xo)} other/val photos in {time.time() - t0:.0f}s", flush=True)

    general = load_net(args.general, args.general_width)
    specialist = load_net(args.specialist, args.specialist_width)
    fg, fs = FlipAveraged(general).eval(), FlipAveraged(specialist).eval()
    lg, ls = logits_of(fg, xv), logits_of(fs, xv)
    og, os_ = logits_of(fg, xo), logits_of(fs, xo)
    tg, ts = fit_temperature(lg, yv), fit_temperature(ls, yv)
    gate = StudioGate()
    with torch.no_grad():
        gv, go = ((g * (g >= GeneralPart.CLOSED).float()).unsqueeze(1) for g in (gate(xv), gate(xo)))
    print(f"temperatures: general {tg:.4f}, specialist {ts:.4f}; gate open (> 0.5) on "
          f"{(gv > 0.5).float().mean():.1%} of val, {(go > 0.5).float().mean():.1%} of other/val", flush=True)
    for name, lo in (("general", lg), ("specialist", ls)):
        print(f"  {name} alone: val {(lo.argmax(1) == yv).float().mean():.4f}", flush=True)

    high = 0.85
    results = []
    for w in ([args.weight] if args.weight is not None else [float(v) for v in args.weights.split(",")]):
        z = (1 - w * gv) * lg / tg + w * gv * ls / ts
        t = fit_temperature(z, yv)
        p = F.softmax(z / t, 1)
        acc = (p.argmax(1) == yv).float().mean().item()
        cov, prec = band_stats(p, yv, high)
        zo = (1 - w * go) * og / tg + w * go * os_ / ts
        review = (F.softmax(zo / t, 1).max(1).values < high).float().mean().item()
        print(f"weight {w:.2f}: val {acc:.4f} ECE {ece(p, yv):.4f} high band {prec:.4f} @ {cov:.4f}, "
              f"other/val to review {review:.4f} (temperature {t:.4f})", flush=True)
        results.append((acc, w, t))
    acc, w, t = max(results)

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "model.onnx"
    export_pair(GeneralPart(general, tg, w), SpecialistPart(specialist, ts), onnx_path)
    if onnx_path.stat().st_size > MAX_BYTES:
        store_weights_fp16(onnx_path)
    meta = json.loads(args.base_json.read_text())
    training = meta.get("training", {})
    if "studioPair" in training:
        raise SystemExit(f"{args.base_json} already describes a pair: give the general network's own model.json "
                         "(the one train.py --export-from wrote for it) as --base-json")
    n_general = sum(p.numel() for p in general.parameters())
    n_specialist = sum(p.numel() for p in specialist.parameters())
    training.update({
        "architecture": f"two ResNet-style networks, 96x96 input: the desk-trained one "
                        f"({n_general / 1e6:.2f}M parameters) and a studio-shot specialist "
                        f"({n_specialist / 1e6:.2f}M), mixed by a gate on the white outer band of the input "
                        f"(specialist weight {w:g} on studio shots, 0 on desk photos)",
        "studioPair": {
            "general": args.general.name, "specialist": args.specialist.name,
            "temperatureGeneral": round(tg, 6), "temperatureSpecialist": round(ts, 6), "weight": w,
            "gate": "share of pixels in the outer 6-pixel band of the input whose darkest channel is >= 0.9, "
                    "through sigmoid((share - 0.8) * 80), and 0 below 0.01; the specialist "
                    "runs (an ONNX If) only when some photo of the batch has its gate open",
            "weightsInFile": "float16" if any(n.op_type == "Cast" for n in onnx.load(str(onnx_path)).graph.node)
            else "float32",
        },
    })
    stages = list(training.get("stages") or [training.get("command", "")])
    schedule = training.get("schedule", "")
    if args.specialist_json:
        spec = json.loads(args.specialist_json.read_text())["training"]
        stages.append(spec["command"])
        schedule += (f"; the studio-shot specialist: {spec['epochs']} epochs from random weights on catalogue "
                     f"views only (best epoch {spec['bestEpoch']}, chosen on catalogue val; "
                     f"{round(spec['seconds'] / 60)} min), seed {spec['seed']}")
    stages.append(" ".join(["/usr/bin/python3", "models/training/studio_pair.py"] + sys.argv[1:]))
    training.update({"stages": stages, "schedule": schedule})
    meta.update({"version": args.version, "temperature": round(t, 6), "sha256": sha256(onnx_path),
                 "training": training})
    (args.out / "model.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"weight {w:g} (val {acc:.4f}), temperature {t:.4f}: wrote {onnx_path} "
          f"({onnx_path.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
