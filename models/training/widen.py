"""Net2Wider (Chen et al. 2016): a wider ReturnsNet that computes what a trained narrower one does.

Training a wider network from random weights takes more epochs than 2 CPU cores give in a session
(width 1.5 reached val 0.909 / val-desk 0.646 after 16 epochs, against the shipped 0.924 / 0.79), so
a wider fine-tune starts from the shipped weights instead. Every channel of the narrow network is
kept; each added channel copies a randomly chosen one (its filter and BatchNorm), and the layer that
reads the copies divides their incoming weights by the number of copies, so the sum is unchanged. A
residual stage adds tensors of one width, so all tensors of one width share one copy map. A little
noise on the copied filters breaks their symmetry (identical copies would get identical gradients
and never learn anything different).
"""
from __future__ import annotations

import torch
import torch.nn as nn


def _convs_with_bn(model: nn.Module):
    """(conv, batchnorm) pairs in module order; every conv of ReturnsNet is followed by its BN."""
    mods = list(model.modules())
    return [(m, mods[i + 1]) for i, m in enumerate(mods) if isinstance(m, nn.Conv2d)]


@torch.no_grad()
def widen(narrow: nn.Module, wide: nn.Module, seed: int, noise: float = 0.01) -> None:
    """Writes into `wide` (same layout as `narrow`, more channels) the widened weights of `narrow`."""
    gen = torch.Generator().manual_seed(seed)
    maps: dict[tuple[int, int], torch.Tensor] = {(3, 3): torch.arange(3)}

    def copy_map(old: int, new: int) -> torch.Tensor:
        if (old, new) not in maps:
            extra = torch.randint(0, old, (new - old,), generator=gen)
            maps[(old, new)] = torch.cat([torch.arange(old), extra])
        return maps[(old, new)]

    def share(g: torch.Tensor, old: int) -> torch.Tensor:
        return torch.bincount(g, minlength=old).float()[g]  # copies of each new channel's source

    pairs_n, pairs_w = _convs_with_bn(narrow), _convs_with_bn(wide)
    if len(pairs_n) != len(pairs_w):
        raise ValueError("widen: the two networks differ in layout")
    for (cn, bn_n), (cw, bn_w) in zip(pairs_n, pairs_w):
        if not (isinstance(bn_n, nn.BatchNorm2d) and isinstance(bn_w, nn.BatchNorm2d)):
            raise ValueError("widen: a convolution is not followed by its BatchNorm")
        gi = copy_map(cn.in_channels, cw.in_channels)
        go = copy_map(cn.out_channels, cw.out_channels)
        w = cn.weight[go][:, gi] / share(gi, cn.in_channels)[None, :, None, None]
        if noise:
            w = w * (1 + noise * torch.randn(w.shape, generator=gen))
        cw.weight.copy_(w)
        for name in ("weight", "bias", "running_mean", "running_var"):
            getattr(bn_w, name).copy_(getattr(bn_n, name)[go])
    gi = copy_map(narrow.fc.in_features, wide.fc.in_features)
    wide.fc.weight.copy_(narrow.fc.weight[:, gi] / share(gi, narrow.fc.in_features)[None, :])
    wide.fc.bias.copy_(narrow.fc.bias)
