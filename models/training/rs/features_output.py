"""A second graph output, `features`: what each network holds just before its last layer (the pooled
embedding), mirror-image averaged and routed exactly as the logits are. The station stores it with
every prediction so that a desk head can learn from the morning review (src-main/station/desk).

The features are found, not re-exported: in each network the last layer is a Gemm fed by a Flatten
of the global pool. Every node on the way from that Gemm to the network's logits (the flip average's
Slice/Add/Div, then the studio route's Mul/Add) is copied with the Flatten's output in the Gemm's
place. All of those steps are linear and per-row, so `features @ W.T + b == logits` for the network
that scored the photo: the check `verify` runs.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

NAME = "features"


def _mirror(nodes, subs: dict[str, str], target: str, suffix: str) -> tuple[list, str]:
    """Copies of the nodes on the paths from `subs`' keys to `target`, reading the substitutes instead;
    returns them (in graph order) and the copy of `target`."""
    needed, wanted = set(), {target}
    for node in reversed(list(nodes)):  # ancestors of target
        if wanted & set(node.output):
            needed.add(id(node))
            wanted |= set(node.input)
    renamed, copies = dict(subs), []
    for node in nodes:
        if id(node) not in needed or not any(i in renamed for i in node.input):
            continue
        copy = onnx.NodeProto()
        copy.CopyFrom(node)
        copy.name = (node.name or node.output[0]) + suffix
        copy.input[:] = [renamed.get(i, i) for i in node.input]
        for o in node.output:
            renamed[o] = o + suffix
        copy.output[:] = [renamed[o] for o in node.output]
        copies.append(copy)
    if target not in renamed:
        raise ValueError(f"no path from {sorted(subs)} to {target}")
    return copies, renamed[target]


def _last_layer(nodes, logits: str):
    """The Gemm whose output reaches `logits`, and the Flatten output it reads."""
    gemms = [n for n in nodes if n.op_type == "Gemm"]
    if len(gemms) != 1:
        raise ValueError(f"expected one Gemm (the last layer) before {logits}, found {len(gemms)}")
    return gemms[0], gemms[0].input[0]


def _network_features(graph, logits: str, suffix: str) -> str:
    gemm, flat = _last_layer(graph.node, logits)
    copies, out = _mirror(graph.node, {gemm.output[0]: flat}, logits, suffix)
    _insert_after(graph, logits, copies)
    return out


def _insert_after(graph, tensor: str, copies: list) -> None:
    """Right after the node that makes `tensor`, so a later node (the route's If) can read them."""
    at = next(i for i, n in enumerate(graph.node) if tensor in n.output) + 1
    for k, node in enumerate(copies):
        graph.node.insert(at + k, node)


def add_features_output(model: onnx.ModelProto) -> int:
    """Adds the `features` output to a studio-route graph (logits = studio·catalogue + photo·photo net,
    the catalogue network in an If) or to a single network's graph; returns the features' size."""
    g = model.graph
    if any(o.name == NAME for o in g.output):
        raise ValueError("the graph already has a features output")
    ifs = [n for n in g.node if n.op_type == "If"]
    main_nodes = [n for n in g.node if n.op_type != "If"]
    if not ifs:
        gemm, _ = _last_layer(main_nodes, "logits")
        size = _weight_rows(g, gemm)
        out = _network_features(g, "logits", "_features")
        _rename_output(g, out)
        return _declare(g, size)
    (route,) = ifs
    photo_logits = "photo_logits"
    gemm, _ = _last_layer(main_nodes, photo_logits)
    size = _weight_rows(g, gemm)
    photo_features = _network_features(g, photo_logits, "_features")
    branches = {a.name: a.g for a in route.attribute}
    then_g, else_g = branches["then_branch"], branches["else_branch"]
    cat_features = _network_features(then_g, then_g.output[0].name, "_features")
    then_g.output.append(helper.make_tensor_value_info(cat_features, TensorProto.FLOAT, None))
    else_g.node.extend([
        helper.make_node("Shape", [photo_features], ["no_catalogue_features_shape"]),
        helper.make_node("ConstantOfShape", ["no_catalogue_features_shape"], ["no_catalogue_features"],
                         value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0])),
    ])
    else_g.output.append(helper.make_tensor_value_info("no_catalogue_features", TensorProto.FLOAT, None))
    route_out = route.output[0]
    route.output.append(route_out + "_features")
    copies, out = _mirror(g.node, {route_out: route_out + "_features", photo_logits: photo_features}, "logits", "_features")
    g.node.extend(copies)
    _rename_output(g, out)
    return _declare(g, size)


def _weight_rows(g, gemm) -> int:
    """The last layer's input size (its weight may be read through a float16 Cast)."""
    name = gemm.input[1]
    for node in g.node:
        if node.op_type == "Cast" and node.output[0] == name:
            name = node.input[0]
    for init in g.initializer:
        if init.name == name:
            return int(init.dims[1] if gemm_transposed(gemm) else init.dims[0])
    raise ValueError(f"last layer weight {gemm.input[1]} not found")


def gemm_transposed(gemm) -> bool:
    return any(a.name == "transB" and a.i == 1 for a in gemm.attribute)


def _rename_output(g, tensor: str) -> None:
    g.node.append(helper.make_node("Identity", [tensor], [NAME], name="features_output"))


def _declare(g, size: int) -> int:
    g.output.append(helper.make_tensor_value_info(NAME, TensorProto.FLOAT, ["batch", size]))
    return size


def last_layers(model: onnx.ModelProto) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each network's last layer (weight, bias) as float32: features @ W.T + b gives that network's
    logits, which is how the copied path is checked (add_features.py --check-file)."""
    weights = {i.name: numpy_helper.to_array(i).astype(np.float32) for i in model.graph.initializer}
    graphs = [model.graph] + [a.g for n in model.graph.node if n.op_type == "If" for a in n.attribute if a.name == "then_branch"]
    return [tuple(weights[n] if n in weights else weights[n + "_fp16"] for n in node.input[1:3])
            for graph in graphs for node in graph.node if node.op_type == "Gemm"]
