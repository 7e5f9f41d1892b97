"""Average the weights of checkpoints of one network (same width), for `train.py --export-from`.

Two consecutive fine-tuning stages end in the same basin, so the average of their weights scores
like an ensemble of the two at the cost of one network (v1.9.0 averages stages 6 and 7). BatchNorm
running statistics are averaged with the rest: between two such nearby checkpoints they move little
(`train.py --export-from AVG --recompute-bn` measures them anew; for v1.10.0 that changed val by one
photo), and `npm run eval` of the export is what decides whether it ships.

    /usr/bin/python3 -m models.training.average_weights A.pt B.pt --out runs/avg.pt
"""

import argparse
from pathlib import Path

import torch


def average(paths: list[Path]) -> dict:
    states = [torch.load(p, map_location="cpu") for p in paths]
    keys = list(states[0])
    for p, s in zip(paths[1:], states[1:]):
        if list(s) != keys or any(s[k].shape != states[0][k].shape for k in keys):
            raise SystemExit(f"{p}: not the same network as {paths[0]} (layers or shapes differ; same --width?)")
    out = {}
    for k in keys:
        if states[0][k].is_floating_point():
            out[k] = sum(s[k].double() for s in states).div(len(states)).to(states[0][k].dtype)
        else:  # counters such as num_batches_tracked: keep the last checkpoint's
            out[k] = states[-1][k]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", type=Path, nargs="+", help="state dicts written by train.py --checkpoint")
    ap.add_argument("--out", type=Path, required=True, help="where the averaged state dict goes")
    args = ap.parse_args()
    if len(args.checkpoints) < 2:
        raise SystemExit("give two or more checkpoints to average")
    for p in args.checkpoints:
        if not p.is_file():
            raise SystemExit(f"{p}: no such checkpoint (train.py --checkpoint writes one)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(average(args.checkpoints), args.out)
    print(f"wrote {args.out}: the mean of {len(args.checkpoints)} checkpoints")


if __name__ == "__main__":
    main()
