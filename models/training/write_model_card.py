#!/usr/bin/env python3
"""Write models/returns10/README.md (the model card) and the `metrics` of model.json from the JSON
lines that `npm run eval -- --json` printed, so the card shows exactly what the app's own code
measures. See models/training/README.md for the full sequence.

    python3 models/training/write_model_card.py --eval-dir /tmp/returns10-eval
    (expects val.json, test.json, other.json, desk.json in that folder: each the eval's last line)
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL = HERE.parent / "returns10"


VIEW_NAMES = {"r90": "a quarter turn", "r180": "a half turn", "r270": "three quarter turns",
              "c80": "the middle 80 % of each side, enlarged", "c65": "the middle 65 % of each side, enlarged"}


def pct(x: float) -> str:
    return f"{x * 100:.2f} %"


def summary(r: dict) -> dict:
    return {k: r[k] for k in ("count", "accuracy", "macroF1", "ece", "highBand", "lowBandShare", "outOfSet",
                              "imagesPerSecond")} | {"unreadable": r["unreadable"]["count"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, required=True)
    ap.add_argument("--model-dir", type=Path, default=MODEL)
    args = ap.parse_args()
    model_dir = args.model_dir
    runs = {name: json.loads((args.eval_dir / f"{name}.json").read_text()) for name in ("val", "test", "other", "desk")}
    meta_path = model_dir / "model.json"
    meta = json.loads(meta_path.read_text())
    for name, r in runs.items():
        if r["model"]["sha256"] != meta["sha256"]:
            raise SystemExit(f"{name}.json was measured on model {r['model']['sha256'][:12]}, not the shipped one")
    meta["metrics"] = {
        "measuredOn": date.today().isoformat(),
        "tool": "npm run eval (src-main/station/classify, the app's own inference code)",
        "val": summary(runs["val"]),
        "test": summary(runs["test"]),
        "otherTest": summary(runs["other"]),
        "deskTest": summary(runs["desk"]),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")

    labels = meta["labels"]
    t = meta["training"]
    test = runs["test"]

    def row(name, r, what):
        return (f"| {name} | {what} | {r['count']} | {pct(r['accuracy'])} | {r['macroF1']:.4f} | {r['ece']:.4f} | "
                f"{pct(r['highBand']['coverage'])} | {pct(r['highBand']['precision'])} | {pct(r['lowBandShare'])} |")

    per_class = "\n".join(
        f"| {lab} | {test['perClass'][lab]['precision']:.4f} | {test['perClass'][lab]['recall']:.4f} | "
        f"{test['perClass'][lab]['f1']:.4f} | {test['perClass'][lab]['support']} | "
        f"{runs['desk']['perClass'][lab]['recall']:.4f} |" for lab in labels)
    head = "| true \\ predicted | " + " | ".join(labels) + " |"
    sep = "|---|" + "---:|" * len(labels)
    conf = "\n".join(f"| **{lab}** | " + " | ".join(str(v) for v in test["confusion"][k]) + " |"
                     for k, lab in enumerate(labels))
    pairs = []
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            if i < j:
                pairs.append((test["confusion"][i][j] + test["confusion"][j][i], a, b))
    pairs.sort(reverse=True)
    worst = ", ".join(f"{a} ↔ {b} ({n})" for n, a, b in pairs[:4])

    stages = t.get("stages") or [t["command"]]
    pair = t.get("studioPair")
    stored = " (weights stored as float16, computed in float32)" if pair and pair["weightsInFile"] == "float16" else ""
    dv = t.get("deskViews")
    desk_views = "" if not dv else f"""
**More views of a doubtful desk photo.** A desk photo (gate shut) that the desk network alone gives
less than {dv['doubt']:g} is scored again on {len(dv['views'])} more views of the same input
({', '.join(VIEW_NAMES.get(v, v) for v in dv['views'])}), each with its mirror image, and the logits
are averaged. A photo the network is already sure of keeps its answer, and the branch (an ONNX `If`)
runs only when the batch holds a doubtful desk photo, so the extra passes are paid for about half of
the desk photos and none of the studio shots.
"""
    pair_section = "" if not pair else f"""
## Two networks in one graph

`model.onnx` holds two networks and a gate, and the app still feeds one photo and reads one row of logits.

- **The desk-trained network** (half catalogue views, half simulated desk scenes) scores every photo.
- **A studio-shot specialist**, trained on catalogue views only, is sharper on white-background photos
  and blind on desk photos.
- **The gate** opens when the photo's outer band is white all round: {pair['gate']}.
  A studio shot opens it, and a photo of an item on a table does not, since the table shows on at
  least two sides.

The output is the desk network's logits divided by {pair['temperatureGeneral']:.4f}, mixed with the
specialist's divided by {pair['temperatureSpecialist']:.4f}, at weight {pair['weight']:g} × gate; the
app's temperature above is fitted on val over that mix. Made by `models/training/studio_pair.py`.
{desk_views}"""
    pair_weakness = "" if not pair else (
        "- An item photographed on a white or very light surface, filling less than the frame, opens the\n"
        "  gate like a studio shot. The specialist then has a say, and it has seen items turned by at most\n"
        "  12°. The desk network still carries the rest of the weight.\n")
    reproduce = "\n".join(stages)
    card = f"""# returns10 — returned-item classifier (model card)

Sorts a photo of a returned fashion item into one of ten categories and says how sure it is, so that
doubtful items and items that are none of the ten go to a person. Trained from scratch (no pretrained
weights) on CPU; runs in the app with onnxruntime-node on CPU.

| | |
|---|---|
| version | {meta['version']} |
| file | `model.onnx`, {(model_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB{stored}, sha256 `{meta['sha256']}` (checked at every load) |
| labels (output order) | {', '.join(labels)} |
| input | {meta['input']['width']}×{meta['input']['height']} RGB, NCHW float32, `(pixel/255 − mean)/std` with ImageNet mean/std; whole photo fitted inside (`contain`, lanczos3), padded white; EXIF orientation applied first |
| output | logits; the app divides by temperature **{meta['temperature']:.4f}** (fitted on val) and applies softmax |
| architecture | {t['architecture']} |
| test-time augmentation | {t.get('testTimeAugmentation', 'none')} (inside `model.onnx`: the app feeds one image and reads one row of logits) |
| training | {t['trainImages']} catalogue photos + {t['outlierImages']} photos of other kinds; {t.get('schedule', f"{t['epochs']} epochs (best: {t['bestEpoch']})")}; seed {t['seed']}; on a 2-core CPU |

{pair_section}
## Data

`returns10` (Myntra catalogue photos, 60×80 JPEG; see `../shared/datasets/returns10/README.md`):
train for weights, val for choosing the epoch (catalogue and a fixed desk-style view of val) and for
the temperature, test only for the numbers below. `other/train` (14 other article types) is used for
outlier exposure: the network is taught to spread its belief evenly over the ten labels for items
that are none of them, so they fall below the auto-approve threshold.

Augmentation targets the returns desk rather than the catalogue: {t['augmentation']}.

## Reproduce

```
{reproduce}
```
then the evaluation and this card: see `models/training/README.md`.

## Metrics (measured {meta['metrics']['measuredOn']} with `npm run eval`, the app's own inference code)

Bands: high ≥ 0.85 (auto-approved), low < 0.70 (review queue).

| set | what | images | accuracy | macro-F1 | ECE (15 bins) | high-band coverage | high-band precision | low-band share |
|---|---|---:|---:|---:|---:|---:|---:|---:|
{row('val', runs['val'], 'catalogue photos')}
{row('test', test, 'catalogue photos')}
{row('desk test', runs['desk'], 'test on textured surfaces, any rotation, 1600×1200, JPEG q80')}

Out-of-set (`other/test`, {runs['other']['outOfSet']['count']} photos of 14 other kinds): **{pct(runs['other']['outOfSet']['sentToReview'])}** sent to review (not auto-approved).

Speed in `eval` on the 2-core development machine: {test['imagesPerSecond']:.0f} catalogue images/s,
{runs['desk']['imagesPerSecond']:.0f} desk photos/s (1600×1200 JPEG decode included).

The desk test set is made by `models/training/make_desk_variant.py` (seed 1600): each test photo is
cut out from its studio backdrop, turned by a random angle, scaled so that the product itself (the
cut-out's bounding box) spans 45–80 % of the frame's short side, and placed at a random spot on a procedurally textured surface (wood, fabric weave, mats,
marble, tiles, paper) under uneven light, upscaled to 1600×1200 and saved as JPEG quality 80.

### Per class (test)

| class | precision | recall | F1 | support | recall on desk test |
|---|---:|---:|---:|---:|---:|
{per_class}

### Confusion matrix (test; rows true, columns predicted)

{head}
{sep}
{conf}

## Known weaknesses

- The most confused pairs on test are {worst}: shirts vs t-shirts vs tops vs kurtas differ in
  collars, buttons and length that 96×96 pixels blur; casual vs sports shoes is partly a matter of
  catalogue labelling.
- Trained on catalogue photos only. The desk's look is simulated (cut-outs on generated surfaces);
  the desk-test textures come from the same generator families as the training surfaces, with other
  seeds, so the desk figure is optimistic for surfaces unlike those. Real desk photos should be
  collected through the review queue (overrides are kept as labels) and used to re-train.
{pair_weakness}- An item photographed small in a large frame loses detail: the whole photo is reduced to 96×96.
- Out-of-set detection was taught with 14 kinds; kinds unlike them (e.g. furniture, electronics)
  may still get high confidence. The review band is the safety net, not a guarantee.
- Greyscale catalogue photos are rare in training (141 of 22,918); very dark or colour-cast photos
  lower confidence.
"""
    (model_dir / "README.md").write_text(card)
    print(f"wrote {model_dir / 'README.md'} and metrics in {meta_path}")


if __name__ == "__main__":
    main()
