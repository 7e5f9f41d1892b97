#!/usr/bin/python3
"""Does "none of the ten" generalise to kinds never seen in training? Train the real-photos stage again
with some out-of-set kinds left out (of real-clothing and of returns10/other), then measure, with the
app's own code (`npm run eval`), how many photos of each held-out kind go to review.

    /usr/bin/python3 -m models.training.leave_kinds_out --out /tmp/returns10-eval/leave-out.json

Held-out photos measured: every photo of a held-out real kind (train and val: the variant saw none of
them) and every other/val and other/test photo of a held-out catalogue kind. Writes a JSON table
{kind: {source, count, sentToReview}} plus the totals; the card prints it. Resumable like the stage.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = REPO.parent / "shared" / "datasets"
HELD_REAL = ["hat", "skirt"]
HELD_OTHER = ["Capris", "Lipstick", "Necklace and Chains", "Sarees", "Sweaters"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "returns10")
    ap.add_argument("--real", type=Path, default=SHARED / "real-clothing")
    ap.add_argument("--init-onnx", type=Path, default=REPO / "models/training/runs/pipeline/catalogue/model.onnx",
                    help="the catalogue network the real stage starts from (as npm run train's stage real)")
    ap.add_argument("--work", type=Path, default=HERE / "runs" / "leave-out")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    model_dir = args.work / "model"
    if not (model_dir / "model.json").exists():
        code = subprocess.run(["nice", "-n", "10", "/usr/bin/python3", "-m", "models.training.real_stage",
                               "--data", str(args.data), "--real", str(args.real), "--init-onnx", str(args.init_onnx),
                               "--exclude-real", ",".join(HELD_REAL), "--exclude-other", ",".join(HELD_OTHER),
                               "--checkpoint", str(args.work / "real.pt"), "--out", str(model_dir),
                               "--version", "leave-kinds-out", "--threads", "1"]).returncode
        if code:
            return code
    table: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="rs-leave-out-") as tmp:
        held = Path(tmp)
        for kind in HELD_REAL:
            for split in ("train", "val"):
                for p in sorted((args.real / split / kind).iterdir()):
                    (held / kind).mkdir(exist_ok=True)
                    shutil.copyfile(p, held / kind / f"{split}-{p.name}")
        with open(args.data / "other" / "labels.csv") as f:
            for r in csv.DictReader(f):
                if r["article_type"] in HELD_OTHER and r["split"] in ("val", "test"):
                    (held / r["article_type"]).mkdir(exist_ok=True)
                    shutil.copyfile(args.data / r["relpath"], held / r["article_type"] / f"{r['split']}-{Path(r['relpath']).name}")
        label_map = held.parent / f"{held.name}.map.json"
        label_map.write_text(json.dumps({k: [] for k in HELD_REAL + HELD_OTHER}))
        r = subprocess.run(["npm", "run", "-s", "eval", "--", "--data", str(held), "--label-map", str(label_map),
                            "--model", str(model_dir), "--json"], cwd=REPO, capture_output=True, text=True)
        label_map.unlink()
        if r.returncode:
            print(r.stdout, r.stderr, file=sys.stderr)
            return r.returncode
        report = json.loads(r.stdout.strip().splitlines()[-1])
    for kind, m in sorted(report["perKind"].items()):
        table[kind] = {"source": "real-clothing" if kind in HELD_REAL else "returns10/other",
                       "count": m["count"], "sentToReview": 1 - m["autoApproved"] / m["count"]}
    total = sum(v["count"] for v in table.values())
    out = {"heldOut": table, "kindsAtLeast90": sum(v["sentToReview"] >= 0.9 for v in table.values()),
           "kinds": len(table), "photos": total,
           "sentToReview": sum(v["sentToReview"] * v["count"] for v in table.values()) / total,
           "model": report["model"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    for kind, v in table.items():
        print(f"{kind:22} {v['source']:16} {v['count']:5}  {v['sentToReview'] * 100:6.2f} % to review")
    print(f"{out['kindsAtLeast90']} of {out['kinds']} held-out kinds have >= 90 % sent to review")
    return 0


if __name__ == "__main__":
    sys.exit(main())
