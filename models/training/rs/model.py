"""The network: a small ResNet for 96×96 input, sized for CPU training and millisecond CPU inference."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

LABELS = ["Tshirts", "Shirts", "Casual Shoes", "Watches", "Sports Shoes",
          "Kurtas", "Tops", "Handbags", "Heels", "Sunglasses"]
SIZE = 96


def cbr(i, o, s=1):
    return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class Block(nn.Module):
    """Residual basic block (two 3×3 convs)."""

    def __init__(self, i, o, stride):
        super().__init__()
        self.a = cbr(i, o, stride)
        self.b = nn.Sequential(nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o))
        self.short = nn.Identity() if (i == o and stride == 1) else nn.Sequential(
            nn.Conv2d(i, o, 1, stride, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        return F.relu(self.b(self.a(x)) + self.short(x))


def widths(width: float) -> list[int]:
    """Channel counts of the five stages; `width` 1 is the v1.3.0–v1.6.0 network (24-32-64-128-256)."""
    return [max(8, round(c * width / 8) * 8) for c in (24, 32, 64, 128, 256)]


class ReturnsNet(nn.Module):
    """48 → 24 → 12 → 6 → 3 → global pool → linear. `width` scales every stage's channels (parameters
    and CPU time grow with its square; the model file must stay under 15 MB, about width 1.5)."""

    def __init__(self, n=len(LABELS), width=1.0):
        super().__init__()
        a, b, c, d, e = widths(width)
        self.features = nn.Sequential(
            cbr(3, a, 2),
            Block(a, b, 2),
            Block(b, c, 2), Block(c, c, 1),
            Block(c, d, 2), Block(d, d, 1),
            Block(d, e, 2),
        )
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(e, n)

    def embed(self, x):
        """The features before the last layer (what a desk head can learn from)."""
        return torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1)

    def forward(self, x):
        return self.fc(self.drop(self.embed(x)))


class FlipAveraged(nn.Module):
    """Mirror-image averaging inside the exported graph: the network scores each photo and its mirror
    image in one batch and averages the logits. A returned item lies either way round on the desk, so
    the mirror image is as likely a view as the photo; the app still feeds one image per row."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, x):
        n = x.shape[0]
        y = self.net(torch.cat([x, torch.flip(x, [3])], 0))
        return (y[:n] + y[n:]) / 2


class KindsNet(ReturnsNet):
    """ReturnsNet with a second head over every kind the data names (rs/kinds.py). `forward` stays the
    ten categories' logits, so onnx_init.py and the app's category rule read it unchanged; `both` gives
    the kinds' logits too."""

    def __init__(self, n_kinds: int, n=len(LABELS), width=1.0):
        super().__init__(n=n, width=width)
        self.kinds = nn.Linear(self.fc.in_features, n_kinds)

    def both(self, x):
        e = self.drop(self.embed(x))
        return self.fc(e), self.kinds(e)


class KindsExport(nn.Module):
    """The exported graph: mirror-image averaged category logits, kinds logits and pooled features."""

    def __init__(self, net: KindsNet):
        super().__init__()
        self.net = net

    def forward(self, x):
        n = x.shape[0]
        xx = torch.cat([x, torch.flip(x, [3])], 0)
        e = self.net.embed(xx)
        logits, kinds = self.net.fc(e), self.net.kinds(e)
        return (logits[:n] + logits[n:]) / 2, (kinds[:n] + kinds[n:]) / 2, (e[:n] + e[n:]) / 2
