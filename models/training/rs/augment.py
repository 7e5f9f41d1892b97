"""Training views: the app's letterbox, catalogue views, simulated desk scenes and real-photo views,
with a phone camera's colour and optics. Every function draws from the `rng` it is given, so a view
is fixed by (seed, epoch, index)."""
from __future__ import annotations

import io

import numpy as np
import torch
from PIL import Image, ImageEnhance, ImageFilter

from ..desk_scene import compose, texture

from .model import SIZE

PAD = (255, 255, 255)
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def letterbox(img: Image.Image) -> Image.Image:
    """The app's preprocessing (sharp `fit: contain`, lanczos3, padded): keep aspect, centre, pad."""
    w, h = img.size
    k = min(SIZE / w, SIZE / h)
    nw, nh = max(1, round(w * k)), max(1, round(h * k))
    out = Image.new("RGB", (SIZE, SIZE), PAD)
    out.paste(img.resize((nw, nh), Image.LANCZOS), ((SIZE - nw) // 2, (SIZE - nh) // 2))
    return out


def to_tensor(img: Image.Image) -> torch.Tensor:
    a = np.asarray(img, dtype=np.float32) / 255.0
    a = (a - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    return torch.from_numpy(a.transpose(2, 0, 1).copy())


def colour_drift(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    """White balance and exposure of a phone or webcam (applied at model size: cheap)."""
    if rng.random() < 0.8:
        img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.65, 1.35))
        img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.65, 1.35))
        img = ImageEnhance.Color(img).enhance(rng.uniform(0.6, 1.4))
    return img


def camera(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    """Phone/webcam optics at frame size: blur, sensor noise, JPEG."""
    if rng.random() < 0.25:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 1.0)))
    if rng.random() < 0.25:
        a = np.asarray(img, np.float32) + rng.normal(0, rng.uniform(2, 10), (img.size[1], img.size[0], 3))
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.35:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(rng.integers(30, 92)))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img


SURFACES: list = []  # a bank of generated surfaces, filled once before the loaders fork


def make_surfaces(seed: int, n: int = 1200, side: int = 192):
    rng = np.random.default_rng([seed, 4242])
    SURFACES[:] = [(texture(rng, side, side) * 255).astype(np.uint8) for _ in range(n)]


def surface(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A random crop of a banked surface, turned, flipped and re-tinted: endless variety, cheap."""
    t = SURFACES[int(rng.integers(0, len(SURFACES)))]
    t = np.rot90(t, int(rng.integers(0, 4)))
    if rng.random() < 0.5:
        t = t[:, ::-1]
    y0 = int(rng.integers(0, t.shape[0] - h + 1))
    x0 = int(rng.integers(0, t.shape[1] - w + 1))
    gain = rng.uniform(0.75, 1.25, 3).astype(np.float32) / 255.0
    return np.clip(t[y0:y0 + h, x0:x0 + w].astype(np.float32) * gain, 0, 1)


def desk_view(rng: np.random.Generator, img: Image.Image, mask: Image.Image) -> Image.Image:
    """The item on a table, framed by a phone (4:3 or 3:4) or a square crop, at twice model size."""
    r = rng.random()
    w, h = (192, 144) if r < 0.6 else ((144, 192) if r < 0.85 else (160, 160))
    if rng.random() < 0.5:
        img, mask = img.transpose(Image.FLIP_LEFT_RIGHT), mask.transpose(Image.FLIP_LEFT_RIGHT)
    bg = surface(rng, w, h) if SURFACES else None
    return compose(rng, img, mask, w, h, scale_range=(0.4, 0.95), light=rng.uniform(0, 0.8),
                   shadow=rng.random() < 0.6, bg=bg)


def catalogue_view(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    """The catalogue photo itself, slightly moved, scaled and turned (white fill like the studio)."""
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    w, h = img.size
    s = rng.uniform(0.85, 1.1)
    ang = rng.uniform(-12, 12) if rng.random() < 0.5 else 0.0
    img = img.rotate(ang, resample=Image.BILINEAR, fillcolor=PAD,
                     translate=(rng.uniform(-0.06, 0.06) * w, rng.uniform(-0.06, 0.06) * h))
    if abs(s - 1) > 1e-3:
        nw, nh = max(1, round(w * s)), max(1, round(h * s))
        img = img.resize((nw, nh), Image.BICUBIC)
    return img


def real_view(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    """A photo taken by a person, framed a little differently: a random crop of 55–100 % of its area
    (aspect 3:4 to 4:3 of the crop), mirrored half the time, turned up to ±10° a third of the time."""
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    w, h = img.size
    area = rng.uniform(0.55, 1.0) * w * h
    ratio = float(np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3))))
    cw, ch = min(w, round((area * ratio) ** 0.5)), min(h, round((area / ratio) ** 0.5))
    x0, y0 = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
    img = img.crop((x0, y0, x0 + cw, y0 + ch))
    if rng.random() < 0.33:
        img = img.rotate(rng.uniform(-10, 10), resample=Image.BILINEAR, expand=False)
    return img
