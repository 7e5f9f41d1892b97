#!/usr/bin/python3
"""The shipped graph: studio shots to the catalogue network, every other photo to the real-photos one.

    /usr/bin/python3 -m models.training.studio_route --photo runs/pipeline/real.pt \
        --catalogue runs/pipeline/catalogue/model.onnx

A photo whose outer band is white all round (a studio shot, as the catalogue's) is scored by the
catalogue network, which the real-photos fine-tune made worse on such shots; any other photo by the
fine-tuned network. The catalogue network sits in an ONNX `If` that runs only when some photo of the
batch is a studio shot, so a night of desk photos costs one network. Weights are stored as float16 to
keep both networks under the 15 MiB cap. Then the band rule: the studio temperature is the smallest,
from the NLL fit up, at which catalogue val's high band is at least 98.5 % right; the photo temperature
the smallest at which real val's high band holds at most --target-wrong wrong photos (none by default;
out-of-set kinds included). Writes model.onnx and model.json (models/returns10/ by default).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn as nn

from .rs import calibrate, data, loop
from .rs.export import band_rule, write_model_json
from .rs.features_output import NAME as FEATURES, add_features_output
from .rs.model import SIZE, FlipAveraged, ReturnsNet
from .rs.onnx_graph import onnx_of, round_weights_fp16, store_weights_fp16
from .rs.route_graph import StudioGate, add_route, save_checked

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "datasets"


class PhotoPart(nn.Module):
    """The fine-tuned network's logits and the studio flag of each photo."""

    def __init__(self, photo_net: nn.Module):
        super().__init__()
        self.net = FlipAveraged(photo_net)
        self.gate = StudioGate()

    def forward(self, x):
        return self.net(x), self.gate(x)


def export_route(photo_net: nn.Module, catalogue_onnx: Path, path: Path) -> int:
    """Writes the graph; returns the size of its `features` output."""
    g_model = onnx_of(PhotoPart(photo_net), ["photo_logits", "studio"])
    add_route(g_model, catalogue_onnx)
    size = add_features_output(g_model)
    store_weights_fp16(g_model)
    save_checked(g_model, path)
    return size


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photo", type=Path, required=True, help="the real-photos stage's checkpoint (real_stage.py --checkpoint)")
    ap.add_argument("--photo-json", type=Path, help="the model.json that stage wrote (its training record is kept)")
    ap.add_argument("--catalogue", type=Path, required=True, help="the catalogue network's model.onnx (one network)")
    ap.add_argument("--width", type=float, default=1.5)
    ap.add_argument("--data", type=Path, default=SHARED / "returns10")
    ap.add_argument("--real", type=Path, default=SHARED / "real-clothing")
    ap.add_argument("--target-wrong", type=float, default=0.0,
                    help="the high band's allowance of wrong photos on real val; 0 (none): a desk head never sees "
                         "the photos the base model auto-approves, so each wrong one stays wrong however much it learns")
    ap.add_argument("--studio-precision", type=float, default=0.984,
                    help="the high band's precision on catalogue val's studio shots")
    ap.add_argument("--high", type=float, default=0.85)
    ap.add_argument("--out", type=Path, default=HERE.parent / "returns10")
    ap.add_argument("--version", default="2.1.0")
    ap.add_argument("--threads", type=int, default=1,
                    help="PyTorch threads (1: on a shared 2-core machine, two OpenMP threads wait on each other)")
    ap.add_argument("--cache", type=Path, help="keep the val logits here and reuse them (to try other band rules)")
    args = ap.parse_args(argv)
    t0 = time.time()
    torch.set_num_threads(args.threads)
    label_map = data.read_label_map(args.real / "label-map.json")
    val = {"catalogue": data.load_catalogue(args.data, "val"), "real": data.load_real(args.real, "val", label_map)}
    xv = {k: loop.fixed_views(v) for k, v in val.items()}
    mv = {k: data.mask_tensor(v) for k, v in val.items()}

    photo = ReturnsNet(width=args.width)
    photo.load_state_dict(torch.load(args.photo, map_location="cpu"))
    photo.eval()
    from .onnx_init import init_from_onnx
    catalogue = ReturnsNet(width=args.width)
    init_from_onnx(catalogue, args.catalogue, SIZE, xv["catalogue"][:1024])
    # What the float16 file computes (close; the card's numbers come from the app's own code).
    fp_photo, fp_cat = FlipAveraged(round_weights_fp16(photo)), FlipAveraged(round_weights_fp16(catalogue))

    def routed(x):
        studio = calibrate.is_studio(x)
        lp, lc = loop.logits_of(fp_photo, x), loop.logits_of(fp_cat, x[studio]) if studio.any() else None
        if lc is not None:
            lp[studio] = lc
        return lp, studio

    if args.cache and args.cache.exists():
        lc, sc, lr_, sr = torch.load(args.cache)
    else:
        lc, sc = routed(xv["catalogue"])
        lr_, sr = routed(xv["real"])
        if args.cache:
            torch.save((lc, sc, lr_, sr), args.cache)
    temps = calibrate.band_temperatures(lc, mv["catalogue"], sc, lr_, mv["real"], sr, args.target_wrong,
                                        args.studio_precision, args.high)
    t_studio_nll, t_studio, t_photo_nll, t_photo = (temps[k] for k in ("studioNll", "studio", "photoNll", "photo"))
    print(f"studio shots: catalogue val {float(sc.float().mean()):.3f}, real val {float(sr.float().mean()):.3f}; "
          f"temperatures: studio {t_studio_nll:.4f} -> {t_studio:.4f}, photo {t_photo_nll:.4f} -> {t_photo:.4f}", flush=True)
    for name, lg, st in (("catalogue", lc, sc), ("real", lr_, sr)):
        t = torch.where(st, torch.tensor(t_studio), torch.tensor(t_photo))[:, None]
        print(f"{name} val: accuracy {calibrate.accuracy(lg, mv[name]):.4f}; high band "
              f"{calibrate.high_band(lg / t, mv[name], 1.0, args.high)}", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "model.onnx"
    features = export_route(photo, args.catalogue, onnx_path)
    training = json.loads(args.photo_json.read_text())["training"] if args.photo_json else {}
    training["testTimeAugmentation"] = ("horizontal flip: each network scores the photo and its mirror image "
                                         "and averages the logits")
    training["route"] = {
        "command": " ".join(["/usr/bin/python3", "models/training/studio_route.py"] + (argv or sys.argv[1:])),
        "studio": "catalogue network (npm run train's stages 1-8), in an ONNX If that runs only when the batch holds a studio shot",
        "photo": "the real-photos stage's network",
        "weightsInFile": "float16",
        "temperatureFit": {"studioNll": round(t_studio_nll, 6), "photoNll": round(t_photo_nll, 6)},
    }
    write_model_json(args.out / "model.json", onnx_path, args.version, t_studio,
                     band_rule(t_studio, t_photo, args.high, args.target_wrong, args.studio_precision), training,
                     embedding={"name": FEATURES, "size": features})
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
