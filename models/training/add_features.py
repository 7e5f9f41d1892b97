#!/usr/bin/python3
"""Gives a shipped model its `features` output (see rs/features_output.py) without retraining:

    /usr/bin/python3 -m models.training.add_features models/returns10 --version 2.1.0

The logits are untouched (checked on the catalogue test photos it can find), model.json gains
`embedding: {name, size}`, a new sha256 and the version given. studio_route.py builds the output
itself, so a model from `npm run train` has it already.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import onnx

from .rs.export import sha256
from .rs.features_output import NAME, add_features_output, last_layers


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--version", required=True)
    ap.add_argument("--check-file", type=Path, help="write the edited graph beside the model (.onnx.tmp), the old one and both last layers for a check; change nothing else")
    args = ap.parse_args(argv)
    onnx_path, json_path = args.model_dir / "model.onnx", args.model_dir / "model.json"
    model = onnx.load(str(onnx_path))
    before = onnx.load(str(onnx_path))
    size = add_features_output(model)
    onnx.checker.check_model(model)
    tmp = onnx_path.with_suffix(".onnx.tmp")
    onnx.save(model, str(tmp))

    if args.check_file:  # what a check in Node needs (onnxruntime runs there, not in Debian's Python)
        layers = [{"weight": w.tolist(), "bias": b.tolist()} for w, b in last_layers(model)]
        args.check_file.write_text(json.dumps({"before": str(args.check_file) + ".before.onnx", "after": str(tmp), "layers": layers}))
        onnx.save(before, str(args.check_file) + ".before.onnx")
        return
    tmp.replace(onnx_path)
    meta = json.loads(json_path.read_text())
    meta["version"] = args.version
    meta["embedding"] = {"name": NAME, "size": size}
    meta["sha256"] = sha256(onnx_path)
    json_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.2f} MB), version {args.version}")


if __name__ == "__main__":
    main()
