"""Desk-scene synthesis shared by the trainer's augmentation and the "desk" test-variant script.

The catalogue photos are cut-outs on white. The returns desk photographs the same products lying on
a table: any rotation, any place in the frame, wood / fabric / mats / paper underneath, uneven light,
phone or webcam optics and JPEG. These helpers turn a catalogue photo into such a scene so the model
learns the desk and not the catalogue's white studio background.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def cutout_mask(img: Image.Image, tol: int = 26) -> Image.Image:
    """Alpha mask of the product: pixels close to the studio backdrop colour (white for objects,
    light grey for apparel on models) and connected to the border are background.

    Flood-filling from the border (instead of thresholding every backdrop-coloured pixel) keeps
    parts inside the product that happen to match the backdrop, such as a white print or a dial.
    """
    rgb = np.asarray(img.convert("RGB")).astype(np.int16)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    backdrop = np.median(border, axis=0)
    cand = (np.abs(rgb - backdrop).max(axis=2) < tol).astype(np.uint8) * 255
    m = Image.fromarray(cand, "L").copy()  # fromarray shares a read-only buffer; floodfill needs its own
    w, h = m.size
    seeds = [(x, 0) for x in range(w)] + [(x, h - 1) for x in range(w)]
    seeds += [(0, y) for y in range(h)] + [(w - 1, y) for y in range(h)]
    for xy in seeds:
        if m.getpixel(xy) == 255:
            ImageDraw.floodfill(m, xy, 128)
    alpha = np.where(np.asarray(m) == 128, 0, 255).astype(np.uint8)
    if alpha.mean() < 8:  # nothing left (product the colour of the backdrop): keep the whole photo
        alpha[:] = 255
    return Image.fromarray(alpha, "L").filter(ImageFilter.GaussianBlur(0.6))


def _value_noise(rng: np.random.Generator, w: int, h: int, cells: int) -> np.ndarray:
    """Smooth noise in [0, 1]: a coarse random grid upscaled bicubically."""
    gw, gh = max(2, cells), max(2, int(cells * h / w) + 1)
    g = Image.fromarray((rng.random((gh, gw)) * 255).astype(np.uint8), "L")
    return np.asarray(g.resize((w, h), Image.BICUBIC), dtype=np.float32) / 255.0


def _fractal(rng: np.random.Generator, w: int, h: int, base: int, octaves: int = 4) -> np.ndarray:
    acc = np.zeros((h, w), np.float32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        acc += amp * _value_noise(rng, w, h, base * (2 ** o))
        total += amp
        amp *= 0.5
    return acc / total


def _colour(rng: np.random.Generator) -> np.ndarray:
    """A plausible surface colour: browns, greys, pastels, saturated mats."""
    kind = rng.integers(0, 4)
    if kind == 0:  # wood / cardboard browns
        base = np.array([0.55, 0.38, 0.22]) * rng.uniform(0.6, 1.5)
    elif kind == 1:  # greys
        base = np.full(3, rng.uniform(0.25, 0.9))
    elif kind == 2:  # pastel
        base = rng.uniform(0.55, 0.95, 3)
    else:  # any colour
        base = rng.uniform(0.05, 0.95, 3)
    return np.clip(base, 0, 1).astype(np.float32)


def texture(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A random surface (float32 HxWx3 in [0,1]): wood, fabric weave, noise, marble, tiles, paper."""
    kind = rng.integers(0, 6)
    c1, c2 = _colour(rng), _colour(rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    scale = min(w, h)
    if kind == 0:  # wood grain: warped stripes
        ang = rng.uniform(0, math.pi)
        u = (xx * math.cos(ang) + yy * math.sin(ang)) / scale
        warp = _fractal(rng, w, h, 3) * rng.uniform(2, 6)
        t = 0.5 + 0.5 * np.sin((u * rng.uniform(8, 30) + warp) * math.pi)
        t = t ** rng.uniform(0.6, 2.0)
    elif kind == 1:  # fabric weave
        p = max(2.0, scale / rng.uniform(40, 160))
        t = 0.5 + 0.25 * (np.sin(xx / p * math.pi) * np.sin(yy / p * math.pi)) + 0.25 * _fractal(rng, w, h, 8)
    elif kind == 2:  # plain smooth noise (mats, worn desks)
        t = _fractal(rng, w, h, int(rng.integers(2, 12)))
    elif kind == 3:  # marble
        u = (xx + yy * rng.uniform(-1, 1)) / scale
        t = 0.5 + 0.5 * np.sin((u * rng.uniform(3, 10) + _fractal(rng, w, h, 4) * 6) * math.pi)
        c2 = np.clip(c1 + rng.uniform(-0.35, 0.35, 3), 0, 1).astype(np.float32)
    elif kind == 4:  # tiles / cutting mat grid
        p = scale / rng.uniform(4, 14)
        lines = ((xx % p) < max(1.0, p * 0.05)) | ((yy % p) < max(1.0, p * 0.05))
        t = 0.15 * _fractal(rng, w, h, 6) + lines.astype(np.float32) * 0.85
    else:  # paper / plain surface with grain
        t = 0.5 + 0.12 * (rng.standard_normal((h, w)).astype(np.float32)) * rng.uniform(0.2, 1)
        c2 = np.clip(c1 * rng.uniform(0.8, 1.0), 0, 1).astype(np.float32)
    t = np.clip(t, 0, 1)[..., None]
    return c1 * (1 - t) + c2 * t


def lighting(rng: np.random.Generator, w: int, h: int, strength: float) -> np.ndarray:
    """Multiplicative uneven light: a tilted gradient plus a soft blob, with a colour cast."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    g = ((xx / w - 0.5) * math.cos(ang) + (yy / h - 0.5) * math.sin(ang))
    cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.3, 0.9) * max(w, h)
    blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    light = 1 + strength * (g * rng.uniform(-1, 1) + (blob - 0.5) * rng.uniform(-0.8, 0.8))
    cast = 1 + rng.uniform(-0.12, 0.12, 3) * strength
    return np.clip(light[..., None] * cast, 0.3, 1.6).astype(np.float32)


def compose(rng: np.random.Generator, product: Image.Image, mask: Image.Image, w: int, h: int,
            scale_range=(0.45, 0.85), light: float = 0.5, shadow: bool = True,
            resample=Image.BICUBIC, bg: np.ndarray | None = None) -> Image.Image:
    """Place the cut-out product on a random surface in a w×h frame at a random angle, size and
    position (always fully inside the frame), under uneven light. Returns an RGB image.
    `bg` (float HxWx3 in [0,1]) replaces the freshly generated surface when given."""
    if bg is None:
        bg = texture(rng, w, h)
    angle = float(rng.uniform(0, 360))
    prod = product.convert("RGB")
    # Frame the product itself, not the catalogue's studio margin: a clerk photographs a shoe so
    # that the shoe fills the picture, whatever shape its catalogue photo had.
    box = mask.point(lambda v: 255 if v > 24 else 0).getbbox()
    if box:
        prod, mask = prod.crop(box), mask.crop(box)
    pw, ph = prod.size
    # Size the product by its longer side relative to the frame's shorter side, then make sure the
    # rotated box still fits.
    target = rng.uniform(*scale_range) * min(w, h)
    k = target / max(pw, ph)
    rad = math.radians(angle)
    rot_w = abs(pw * math.cos(rad)) + abs(ph * math.sin(rad))
    rot_h = abs(pw * math.sin(rad)) + abs(ph * math.cos(rad))
    k = min(k, 0.98 * w / rot_w, 0.98 * h / rot_h)
    nw, nh = max(1, round(pw * k)), max(1, round(ph * k))
    prod = prod.resize((nw, nh), resample)
    m = mask.resize((nw, nh), resample)
    prod = prod.rotate(angle, resample=Image.BILINEAR, expand=True)
    m = m.rotate(angle, resample=Image.BILINEAR, expand=True)
    rw, rh = prod.size
    x0 = int(rng.integers(0, max(1, w - rw + 1)))
    y0 = int(rng.integers(0, max(1, h - rh + 1)))
    canvas = Image.fromarray((bg * 255).astype(np.uint8), "RGB")
    if shadow:  # a soft contact shadow makes the item sit on the table
        sh = m.filter(ImageFilter.GaussianBlur(max(1.0, 0.03 * max(rw, rh))))
        dark = Image.new("RGB", canvas.size, (0, 0, 0))
        sh_full = Image.new("L", canvas.size, 0)
        off = int(0.02 * max(rw, rh))
        sh_full.paste(sh, (x0 + off, y0 + off))
        sh_full = sh_full.point(lambda v: int(v * 0.35))
        canvas = Image.composite(dark, canvas, sh_full)
    canvas.paste(prod, (x0, y0), m)
    arr = np.asarray(canvas, dtype=np.float32) / 255.0
    arr = arr * lighting(rng, w, h, light)
    return Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8), "RGB")
