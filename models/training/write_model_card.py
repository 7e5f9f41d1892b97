#!/usr/bin/env python3
"""Write models/returns10/README.md (the model card) and the `metrics` of model.json from the JSON
lines that `npm run eval -- --json` printed, so the card shows exactly what the app's own code
measures (the commands are in README.md in this folder, "Check a model, write the card").

    /usr/bin/python3 -m models.training.write_model_card --eval-dir /tmp/returns10-eval

Every figure that judges the model comes from photos whose senders the fit never saw (sender fold 9,
`--senders … --folds 9`); the fold that chose the epoch and the band rule (fold 8) and real-clothing/val
(which shares most senders with train) are secondary. Expects in the folder: fold9.json, fold8.json,
real.json, val.json, test.json, other.json; and, when measured, replay-folds.json (desk learning,
decisions from fold 8), replay-long.json (decisions from folds 0-8) and bench.json (the last line of
`npm run bench -- --json` that has ratioToLimit).
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL = HERE.parent / "returns10"
DESK_CATEGORIES = "Dresses, Hats, Jackets, Trousers, Shorts, Skirts, Hoodies, Blazers"

# The lines for a base model on a new desk: (figure, line, higher is better).
LINES = {"teeShirt": (0.95, True), "shoes": (0.95, True), "wrongAuto": (0.01, False), "targetsAuto": (0.50, True),
         "noCategoryToReview": (0.97, True)}


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.2f} %"


def summary(r: dict) -> dict:
    keys = ("count", "accuracy", "macroF1", "ece", "highBand", "lowBandShare", "outOfSet", "wrongAutoApproved",
            "autoApprovedCoverage", "reviewLoad", "imagesPerSecond")
    return {k: r[k] for k in keys if k in r} | {"unreadable": r["unreadable"]["count"]}


def group(per_kind: dict, kinds: set[str]) -> dict:
    ms = [m for k, m in per_kind.items() if k in kinds]
    n = sum(m["count"] for m in ms)
    if not n:
        return {"count": 0, "right": None, "auto": None}
    return {"count": n, "right": sum(m["right"] for m in ms) / n, "auto": sum(m["autoApproved"] for m in ms) / n}


def desk_figures(r: dict) -> dict:
    """The issue's base-model figures of one real-photo eval run."""
    k = r["perKind"]
    auto = sum(m["autoApproved"] for m in k.values())
    wrong = sum(m["wrongAutoApproved"] for m in k.values())
    return {
        "photos": r["count"],
        "teeShirt": group(k, {"t-shirt", "shirt"})["right"],
        "shoes": group(k, {"shoes"})["right"],
        "targetsAuto": group(k, {"t-shirt", "shirt", "shoes"})["auto"],
        "wrongAuto": wrong / auto if auto else 0.0,
        "autoApproved": auto,
        "wrongAutoApprovedPhotos": wrong,
        "noCategoryToReview": r["outOfSet"]["sentToReview"],
        "noCategoryPhotos": r["outOfSet"]["count"],
        "reviewLoad": r.get("reviewLoad"),
    }


def meets(name: str, value: float | None) -> str:
    line, higher = LINES[name]
    if value is None:
        return "–"
    return "✓" if (value >= line if higher else value <= line) else "✗"


def kind_rows(per_kind: dict, label_map: dict) -> str:
    rows = []
    for kind, m in sorted(per_kind.items(), key=lambda kv: (not label_map.get(kv[0]), kv[0])):
        labels = ", ".join(label_map.get(kind, [])) or "none of the ten (review)"
        right = pct(m["right"] / m["count"]) if label_map.get(kind) and m["count"] else "—"
        auto = pct(m["autoApproved"] / m["count"]) if m["count"] else "—"
        rows.append(f"| {kind} | {labels} | {m['count']} | {right} | {auto} | {m['wrongAutoApproved']} |")
    return "\n".join(rows)


def replay_rows(replay: dict) -> str:
    rows = []
    for p in replay["points"]:
        fit = p["fit"]
        head = "–" if fit is None else ("used" if fit["accepted"] else "refused")
        ts = group(p["perKind"], {"t-shirt", "shirt"})["right"]
        shoes = group(p["perKind"], {"shoes"})["right"]
        recall = p["newCategoryRecall"]
        new = ", ".join(f"{c} {v * 100:.0f} %" for c, v in recall.items() if v) or "–"
        rows.append(f"| {p['decisions']} | {head} | {pct(p['accuracy'])} | {pct(ts)} | {pct(shoes)} | "
                    f"{pct(p['wrongAutoApproved'])} | {pct(p.get('reviewLoad'))} | {new} |")
    return "\n".join(rows)


def replay_section(eval_dir: Path) -> str:
    runs = [(json.loads((eval_dir / f).read_text()), side) for f, side in
            (("replay-folds.json", "fold 8 (412 photos: senders the network never saw)"),
             ("replay-long.json", "folds 0-8 (every photo the project has but fold 9's; folds 0-7 trained the network)"))
            if (eval_dir / f).exists()]
    if not runs:
        return ""
    parts = []
    for r, side in runs:
        last = r["points"][-1]
        offers = "; ".join(f"{o['category']} " + (f"offered {' / '.join(o['offered'])}, {'taken' if o['taken'] else 'declined'}"
                                                   if o["offered"] else "offered no kind") for o in r.get("kindOffers", []))
        parts.append(f"""Decisions from {side}; scored on sender fold 9 ({r['dataPhotos']} photos), seed {r['seed']}.
N's offer of the model's kind for each new category's first photo (taken only when it names the
photo's kind): {offers or 'none'}.

| decisions | head | accuracy (all photos) | t-shirt + shirt | shoes | wrong auto-approved | review load | desk categories named |
|---:|---|---:|---:|---:|---:|---:|---|
{replay_rows(r)}

At {last['decisions']} decisions: {last['fit']['reason'] if last['fit'] else 'no head'}
""")
    return f"""
## Desk learning replayed as a new desk

What a desk head fitted on this model's features learns from a desk's morning decisions, the desk
adding eight categories with N ({DESK_CATEGORIES}); the app's own fitting code and rules (the per-category
guard and the evidence rule for auto-approval); `--review-all`: every photo is decided, as the issue's
replay does. Commands: `models/training/README.md`, "Measure a kinds model as a new desk".

{chr(10).join(parts)}"""


def curve_section(training: dict) -> str:
    curve = training.get("curve")
    if not curve:
        return ""
    head = " | ".join(curve["columns"])
    rows = "\n".join("| " + " | ".join(str(v) if i == 0 else pct(v) for i, v in enumerate(row)) + " |"
                     for row in curve["rows"])
    return f"""
## Learning curve

Per epoch of the kinds stage ({curve['source']}; epoch 0 is the network it started from):

| {head} |
|{'---:|' * len(curve['columns'])}
{rows}
"""


def figure_rows(new: dict, choose: dict, real: dict) -> str:
    def row(title: str, key: str, fmt=pct, line: str = ""):
        judged = f"**{fmt(new[key])}** {meets(key, new[key])}" if key in LINES else fmt(new[key])
        return f"| {title} | {judged} | {fmt(choose[key])} | {fmt(real[key])} | {line} |"
    return "\n".join([
        row("auto-approved photos that are wrong", "wrongAuto", line="≤ 1 %"),
        f"| (auto-approved photos) | {new['autoApproved']} | {choose['autoApproved']} | {real['autoApproved']} | |",
        row("t-shirt + shirt photos right", "teeShirt", line="≥ 95 %"),
        row("shoes in a shoe category", "shoes", line="≥ 95 %"),
        row("t-shirt + shirt + shoe photos auto-approved", "targetsAuto", line="≥ 50 %"),
        row("kinds with no category sent to review", "noCategoryToReview", line="≥ 97 %"),
        row("review load (share of all photos a person looks at)", "reviewLoad"),
    ])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, required=True)
    ap.add_argument("--model-dir", type=Path, default=MODEL)
    ap.add_argument("--label-map", type=Path, default=HERE.parents[2] / "shared/datasets/real-clothing/label-map.json")
    args = ap.parse_args()
    model_dir = args.model_dir
    names = ("fold9", "fold8", "real", "val", "test", "other")
    runs = {n: json.loads((args.eval_dir / f"{n}.json").read_text()) for n in names}
    bench_file = args.eval_dir / "bench.json"
    bench = json.loads(bench_file.read_text()) if bench_file.exists() else None
    label_map = json.loads(args.label_map.read_text())
    meta_path = model_dir / "model.json"
    meta = json.loads(meta_path.read_text())
    for name, r in runs.items():
        if r["model"]["sha256"] != meta["sha256"]:
            raise SystemExit(f"{name}.json was measured on model {r['model']['sha256'][:12]}, not the shipped one")
    new, choose, real = (desk_figures(runs[n]) for n in ("fold9", "fold8", "real"))
    meta["metrics"] = {
        "measuredOn": date.today().isoformat(),
        "tool": "npm run eval (src-main/station/classify, the app's own inference code)",
        "newDesk": {"split": "real-clothing train+val+extra, sender fold 9 (senders the fit never saw)"} | new,
        "senderFold9": summary(runs["fold9"]) | {"perKind": runs["fold9"]["perKind"]},
        "senderFold8": summary(runs["fold8"]),
        "realVal": summary(runs["real"]),
        "val": summary(runs["val"]),
        "test": summary(runs["test"]),
        "otherTest": summary(runs["other"]),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")

    test, val, other = runs["test"], runs["val"], runs["other"]
    rule = meta.get("bandRule", {})
    t = meta["training"]
    labels = meta["labels"]
    kinds = meta.get("kinds", {}).get("labels", [])
    per_class = "\n".join(
        f"| {lab} | {test['perClass'][lab]['precision']:.4f} | {test['perClass'][lab]['recall']:.4f} | "
        f"{test['perClass'][lab]['f1']:.4f} | {test['perClass'][lab]['support']} |" for lab in labels)
    speed = "" if not bench else (
        f"\n`npm run bench` (300 generated 12 MP photos through the real nightly batch, median of "
        f"{len(bench.get('rounds', [])) or 5} rounds): {bench['photosPerSecond']:.2f} photos/s, ratio to the "
        f"limit (decoding plus one model run, each alone) **{bench['ratioToLimit']:.2f}**, to decoding alone "
        f"{bench['ratioToDecodeLimit']:.2f}, peak RSS {bench['peakRssMb']:.0f} MB.\n")
    kinds_temp = rule.get("kindsTemperature")
    kinds_t = f"T = {kinds_temp:.4f}" if kinds_temp else "the same T"
    card = f"""# returns10 — returned-item classifier (model card)

Sorts a photo of a returned fashion item into one of ten categories, names its kind (one of
{len(kinds)}), and says how sure it is. The rule it is built for: **on a real desk photo it is right, or
it asks**: a photo it is not sure of, and an item of a kind with no category, goes to a person (the
review queue) instead of being filed, named ("looks like Trousers").

| | |
|---|---|
| version | {meta['version']} |
| file | `model.onnx`, {(model_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB, sha256 `{meta['sha256']}` (checked at every load) |
| labels (output order) | {', '.join(labels)} |
| input | {meta['input']['width']}×{meta['input']['height']} RGB, NCHW float32, `(pixel/255 − mean)/std` (ImageNet mean/std); the whole photo fitted inside (`contain`, lanczos3), padded white; EXIF orientation applied first |
| outputs | `logits` (the ten categories); `kinds` ({len(kinds)} kinds: returns10's ten, 49 other catalogue article types, real-clothing's 17 kinds; `model.json` maps each kind to its categories and its name); `features` ({meta.get('embedding', {}).get('size', '?')} pooled features, stored with each prediction for the desk head). Mirror-image averaged inside the graph. |
| confidence | the smaller of max softmax(logits / T) and the kinds' backing of that answer (Σ softmax(kinds / {kinds_t}) over the kinds whose categories include it): both heads must say so. **T = {meta['temperature']:.4f}** for a studio shot (the outer {rule.get('studioGate', {}).get('band', 6)}-pixel band of the input white all round), **T = {rule.get('photoTemperature', meta['temperature']):.4f}** for any other photo (`bandRule` in `model.json`; `src-main/station/classify/confidence-rule.ts`). The photo temperature is the smallest at which sender fold 8's high band holds no wrong photo, in PyTorch's reading and the app's (`app_temperature.py`); the studio one the smallest at which catalogue val's high band is 98.4 % right. |
| bands | high ≥ 0.85 (auto-approved), low < 0.70 (review queue); settings of the station |
| training | see "How it was trained" |

## As a new desk (real photos from senders the fit never saw)

Measured {meta['metrics']['measuredOn']} with the app's own code (`npm run eval -- --senders …/senders.csv
--folds 9`): real-clothing's train, val and extra photos, their senders dealt into ten folds by
`senders.csv` (`rs/kinds.py`, the app's `sender-folds.ts`). Folds 0-7 trained the network, **fold 9
judges** ({new['photos']} photos), fold 8 chose the epoch and the photo temperature (so its wrong
auto-approved figure is zero by construction), and real-clothing/val shares most senders with the
training photos (secondary). A photo is right when its category is one of its kind's labels; "wrong
auto-approved" is the share of auto-approved photos whose category is not acceptable.

| figure | fold 9 (judges) | fold 8 (chose) | real val | line |
|---|---:|---:|---:|---|
{figure_rows(new, choose, real)}

Fold 9 per kind:

| kind | counts as right | photos | right | auto-approved | wrong auto-approved |
|---|---|---:|---:|---:|---:|
{kind_rows(runs['fold9']['perKind'], label_map)}

## Catalogue photos (returns10)

| set | photos | accuracy | macro-F1 | ECE | high band: coverage | high band: precision |
|---|---:|---:|---:|---:|---:|---:|
| val | {val['count']} | {pct(val['accuracy'])} | {val['macroF1']:.4f} | {val['ece']:.4f} | {pct(val['highBand']['coverage'])} | {pct(val['highBand']['precision'])} |
| test | {test['count']} | **{pct(test['accuracy'])}** (line ≥ 93.5 %) | {test['macroF1']:.4f} | {test['ece']:.4f} | {pct(test['highBand']['coverage'])} | {pct(test['highBand']['precision'])} |

`other/test` ({other['outOfSet']['count']} catalogue photos of 14 other kinds): **{pct(other['outOfSet']['sentToReview'])}** sent to review (line ≥ 95 %).

| class (test) | precision | recall | F1 | support |
|---|---:|---:|---:|---:|
{per_class}
{replay_section(args.eval_dir)}{curve_section(t)}
## Speed

`npm run eval` on the 2-core development machine: {runs['fold9']['imagesPerSecond']:.0f} real photos/s, {test['imagesPerSecond']:.0f} catalogue photos/s (decoding included).
{speed}
## How it was trained

From random weights, on a 2-core CPU, no pretrained weights: `npm run train` (`models/training/README.md`).
Stages 1–8 train the catalogue network on returns10/train; the real stage fine-tunes it on real photos;
the kinds stage (`kinds_stage.py`) then teaches it every kind as its own class beside the ten categories
({t.get('data', '')}), epoch {t.get('epoch', '?')} kept; `kinds_route.py` writes the graph: {t.get('route', '')}.
Command: `{t.get('command', '')}`.

## Known weaknesses

- Fold 9 has {new['photos']} photos from a few dozen senders, {new['autoApproved']} of them auto-approved: no wrong one there
  bounds the wrong rate below about {300 / max(new['autoApproved'], 1):.0f} % (one-sided 95 %), not below 1 %. The numbers
  are checked again on photos this project does not have: expect them to move.
- The photo temperature leaves no wrong photo in fold 8's high band: one photo decides it, and the
  kinds backing lowers every confidence, so the station asks about most photos (review load above).
  That is the price of no wrong auto-approval; the desk head's evidence rule earns auto-approval back
  category by category from the desk's own decisions.
- Shoes photographed on a floor or a rug are the weakest in-set kind (fold 9 holds only {runs['fold9']['perKind'].get('shoes', {}).get('count', 0)} of them).
- Catalogue studio shots are auto-approved less often than by 2.x (kinds backing applies to them too).
- 96×96 input: collars, buttons and hems blur; Tshirts ↔ Tops and Casual ↔ Sports Shoes stay the
  most confused pairs on the catalogue.
"""
    (model_dir / "README.md").write_text(card)
    print(f"wrote {model_dir / 'README.md'} and metrics in {meta_path}")


if __name__ == "__main__":
    main()
