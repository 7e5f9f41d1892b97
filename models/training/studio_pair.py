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

With `--desk-views`, a desk photo (gate shut) that the general network alone does not put in the high
band is scored again on more views of the same input (a half turn, a centre crop enlarged, …) and the
logits are averaged: desk photos come at any rotation and framing, and the views vote out a bad one.
That branch runs only on those photos (Compress → network → ScatterND inside an ONNX `If`), so a photo
the network is sure of, and every studio shot, costs what it did.

Both networks average each photo with its mirror image, and the gate and the views are symmetric, so
the graph keeps that property. The app sees one input and one output as before. The mixing weight is chosen on val
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

    def __init__(self, general: nn.Module, t_general: float, weight: float, doubt: float = 0.0):
        super().__init__()
        self.general, self.gate = FlipAveraged(general), StudioGate()
        self.t_general, self.weight, self.doubt = t_general, weight, doubt

    def forward(self, x):
        g = self.gate(x)
        shut = (g < self.CLOSED).float()
        z = self.general(x) / self.t_general
        # A desk photo (gate shut) that the general network alone does not put in the high band.
        doubt = shut * (F.softmax(z, 1).amax(1) < self.doubt).float()
        return z, (1 - shut) * g * self.weight, doubt


DESK_VIEWS = {  # quarter turns as torch.rot90(x, k, (2, 3)), written with ops the ONNX exporter knows
    "r90": lambda x: torch.flip(x, [3]).transpose(2, 3),
    "r180": lambda x: torch.flip(x, [2, 3]),
    "r270": lambda x: torch.flip(x.transpose(2, 3), [3]),
    "c80": lambda x: centre_crop(x, 0.8),
    "c65": lambda x: centre_crop(x, 0.65),
}


def centre_crop(x: torch.Tensor, frac: float) -> torch.Tensor:
    """The middle `frac` of each side of the model's input, enlarged back to 96×96: on a desk photo the
    item fills more of the frame, as if the clerk had stepped closer."""
    n = round(SIZE * frac)
    o = (SIZE - n) // 2
    return F.interpolate(x[:, :, o:o + n, o:o + n], size=(SIZE, SIZE), mode="bilinear", align_corners=False)


def parse_desk_views(spec: str) -> list[str]:
    views = [v for v in spec.split(",") if v]
    unknown = [v for v in views if v not in DESK_VIEWS]
    if unknown:
        raise SystemExit(f"--desk-views: unknown view(s) {', '.join(unknown)}; known: {', '.join(DESK_VIEWS)}")
    # A quarter turn of the mirror image is the mirror image of the opposite quarter turn, so the graph
    # stays mirror-symmetric only with both quarter turns or neither.
    if ("r90" in views) != ("r270" in views):
        raise SystemExit("--desk-views: r90 and r270 go together (the mirror image of one is the other)")
    return views


class DeskViewsPart(nn.Module):
    """The general network's calibrated logits summed over extra views of a photo (each with its mirror
    image). The graph runs it only on the desk photos in doubt, and averages it with the photo's own."""

    def __init__(self, general: nn.Module, t_general: float, views: list[str]):
        super().__init__()
        self.general, self.t_general, self.views = FlipAveraged(general), t_general, views

    def forward(self, x):
        return sum(self.general(DESK_VIEWS[v](x)) for v in self.views) / self.t_general


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


def import_subgraph(sub: onnx.ModelProto, prefix: str, inputs: dict[str, str], outer: onnx.GraphProto) -> list:
    """The nodes of `sub` renamed under `prefix` (graph inputs renamed by `inputs`), with its initializers
    moved into `outer`, where a branch of an `If` can read them. An initializer that `outer` already holds
    with the same values (the same network exported twice) is shared, not stored again."""
    from onnx import numpy_helper
    held = {}
    for init in outer.initializer:
        a = numpy_helper.to_array(init)
        held.setdefault((a.dtype.str, a.shape, a.tobytes()), init.name)
    renamed = {}
    for init in sub.graph.initializer:
        a = numpy_helper.to_array(init)
        same = held.get((a.dtype.str, a.shape, a.tobytes()))
        renamed[init.name] = same or prefix + init.name
        if not same:
            init.name = prefix + init.name
            outer.initializer.append(init)
    name = lambda n: inputs.get(n) or renamed.get(n) or ("" if n == "" else prefix + n)  # noqa: E731
    for node in sub.graph.node:
        node.name = prefix + node.name
        node.input[:] = [name(i) for i in node.input]
        node.output[:] = [name(o) for o in node.output]
    return list(sub.graph.node)


def export_pair(general_part: GeneralPart, specialist_part: SpecialistPart, path: Path,
                desk_part: DeskViewsPart | None = None) -> None:
    """One graph: input → logits = (1 − g) · general + g · specialist, where the specialist's branch (an
    ONNX `If`) runs only when some photo of the batch has its gate open. A batch of desk photos, the
    station's everyday work, then costs what the general network alone costs."""
    from onnx import TensorProto, helper
    gen = onnx_of(general_part, ["general_own", "gate", "doubt"])
    g = gen.graph
    g.initializer.extend([helper.make_tensor("gate_floor", TensorProto.FLOAT, [], [0.0]),
                          helper.make_tensor("one", TensorProto.FLOAT, [], [1.0])])

    def zeros_branch(name: str) -> onnx.GraphProto:
        return helper.make_graph(
            [helper.make_node("Shape", ["general_own"], [name + "_shape"]),
             helper.make_node("ConstantOfShape", [name + "_shape"], [name],
                              value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0]))],
            name + "_branch", [], [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)])

    def only_if_any(flag: str, cond: str, out: str, then_branch, else_branch) -> list:
        """`out` = then_branch when some photo of the batch has `flag` > 0, else else_branch (zeros)."""
        return [helper.make_node("ReduceMax", [flag], [flag + "_max"], keepdims=0),
                helper.make_node("Greater", [flag + "_max", "gate_floor"], [cond]),
                helper.make_node("If", [cond], [out], then_branch=then_branch, else_branch=else_branch)]

    if desk_part is None:
        g.node.append(helper.make_node("Identity", ["general_own"], ["general"]))
    else:
        # Desk photos in doubt, picked out of the batch (Compress), scored on the extra views and put
        # back in their rows (ScatterND); the branch runs only when the batch holds such a photo.
        desk = import_subgraph(onnx_of(desk_part, ["views"]), "desk_views/", {"input": "doubt_input"}, g)
        then_branch = helper.make_graph(
            [helper.make_node("Cast", ["doubt"], ["doubt_bool"], to=TensorProto.BOOL),
             helper.make_node("Compress", ["input", "doubt_bool"], ["doubt_input"], axis=0),
             helper.make_node("NonZero", ["doubt_bool"], ["doubt_rows_t"]),
             helper.make_node("Transpose", ["doubt_rows_t"], ["doubt_rows"], perm=[1, 0]),
             *desk,
             helper.make_node("Shape", ["general_own"], ["views_shape"]),
             helper.make_node("ConstantOfShape", ["views_shape"], ["views_zero"],
                              value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0])),
             helper.make_node("ScatterND", ["views_zero", "doubt_rows", "desk_views/views"], ["desk_views"])],
            "desk_views_branch", [], [helper.make_tensor_value_info("desk_views", TensorProto.FLOAT, None)])
        g.initializer.append(helper.make_tensor("extra_views", TensorProto.FLOAT, [], [float(len(desk_part.views))]))
        g.node.extend([
            *only_if_any("doubt", "any_doubt", "desk_views_sum", then_branch, zeros_branch("no_desk_views")),
            helper.make_node("Add", ["general_own", "desk_views_sum"], ["views_total"]),
            helper.make_node("Mul", ["doubt", "extra_views"], ["doubt_extra"]),
            helper.make_node("Add", ["one", "doubt_extra"], ["views_count"]),
            helper.make_node("Unsqueeze", ["views_count", "axis_one"], ["views_count_col"]),
            helper.make_node("Div", ["views_total", "views_count_col"], ["general"]),
        ])
        g.initializer.append(helper.make_tensor("axis_one", TensorProto.INT64, [1], [1]))
    spec = import_subgraph(onnx_of(specialist_part, ["specialist"]), "specialist/", {"input": "input"}, g)
    then_branch = helper.make_graph(spec, "specialist_branch", [],
                                    [helper.make_tensor_value_info("specialist/specialist", TensorProto.FLOAT, None)])
    g.node.extend([
        helper.make_node("Unsqueeze", ["gate", "axis_one_g"], ["gate_col"]),
        *only_if_any("gate", "any_studio", "specialist", then_branch, zeros_branch("no_specialist")),
        helper.make_node("Sub", ["one", "gate_col"], ["general_share"]),
        helper.make_node("Mul", ["general_share", "general"], ["general_mixed"]),
        helper.make_node("Mul", ["gate_col", "specialist"], ["specialist_mixed"]),
        helper.make_node("Add", ["general_mixed", "specialist_mixed"], ["logits"]),
    ])
    g.initializer.append(helper.make_tensor("axis_one_g", TensorProto.INT64, [1], [1]))
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


def with_desk_views(logits: torch.Tensor, x: torch.Tensor, gate: torch.Tensor, t_general: float,
                    desk_part: "DeskViewsPart | None", doubt: float) -> torch.Tensor:
    """The general network's logits (before its temperature) as the graph uses them: for a desk photo in
    doubt, the mean over the photo and the extra views. Without views, `logits` itself, so the
    arithmetic (and the fitted temperature) is v1.11.0's to the last bit."""
    if desk_part is None:
        return logits
    rows = ((gate.squeeze(1) == 0) & (F.softmax(logits / t_general, 1).amax(1) < doubt)).nonzero().squeeze(1)
    z = logits.clone()
    if len(rows):
        z[rows] = (z[rows] + logits_of(desk_part, x[rows]) * t_general) / (1 + len(desk_part.views))
    return z


def load_desk_split(data: Path, desk: Path) -> tuple[torch.Tensor, torch.Tensor]:
    """The desk variant's photos at model size. JPEG decoding at 1/8 scale (PIL's draft, as sharp's
    shrink-on-load in the app) keeps 3,400 photos of 1600×1200 to a minute."""
    xs, ys = [], []
    for path in sorted(desk.glob("*/*.jpg")):
        if path.parent.name not in LABELS:
            continue
        img = Image.open(path)
        img.draft("RGB", (SIZE * 2, SIZE * 2))
        xs.append(to_tensor(letterbox(img.convert("RGB"))))
        ys.append(LABELS.index(path.parent.name))
    if not xs:
        raise SystemExit(f"--desk-data {desk}: no <Category>/<photo>.jpg of the ten labels")
    return torch.stack(xs), torch.tensor(ys)


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
    ap.add_argument("--specialist-json", type=Path, action="append", default=[],
                    help="the model.json that the specialist's training run wrote (its command and best epoch "
                         "go into the training record); once per run when the specialist is a mean of runs")
    ap.add_argument("--stage", action="append", default=[],
                    help="a further command that made the specialist (e.g. average_weights.py), for the record")
    ap.add_argument("--weights", default="0.3,0.4,0.5,0.6,0.7",
                    help="mixing weights of the specialist to read on val; the best val accuracy is exported")
    ap.add_argument("--weight", type=float, help="export this mixing weight instead of choosing on val")
    ap.add_argument("--version", required=True, help="model version written to model.json")
    ap.add_argument("--base-json", type=Path, default=here.parent / "returns10" / "model.json",
                    help="model.json whose metrics and training record are carried over (the general network's)")
    ap.add_argument("--out", type=Path, default=here.parent / "returns10")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--desk-views", default="",
                    help=f"extra views ({', '.join(DESK_VIEWS)}; comma-separated) on which the general network "
                         "also scores a desk photo it is in doubt about; none by default")
    ap.add_argument("--desk-doubt", type=float, default=0.85,
                    help="a desk photo is in doubt when the general network alone gives it less than this")
    ap.add_argument("--desk-data", type=Path,
                    help="a desk variant of val (make_desk_variant.py --src DATA/val) on which to report the "
                         "extra views: the general network with and without them")
    args = ap.parse_args()
    views = parse_desk_views(args.desk_views)
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
    desk_part = DeskViewsPart(general, tg, views).eval() if views else None
    lg, og = (with_desk_views(lo, x, g, tg, desk_part, args.desk_doubt) for lo, x, g in ((lg, xv, gv), (og, xo, go)))
    if desk_part is not None and args.desk_data:
        xd, yd = load_desk_split(args.data, args.desk_data)
        ld = logits_of(fg, xd)
        with torch.no_grad():
            gd = gate(xd)
        gd = (gd * (gd >= GeneralPart.CLOSED).float()).unsqueeze(1)
        for name, lo in (("without", ld), ("with", with_desk_views(ld, xd, gd, tg, desk_part, args.desk_doubt))):
            cov, prec = band_stats(F.softmax(lo / tg, 1), yd, high)
            print(f"desk val, the general network {name} the extra views {'+'.join(views)}: "
                  f"{(lo.argmax(1) == yd).float().mean():.4f}, high band {prec:.4f} @ {cov:.4f} "
                  f"(its own temperature)", flush=True)
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
    export_pair(GeneralPart(general, tg, w, args.desk_doubt if views else 0.0), SpecialistPart(specialist, ts),
                onnx_path, desk_part)
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
    if views:
        training["deskViews"] = {
            "views": views, "doubt": args.desk_doubt,
            "rule": f"a desk photo (gate shut) that the general network alone gives less than {args.desk_doubt:g} is "
                    f"also scored on {len(views)} more views of the model's input ({', '.join(views)}; r: quarter "
                    f"turns, c: centre crops of that share of each side), each with its mirror image, and the "
                    f"logits are averaged; the branch (an ONNX If) runs only when the batch holds such a photo",
        }
    stages = list(training.get("stages") or [training.get("command", "")])
    schedule = training.get("schedule", "")
    for k, path in enumerate(args.specialist_json):
        spec = json.loads(path.read_text())["training"]
        stages.append(spec["command"])
        start = "from random weights" if "--init" not in spec["command"] else "from the run before"
        schedule += (f"; {'the studio-shot specialist' if k == 0 else 'then'}: {spec['epochs']} epochs {start} on "
                     f"catalogue views only (best epoch {spec['bestEpoch']}, chosen on catalogue val; "
                     f"{round(spec['seconds'] / 60)} min), seed {spec['seed']}")
    stages.extend(args.stage)
    stages.append(" ".join(["/usr/bin/python3", "models/training/studio_pair.py"] + sys.argv[1:]))
    training.update({"stages": stages, "schedule": schedule})
    meta.update({"version": args.version, "temperature": round(t, 6), "sha256": sha256(onnx_path),
                 "training": training})
    (args.out / "model.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"weight {w:g} (val {acc:.4f}), temperature {t:.4f}: wrote {onnx_path} "
          f"({onnx_path.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
