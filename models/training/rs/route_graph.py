"""The studio route inside one ONNX graph: a photo whose outer band is white all round (a studio shot,
as the catalogue's) takes its category logits from the catalogue network, any other photo from the
photo network. The catalogue network sits in an ONNX `If` that runs only when some photo of the batch
is a studio shot, so a night of desk photos costs one network (studio_route.py, kinds_route.py)."""
from __future__ import annotations

from pathlib import Path

import onnx
import torch
import torch.nn as nn
from onnx import TensorProto, helper

from .augment import MEAN, STD
from .calibrate import GATE
from .model import SIZE
from .onnx_graph import import_subgraph

MAX_BYTES = 15 * 1024 * 1024  # the cap classifier.test.ts checks


class StudioGate(nn.Module):
    """Per photo, 1 for a studio shot and 0 for any other: the same test as confidence-rule.ts (share of
    the outer band's pixels whose darkest channel is white)."""

    def __init__(self):
        super().__init__()
        b = GATE["band"]
        ring = torch.ones(SIZE, SIZE)
        ring[b:SIZE - b, b:SIZE - b] = 0
        self.register_buffer("ring", ring.view(1, SIZE, SIZE))
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))
        self.count = float(ring.sum())

    def forward(self, x):
        darkest = (x * self.std + self.mean).amin(1)
        white = ((darkest >= GATE["white"] - 1e-6).float() * self.ring).sum((1, 2))
        return (white >= GATE["minShare"] * self.count - 1e-3).float()


def add_route(g_model: onnx.ModelProto, catalogue_onnx: Path, n_labels: int = 10) -> None:
    """Adds the catalogue branch to a graph with the outputs `photo_logits` and `studio`, and makes
    `logits` (the routed category logits) its first output; other outputs are kept after it."""
    g = g_model.graph
    cat = onnx.load(str(catalogue_onnx))
    if len(cat.graph.output) != 1:
        raise SystemExit(f"{catalogue_onnx}: expected one output (a single catalogue network), got {len(cat.graph.output)}")
    out = cat.graph.output[0].name
    nodes = import_subgraph(cat, "catalogue/", {"input": "input"}, g)
    then_branch = helper.make_graph(nodes, "catalogue_branch", [],
                                    [helper.make_tensor_value_info("catalogue/" + out, TensorProto.FLOAT, None)])
    else_branch = helper.make_graph(
        [helper.make_node("Shape", ["photo_logits"], ["no_catalogue_shape"]),
         helper.make_node("ConstantOfShape", ["no_catalogue_shape"], ["no_catalogue"],
                          value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0]))],
        "no_catalogue_branch", [], [helper.make_tensor_value_info("no_catalogue", TensorProto.FLOAT, None)])
    g.initializer.extend([helper.make_tensor("zero_scalar", TensorProto.FLOAT, [], [0.0]),
                          helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
                          helper.make_tensor("axis_one", TensorProto.INT64, [1], [1])])
    g.node.extend([
        helper.make_node("ReduceMax", ["studio"], ["any_studio_f"], keepdims=0),
        helper.make_node("Greater", ["any_studio_f", "zero_scalar"], ["any_studio"]),
        helper.make_node("If", ["any_studio"], ["catalogue_logits"], then_branch=then_branch, else_branch=else_branch),
        helper.make_node("Unsqueeze", ["studio", "axis_one"], ["studio_col"]),
        helper.make_node("Sub", ["one", "studio_col"], ["photo_col"]),
        helper.make_node("Mul", ["studio_col", "catalogue_logits"], ["catalogue_part"]),
        helper.make_node("Mul", ["photo_col", "photo_logits"], ["photo_part"]),
        helper.make_node("Add", ["catalogue_part", "photo_part"], ["logits"]),
    ])
    kept = [o for o in g.output if o.name not in ("photo_logits", "studio")]
    del g.output[:]
    g.output.append(helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", n_labels]))
    g.output.extend(kept)


def save_checked(g_model: onnx.ModelProto, path: Path) -> None:
    onnx.checker.check_model(g_model)
    onnx.save(g_model, str(path))
    if path.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{path} is {path.stat().st_size} bytes, over the 15 MiB cap")
