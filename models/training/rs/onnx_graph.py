"""Building one ONNX graph out of exported parts: export a module, import another graph's nodes under
a prefix (for the branch of an `If`), store float weights as float16."""
from __future__ import annotations

import io

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import helper, numpy_helper

from .export import legacy_exporter
from .model import SIZE


def onnx_of(module: nn.Module, outputs: list[str]) -> onnx.ModelProto:
    buf = io.BytesIO()
    torch.onnx.export(module.eval(), torch.zeros(1, 3, SIZE, SIZE), buf, input_names=["input"], output_names=outputs,
                      dynamic_axes={"input": {0: "batch"}, **{o: {0: "batch"} for o in outputs}},
                      opset_version=13, do_constant_folding=True, **legacy_exporter())
    return onnx.load_from_string(buf.getvalue())


def import_subgraph(sub: onnx.ModelProto, prefix: str, inputs: dict[str, str], outer: onnx.GraphProto) -> list:
    """The nodes of `sub` renamed under `prefix` (graph inputs renamed by `inputs`), with its initializers
    moved into `outer`, where a branch of an `If` can read them. An initializer that `outer` already holds
    with the same values is shared, not stored again."""
    held = {}
    for init in outer.initializer:
        a = numpy_helper.to_array(init)
        held.setdefault((a.dtype.str, a.shape, a.tobytes()), init.name)
    renamed = {}
    for init in sub.graph.initializer:
        a = numpy_helper.to_array(init)
        same = held.get((a.dtype.str, a.shape, a.tobytes()))
        renamed[init.name] = same or prefix + init.name
        if not same:
            init.name = prefix + init.name
            outer.initializer.append(init)

    def name(n: str) -> str:
        return inputs.get(n) or renamed.get(n) or ("" if n == "" else prefix + n)
    for node in sub.graph.node:
        node.name = prefix + node.name
        node.input[:] = [name(i) for i in node.input]
        node.output[:] = [name(o) for o in node.output]
    return list(sub.graph.node)


def store_weights_fp16(model: onnx.ModelProto) -> None:
    """Keeps the float weights as float16 in the file, each read back through a Cast to float32;
    onnxruntime folds those Casts into float32 constants at load, so inference runs in float32 and
    only the file halves (float16 keeps 11 significant bits, as round_weights_fp16 reproduces)."""
    g = model.graph
    casts = []
    for init in list(g.initializer):
        if init.data_type != onnx.TensorProto.FLOAT or np.prod(init.dims) < 64:
            continue  # scalars and small vectors stay float32: nothing to gain
        half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
        g.initializer.remove(init)
        g.initializer.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT,
                                      name=init.name + "_to_fp32"))
    for node in reversed(casts):
        g.node.insert(0, node)


@torch.no_grad()
def round_weights_fp16(net: nn.Module) -> nn.Module:
    """The network as the float16-stored file computes it: every weight of 64 or more values rounded
    to float16 and back (batch norms are folded into the convolutions at export, so it is the folded
    weights that get rounded: close, not bit-exact; the card's numbers come from the app anyway)."""
    for p in net.parameters():
        if p.numel() >= 64:
            p.copy_(p.half().float())
    return net
