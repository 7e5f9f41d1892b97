#!/usr/bin/python3
"""`npm run train`: every stage of the shipped model, in order, from the data alone.

    npm run train                           # all stages (about 10 h on 2 CPU cores)
    npm run train -- --catalogue-from-git   # the real and kinds stages, from the catalogue network in git (about 1 h)
    npm run train -- --device cuda          # on a lent GPU machine (see README.md)
    npm run train -- --dry-run              # print the plan and what is already done

Stages 1–8 train the catalogue network (v1.3.0 → v1.10.0 of the model's history, each from the one
before, writing into models/training/runs/pipeline/); stage "real" fine-tunes it on photos taken by
people, by sender folds (real_stage.py --sender-folds: folds 0-7 train, fold 8 chooses, fold 9 is
never read); stage "kinds" teaches that network every kind the data names as its own class
(kinds_stage.py), and "kinds-route" writes the shipped graph (studio shots to the catalogue network,
other photos to the kinds network) with its kinds output and band rule (kinds_route.py): --out
(models/returns10/) model.onnx and model.json; "app-temperature" raises its photo temperature until
the app's own code auto-approves no wrong photo of the choosing fold (app_temperature.py).
Resumable: a finished stage leaves <stage>.done beside its outputs and is skipped on the next run; a
killed stage starts again (the real stage goes on from its last finished epoch). Logs go to
runs/pipeline/<stage>.log.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PY = "/usr/bin/python3"
# The catalogue network of model v1.10.0 (the general network of v1.11.0), for --catalogue-from-git.
CATALOGUE_COMMIT = "1da5904"


@dataclass
class Stage:
    name: str
    args: list[str]
    output: str  # the file the next stage starts from
    minutes: int  # measured on 2 CPU cores (models/training/EXPERIMENTS.md)


def stages(data: str, real: str, work: str, device: str, out: str = "models/returns10") -> list[Stage]:
    t = ["models/training/train.py", "--data", data, "--device", device]
    w = work
    return [
        Stage("1-scratch", t + ["--checkpoint", f"{w}/s1.pt", "--out", f"{w}/s1"], f"{w}/s1/model.onnx", 47),
        Stage("2", t + ["--init", f"{w}/s1.pt", "--epochs", "18", "--lr", "0.03", "--catalogue-share", "0.4",
                        "--checkpoint", f"{w}/s2.pt", "--out", f"{w}/s2"], f"{w}/s2/model.onnx", 33),
        Stage("3", t + ["--init-onnx", f"{w}/s2/model.onnx", "--epochs", "18", "--lr", "0.02", "--catalogue-share", "0.4",
                        "--checkpoint", f"{w}/s3.pt", "--out", f"{w}/s3"], f"{w}/s3/model.onnx", 51),
        Stage("4", t + ["--init-onnx", f"{w}/s3/model.onnx", "--epochs", "16", "--lr", "0.015", "--catalogue-share", "0.4",
                        "--tta", "flip", "--checkpoint", f"{w}/s4.pt", "--out", f"{w}/s4"], f"{w}/s4/model.onnx", 62),
        Stage("5-wider", t + ["--init-onnx", f"{w}/s4/model.onnx", "--init-width", "1", "--width", "1.5", "--epochs", "20",
                              "--lr", "0.015", "--fresh-views", "2000", "--catalogue-share", "0.4", "--tta", "flip",
                              "--checkpoint", f"{w}/s5.pt", "--out", f"{w}/s5"], f"{w}/s5/model.onnx", 81),
        Stage("6", t + ["--init-onnx", f"{w}/s5/model.onnx", "--width", "1.5", "--epochs", "20", "--lr", "0.01",
                        "--fresh-views", "4000", "--catalogue-share", "0.5", "--tta", "flip",
                        "--checkpoint", f"{w}/s6.pt", "--out", f"{w}/s6"], f"{w}/s6.pt", 88),
        Stage("7", t + ["--init-onnx", f"{w}/s6/model.onnx", "--width", "1.5", "--epochs", "22", "--lr", "0.008",
                        "--fresh-views", "6000", "--catalogue-share", "0.5", "--tta", "flip",
                        "--checkpoint", f"{w}/s7.pt", "--out", f"{w}/s7"], f"{w}/s7.pt", 97),
        Stage("7-mean", ["models/training/average_weights.py", f"{w}/s6.pt", f"{w}/s7.pt", "--out", f"{w}/s67.pt"],
              f"{w}/s67.pt", 1),
        Stage("7-export", t + ["--export-from", f"{w}/s67.pt", "--width", "1.5", "--tta", "flip", "--out", f"{w}/s67"],
              f"{w}/s67/model.onnx", 2),
        Stage("8", t + ["--init-onnx", f"{w}/s67/model.onnx", "--width", "1.5", "--epochs", "22", "--lr", "0.008",
                        "--fresh-views", "8000", "--catalogue-share", "0.5", "--tta", "flip",
                        "--checkpoint", f"{w}/s8.pt", "--out", f"{w}/s8"], f"{w}/s8.pt", 104),
        Stage("8-mean", ["models/training/average_weights.py", f"{w}/s67.pt", f"{w}/s8.pt", "--out", f"{w}/catalogue.pt"],
              f"{w}/catalogue.pt", 1),
        Stage("8-export", t + ["--export-from", f"{w}/catalogue.pt", "--width", "1.5", "--tta", "flip",
                               "--out", f"{w}/catalogue"], f"{w}/catalogue/model.onnx", 2),
        # Real photos by sender from here on: folds 0-7 train, fold 8 chooses, fold 9 is never read.
        Stage("real", ["models/training/real_stage.py", "--data", data, "--real", real, "--device", device,
                       "--sender-folds", "--init-onnx", f"{w}/catalogue/model.onnx", "--checkpoint", f"{w}/real.pt",
                       "--out", f"{w}/real"], f"{w}/real/model.json", 20),
        Stage("kinds", ["models/training/kinds_stage.py", "--datasets", str(Path(data).parent), "--device", device,
                        "--init-onnx", f"{w}/real/model.onnx", "--epochs", "16", "--checkpoint", f"{w}/kinds.pt"],
              f"{w}/kinds.pt", 40),
        Stage("kinds-route", ["models/training/kinds_route.py", "--datasets", str(Path(data).parent),
                              "--kinds", f"{w}/kinds.pt", "--catalogue", f"{w}/catalogue/model.onnx", "--out", out],
              f"{out}/model.onnx", 5),
        # The app's own reading of the choosing fold has the last word on the photo temperature.
        Stage("app-temperature", ["models/training/app_temperature.py", "--model", out], f"{out}/model.json", 1),
    ]


def module_args(args: list[str]) -> list[str]:
    """A stage's script run as a module of the package models.training (its pyproject.toml), from the
    repository root: models/training/train.py -> -m models.training.train."""
    script, *rest = args
    return ["-m", script.removesuffix(".py").replace("/", "."), *rest]


def main(argv=None) -> int:
    shared = REPO.parent / "shared" / "datasets"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(shared / "returns10"))
    ap.add_argument("--real", default=str(shared / "real-clothing"))
    ap.add_argument("--work", default="models/training/runs/pipeline")
    ap.add_argument("--out", default="models/returns10", help="where the last stage writes model.onnx and model.json")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    ap.add_argument("--catalogue-from-git", action="store_true",
                    help=f"skip stages 1-8: take their network from git ({CATALOGUE_COMMIT}) and run the real and kinds stages")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    for d in (args.data, args.real):
        if not Path(d).is_dir():
            print(f"npm run train: {d} is not there (see models/training/README.md for the data)", file=sys.stderr)
            return 2
    work = REPO / args.work
    work.mkdir(parents=True, exist_ok=True)
    plan = stages(args.data, args.real, args.work, args.device, args.out)
    if args.catalogue_from_git:
        base = work / "catalogue" / "model.onnx"
        if not base.exists() and not args.dry_run:
            base.parent.mkdir(parents=True, exist_ok=True)
            base.write_bytes(subprocess.run(["git", "show", f"{CATALOGUE_COMMIT}:models/returns10/model.onnx"],
                                            cwd=REPO, check=True, capture_output=True).stdout)
        plan = plan[[s.name for s in plan].index("real"):]
    left = [s for s in plan if not (work / f"{s.name}.done").exists()]
    print(f"{len(plan) - len(left)} of {len(plan)} stages done; about {sum(s.minutes for s in left)} min left on 2 CPU cores")
    for s in plan:
        done = (work / f"{s.name}.done").exists()
        print(f"  {'done' if done else 'todo'}  {s.name:9} {PY} {' '.join(module_args(s.args))}")
    if args.dry_run:
        return 0
    for s in left:
        log = work / f"{s.name}.log"
        print(f"stage {s.name}: running (log: {log.relative_to(REPO)})", flush=True)
        t0 = time.time()
        with open(log, "a") as f:
            code = subprocess.run(["nice", "-n", "10", PY, *module_args(s.args)], cwd=REPO, stdout=f,
                                  stderr=subprocess.STDOUT).returncode
        if code != 0:
            print(f"stage {s.name} failed (exit {code}); see {log}. Run npm run train again to resume.", file=sys.stderr)
            return 1
        if not (REPO / s.output).exists():
            print(f"stage {s.name} ended without writing {s.output}", file=sys.stderr)
            return 1
        (work / f"{s.name}.done").write_text(f"{time.time() - t0:.0f} s\n")
        print(f"stage {s.name}: done in {(time.time() - t0) / 60:.0f} min", flush=True)
    print(f"all stages done: {args.out}/model.onnx and model.json; measure with npm run eval (README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
