#!/usr/bin/python3
"""Make the "desk" variant of a split: each catalogue photo cut out and put on a textured surface at a
random rotation and scale, in a 1600×1200 frame, saved as JPEG quality 80.

    /usr/bin/python3 -m models.training.make_desk_variant \
        --src ../shared/datasets/returns10/test --out /tmp/returns10-desk-test

Then `npm run eval -- --data /tmp/returns10-desk-test`. The output keeps `<Category>/<id>.jpg`, so
out-of-set folders (e.g. other/test/<kind>) work too. Deterministic for a given --seed. The product
is upscaled from its 60×80 catalogue size (bicubic), as a desk photo of a small item would be blurry
at that size anyway; the surface is full resolution, so the model must look at the item, not the
texture.
"""
from __future__ import annotations

import argparse
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from .desk_scene import compose, cutout_mask

W, H = 1600, 1200


def render(job):
    src, dst, seed = job
    if dst.exists():  # deterministic per file: an interrupted run just carries on
        return 1
    rng = np.random.default_rng([seed, zlib.crc32(str(src.name).encode()), zlib.crc32(str(src.parent.name).encode())])
    img = Image.open(src).convert("RGB")
    scene = compose(rng, img, cutout_mask(img), W, H, scale_range=(0.45, 0.8),
                    light=float(rng.uniform(0.1, 0.6)), shadow=True, resample=Image.BICUBIC)
    dst.parent.mkdir(parents=True, exist_ok=True)
    scene.save(dst, "JPEG", quality=80)
    return 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, required=True, help="folder of <Category>/<image>.jpg")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1600)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if not args.src.is_dir():
        sys.exit(f"--src {args.src} is not a folder")
    jobs = [(p, args.out / p.parent.name / (p.stem + ".jpg"), args.seed)
            for p in sorted(args.src.glob("*/*")) if p.suffix.lower() in (".jpg", ".jpeg", ".png")]
    with ProcessPoolExecutor(args.jobs) as ex:
        done = sum(ex.map(render, jobs, chunksize=16))
    print(f"wrote {done} desk photos ({W}x{H}, JPEG q80) to {args.out}")


if __name__ == "__main__":
    main()
