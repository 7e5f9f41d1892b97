"""ONNX export and model.json. The graph takes the letterboxed, normalised NCHW batch and returns the
logits (mirror-image averaged); model.json carries everything the app needs to read them: labels,
input spec, the temperatures and gate of the band rule, sha256, and how the model was trained."""
from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path

import torch

from .augment import MEAN, PAD, STD
from .calibrate import GATE
from .model import LABELS, SIZE


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def legacy_exporter() -> dict:
    """PyTorch 2.9+ exports through torch.export by default; ask for the TorchScript exporter, which
    folds Conv+BN into the graph that onnx_init.py reads back."""
    return {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def export_onnx(graph: torch.nn.Module, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    graph.eval()
    torch.onnx.export(graph, torch.zeros(1, 3, SIZE, SIZE), str(path), input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      opset_version=13, do_constant_folding=True, **legacy_exporter())


def input_spec() -> dict:
    return {"name": "input", "output": "logits", "width": SIZE, "height": SIZE, "layout": "NCHW",
            "channelOrder": "RGB", "scale": 1 / 255, "mean": MEAN, "std": STD,
            "resize": "contain", "kernel": "lanczos3", "padColor": list(PAD)}


def band_rule(studio_t: float, photo_t: float, high: float, target_wrong: float, studio_precision: float | None = None) -> dict:
    studio = (f"`temperature` the smallest at which catalogue val's high band is at least {studio_precision:.1%} right"
              if studio_precision else "`temperature` fitted on catalogue val")
    allowance = f"at most {target_wrong:.1%} wrong photos" if target_wrong else "no wrong photo"
    return {
        "kind": "studio-or-photo-temperature",
        "studioGate": dict(GATE),
        "photoTemperature": round(photo_t, 6),
        "chosenFor": {"high": high, "maxWrongAutoApproved": target_wrong},
        "description": (
            "confidence = max softmax(logits / T): T is `temperature` for a studio shot (share of the outer "
            f"{GATE['band']}-pixel band of the letterboxed input whose darkest channel is >= {GATE['white']} "
            f"at least {GATE['minShare']}) and `photoTemperature` for any other photo; {studio}, `photoTemperature` "
            f"the smallest at which real val's high band (>= {high}) holds {allowance}"),
    }


def write_model_json(path: Path, onnx_path: Path, version: str, studio_t: float, rule: dict, training: dict,
                     embedding: dict | None = None, kinds: dict | None = None) -> None:
    old = json.loads(path.read_text()) if path.exists() else {}
    meta = {
        "name": "returns10",
        "version": version,
        "labels": LABELS,
        "input": input_spec(),
        "temperature": round(studio_t, 6),
        "bandRule": rule,
        "sha256": sha256(onnx_path),
        "metrics": old.get("metrics", {}),
        "training": training,
    }
    if embedding:
        meta["embedding"] = embedding  # the features output a desk head learns from
    if kinds:
        meta["kinds"] = kinds  # the kinds output: labels, each kind's categories and its name for people
    path.write_text(json.dumps(meta, indent=2) + "\n")
