"""Start a fine-tune from an exported model.onnx instead of a PyTorch checkpoint.

The export folds every BatchNorm into the convolution before it (do_constant_folding), so the ONNX
file holds one weight and one bias per convolution. `init_from_onnx` puts those back into the
network and then sets each BatchNorm from the statistics of its input over a calibration set of
training views: with weight = sqrt(var + eps) and bias = mean + folded bias, the layer computes
exactly the folded function in eval mode, and very nearly the same in train mode (batch statistics
are close to the calibration statistics). The shipped model (which is in git) can thus be trained
further on any machine, without the checkpoint its own run left in runs/. From a graph of two networks
(v1.11.0's studio pair, v2.0.0's studio route) it is the top-level network that is read back: the
desk-trained one in the pair, the real-photos one in the route.
"""
from __future__ import annotations

from pathlib import Path

import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper


def _forward_order(model: nn.Module, size: int, kind: type) -> list[nn.Module]:
    """Modules of `kind` in the order a forward pass reaches them (the order of the ONNX trace)."""
    seen: list[nn.Module] = []
    hooks = [m.register_forward_hook(lambda m, i, o: seen.append(m)) for m in model.modules() if isinstance(m, kind)]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    return seen


@torch.no_grad()
def init_from_onnx(model: nn.Module, onnx_path: Path, size: int, calibration: torch.Tensor) -> None:
    graph = onnx.load(str(onnx_path)).graph
    stored = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    # A graph of two networks (v1.11.0 on) keeps its weights as float16, each read through a Cast, and
    # its second network inside an If branch: the top-level Convs and Gemm are the first network's.
    casts = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Cast" and n.input[0] in stored}
    init = {name: stored[casts.get(name, name)].float() for name in (*stored, *casts)}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    gemm = [n for n in graph.node if n.op_type == "Gemm"]
    torch_convs = _forward_order(model, size, nn.Conv2d)
    # A kinds graph (v3 on) has a second top-level Gemm: the kinds head, told apart by its width.
    heads = [model.fc, *([model.kinds] if isinstance(getattr(model, "kinds", None), nn.Linear) else [])]
    if len(convs) != len(torch_convs) or len(gemm) not in (1, len(heads)):
        raise SystemExit(f"{onnx_path}: {len(convs)} Conv and {len(gemm)} Gemm nodes; this network has "
                         f"{len(torch_convs)} convolutions and {len(heads)} linear layer(s)")

    # Each convolution is followed by its BatchNorm: find them by module path.
    names = {m: n for n, m in model.named_modules()}
    modules = dict(model.named_modules())

    def bn_after(conv: nn.Conv2d) -> nn.BatchNorm2d:
        parent, _, idx = names[conv].rpartition(".")
        bn = modules[f"{parent}.{int(idx) + 1}"]
        assert isinstance(bn, nn.BatchNorm2d), names[conv]
        return bn

    pairs = []
    for node, conv in zip(convs, torch_convs):
        w, b = init[node.input[1]], init[node.input[2]]
        if w.shape != conv.weight.shape:
            raise SystemExit(f"{onnx_path}: {node.name} has weights {tuple(w.shape)}, {names[conv]} wants {tuple(conv.weight.shape)}")
        conv.weight.copy_(w)
        bn = bn_after(conv)
        # The folded function first: BN(y) = y + b in eval mode.
        bn.weight.fill_(1.0)
        bn.bias.copy_(b)
        bn.running_mean.zero_()
        bn.running_var.fill_(1.0 - bn.eps)
        pairs.append((bn, b))

    for g in gemm:
        w = init[g.input[1]]
        if not any(a.name == "transB" and a.i == 1 for a in g.attribute):
            w = w.t()
        head = next((h for h in heads if h.weight.shape == w.shape), None)
        if head is None:
            raise SystemExit(f"{onnx_path}: {g.name} has weights {tuple(w.shape)}, which fits no head of this network")
        head.weight.copy_(w)
        head.bias.copy_(init[g.input[2]])
    if len(gemm) == 1 and len(heads) == 2:
        print(f"{onnx_path} has no kinds head: the kinds head starts fresh", flush=True)

    # Calibrate: the statistics of each BatchNorm's input (the convolution's output) under the folded
    # function, then fold them into the layer so that train-mode normalisation starts from identity.
    sums = {bn: [0.0, 0.0, 0] for bn, _ in pairs}

    def grab(bn, inputs, _out):
        y = inputs[0].double()
        s = sums[bn]
        s[0] = s[0] + y.sum((0, 2, 3))
        s[1] = s[1] + (y * y).sum((0, 2, 3))
        s[2] += y.numel() // y.shape[1]
    hooks = [bn.register_forward_hook(grab) for bn, _ in pairs]
    model.eval()
    before = torch.cat([model(calibration[i:i + 256]) for i in range(0, len(calibration), 256)])
    for h in hooks:
        h.remove()
    for bn, b in pairs:
        s0, s1, n = sums[bn]
        mean = s0 / n
        var = (s1 / n - mean * mean).clamp_min(1e-12)
        bn.running_mean.copy_(mean.float())
        bn.running_var.copy_(var.float())
        bn.weight.copy_(torch.sqrt(var + bn.eps).float())
        bn.bias.copy_((mean + b.double()).float())
    after = torch.cat([model(calibration[i:i + 256]) for i in range(0, len(calibration), 256)])
    drift = (after - before).abs().max().item()
    if drift > 1e-3:
        raise SystemExit(f"unfolding {onnx_path} changed the network's output by {drift:.2e}")
    print(f"initialised from {onnx_path}: {len(pairs)} conv+BN pairs, BN set from {len(calibration)} "
          f"training views (max output change {drift:.1e})", flush=True)


def init_from_views(model: nn.Module, onnx_path: Path, views, dev) -> None:
    """init_from_onnx with about 2,048 of a stage's training views as the calibration set, then the
    model on `dev` (the fine-tuning stages start so)."""
    step = max(1, len(views) // 2048)
    calib = torch.stack([views[i][0] for i in range(0, len(views), step)])
    from .rs.model import SIZE
    init_from_onnx(model, onnx_path, SIZE, calib)
    model.to(dev)
