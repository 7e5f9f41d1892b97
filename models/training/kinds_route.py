#!/usr/bin/python3
"""The shipped graph of a kinds model: category logits routed as in studio_route.py (studio shots to
the catalogue network, every other photo to the kinds network), and from the kinds network, for every
photo, the kinds' logits and the pooled features a desk head learns from.

    /usr/bin/python3 -m models.training.kinds_route --kinds runs/pipeline/kinds.pt \
        --catalogue runs/pipeline/catalogue/model.onnx --version 3.0.0

The band rule reads a photo's confidence as the smaller of the category head's and the kinds' backing
of the same answer (rs/calibrate.py `confidence`): both must say so. Its temperatures are chosen on
catalogue val (studio shots) and on the choosing fold of senders (rs/kinds.py: photos whose senders
the fit never saw), none wrong in the high band by default. model.json maps each kind to its
categories and names it for people ("looks like Trousers").
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from .rs import calibrate, data, kinds, loop
from .rs.export import band_rule, write_model_json
from .rs.model import SIZE, FlipAveraged, KindsExport, KindsNet, ReturnsNet
from .rs.onnx_graph import onnx_of, round_weights_fp16, store_weights_fp16
from .rs.route_graph import StudioGate, add_route, save_checked

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "datasets"

# How a person calls each real-clothing kind (catalogue article types are already names).
REAL_NAMES = {
    "t-shirt": "T-shirt", "shirt": "Shirt", "shoes": "Shoes", "longsleeve": "Long-sleeved top", "polo": "Polo shirt",
    "top": "Top", "blouse": "Blouse", "dress": "Dress", "hat": "Hat", "outwear": "Jacket or coat", "pants": "Trousers",
    "shorts": "Shorts", "skirt": "Skirt", "undershirt": "Undershirt", "blazer": "Blazer", "hoodie": "Hoodie",
    "body": "Bodysuit",
}


class KindsPart(nn.Module):
    """The kinds network's outputs for the route: photo_logits, kinds, features and the studio flag."""

    def __init__(self, net: KindsNet):
        super().__init__()
        self.net = KindsExport(net)
        self.gate = StudioGate()

    def forward(self, x):
        logits, kind_logits, features = self.net(x)
        return logits, kind_logits, features, self.gate(x)


def display_name(kind: str) -> str:
    return REAL_NAMES.get(kind[len(kinds.REAL_PREFIX):], kind) if kind.startswith(kinds.REAL_PREFIX) else kind


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", type=Path, required=True, help="kinds_stage.py's best checkpoint")
    ap.add_argument("--catalogue", type=Path, required=True, help="the catalogue network's model.onnx (one network)")
    ap.add_argument("--datasets", type=Path, default=SHARED)
    ap.add_argument("--target-wrong", type=float, default=0.0)
    ap.add_argument("--studio-precision", type=float, default=0.984)
    ap.add_argument("--high", type=float, default=0.85)
    ap.add_argument("--out", type=Path, default=HERE.parent / "returns10")
    ap.add_argument("--version", default="3.1.0")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.time()
    torch.set_num_threads(args.threads)
    d = args.datasets
    label_map = data.read_label_map(d / "real-clothing" / "label-map.json")
    state = torch.load(args.kinds, map_location="cpu")
    vocab: list[str] = state["kinds"]
    kind_cats = kinds.kind_categories(vocab, label_map)
    agree = torch.tensor([[1.0 if c in kind_cats[k] else 0.0 for c in data.LABELS] for k in vocab])

    net = KindsNet(len(vocab), width=state["width"])
    net.load_state_dict(state["model"])
    net.eval()
    from .onnx_init import init_from_onnx
    real_val, real_kind_idx = kinds.load_real_folds(d / "real-clothing", {kinds.CHOOSE_FOLD}, label_map, vocab)
    val = {"catalogue": data.load_catalogue(d / "returns10", "val"), "real": real_val}
    xv = {k: loop.fixed_views(v) for k, v in val.items()}
    mv = {k: data.mask_tensor(v) for k, v in val.items()}
    catalogue = ReturnsNet(width=state["width"])
    init_from_onnx(catalogue, args.catalogue, SIZE, xv["catalogue"][:1024])
    # What the float16 file computes (close; the card's numbers come from the app's own code).
    fp_kinds = KindsExport(round_weights_fp16(net))
    fp_cat = FlipAveraged(round_weights_fp16(catalogue))

    @torch.no_grad()
    def routed(x):
        studio = calibrate.is_studio(x)
        outs = [fp_kinds(x[i:i + 32]) for i in range(0, len(x), 32)]
        lg, kl = torch.cat([o[0] for o in outs]), torch.cat([o[1] for o in outs])
        if studio.any():
            lg[studio] = loop.logits_of(fp_cat, x[studio])
        return lg, kl, studio

    lc, kc, sc = routed(xv["catalogue"])
    lr_, kr, sr = routed(xv["real"])
    # The kinds' own temperature: the NLL fit of the kinds head on the choosing fold's real photos and
    # catalogue val, by their kinds. Sharing the category head's temperature (3.0.0-rc1) read the kinds
    # at a temperature chosen for another head, and lowered the backing of answers both heads agree on.
    kind_rows = torch.cat([kc, kr])
    kind_of = torch.cat([torch.tensor([int(m.argmax()) for m in val["catalogue"].masks]), torch.from_numpy(real_kind_idx)])
    t_kinds = calibrate.fit_temperature(kind_rows, F.one_hot(kind_of, len(vocab)).float())
    print(f"kinds temperature (NLL on the choosing fold and catalogue val): {t_kinds:.4f}", flush=True)
    temps = calibrate.band_temperatures(lc, mv["catalogue"], sc, lr_, mv["real"], sr, args.target_wrong,
                                        args.studio_precision, args.high, cat_kinds=(kc, agree, t_kinds),
                                        real_kinds=(kr, agree, t_kinds))
    t_studio, t_photo = temps["studio"], temps["photo"]
    print(f"temperatures: studio {temps['studioNll']:.4f} -> {t_studio:.4f}, photo {temps['photoNll']:.4f} -> "
          f"{t_photo:.4f}", flush=True)
    for name, lg, kl, st in (("catalogue val", lc, kc, sc), ("real choosing fold", lr_, kr, sr)):
        t = torch.where(st, torch.tensor(t_studio), torch.tensor(t_photo))[:, None]
        print(f"{name}: accuracy {calibrate.accuracy(lg, mv['catalogue' if 'catalogue' in name else 'real']):.4f}; "
              f"high band {calibrate.high_band(lg / t, mv['catalogue' if 'catalogue' in name else 'real'], 1.0, args.high, (kl, agree, t_kinds))}",
              flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "model.onnx"
    g_model = onnx_of(KindsPart(net), ["photo_logits", "kinds", "features", "studio"])
    add_route(g_model, args.catalogue)
    store_weights_fp16(g_model)
    save_checked(g_model, onnx_path)
    features = net.fc.in_features
    training = {
        "stage": "kinds",
        "command": " ".join(["/usr/bin/python3", "models/training/kinds_route.py"] + (argv or sys.argv[1:])),
        "data": ("returns10/train, returns10/other/train, catalogue-kinds/train and real-clothing photos of sender "
                 f"folds 0-{kinds.CHOOSE_FOLD - 1} (train, val and extra); epoch and band rule chosen on returns10/val "
                 f"and sender fold {kinds.CHOOSE_FOLD}; fold {kinds.JUDGE_FOLD} judges"),
        "senderFolds": {"folds": kinds.FOLDS, "choose": kinds.CHOOSE_FOLD, "judge": kinds.JUDGE_FOLD,
                        "rule": "senders.csv's senders, sha1('returns-station/senders/v1:' + sender) order, biggest first, "
                                "each to the fold with the fewest photos"},
        "epoch": state.get("epoch"), "testTimeAugmentation": "horizontal flip, logits and features averaged",
        "route": "studio shots' category logits from the catalogue network (an ONNX If); kinds and features always "
                 "from the kinds network", "weightsInFile": "float16", "seconds": round(time.time() - t0),
    }
    rule = band_rule(t_studio, t_photo, args.high, args.target_wrong, args.studio_precision)
    rule["kindsBacking"] = True
    rule["kindsTemperature"] = round(t_kinds, 6)
    rule["description"] += (
        "; with kindsBacking the confidence is the smaller of that and the kinds' backing of the same answer, "
        "sum of softmax(kinds / kindsTemperature) over the kinds whose categories include it")
    rule["description"] = rule["description"].replace("real val's high band", f"sender fold {kinds.CHOOSE_FOLD}'s high band")
    write_model_json(args.out / "model.json", onnx_path, args.version, t_studio, rule, training,
                     embedding={"name": "features", "size": features},
                     kinds={"name": "kinds", "labels": vocab, "categories": kind_cats,
                            "names": {k: display_name(k) for k in vocab}})
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
