"""Calibration and the band rule. A photo's confidence is max softmax(logits / T), where T depends on
what kind of photo it is: a studio shot (the outer band of the letterboxed input is white all round)
or a photo (the table, bed or floor shows at some edge). The two temperatures are chosen so that the
high band (confidence ≥ 0.85, the app's default) holds on real photos: on real val no more than
`target_wrong` of the auto-approved photos may be wrong, out-of-set kinds included. The app computes
the same rule from model.json (src-main/station/classify/confidence-rule.ts)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .augment import MEAN, STD

GATE = {"band": 6, "white": 0.9, "minShare": 0.8}


def studio_share(x: torch.Tensor, band: int = GATE["band"], white: float = GATE["white"]) -> torch.Tensor:
    """Share of the outer `band` pixels of each normalised NCHW input whose darkest channel is ≥ `white`
    (0–1 scale). The letterbox padding is white, so a portrait photo padded at the sides still shows its
    own top and bottom rows."""
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    darkest = (x * std + mean).amin(1)
    h, w = darkest.shape[1:]
    ring = torch.ones(h, w, dtype=torch.bool)
    ring[band:h - band, band:w - band] = False
    # A small tolerance for float rounding of 230/255-like values.
    return ((darkest >= white - 1e-6) & ring).float().sum((1, 2)) / ring.sum()


def is_studio(x: torch.Tensor) -> torch.Tensor:
    return studio_share(x) >= GATE["minShare"]


def set_nll(logits: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """−log Σ p over each in-set example's label set (examples with an empty set are left out)."""
    known = masks.sum(1) > 0
    logp = F.log_softmax(logits[known], 1)
    return -logp.masked_fill(masks[known] == 0, float("-inf")).logsumexp(1).mean()


def fit_temperature(logits: torch.Tensor, masks: torch.Tensor) -> float:
    """Temperature scaling (Guo et al. 2017) with label sets: the T that minimises the set NLL."""
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        opt.zero_grad()
        loss = set_nll(logits / log_t.exp(), masks)
        loss.backward()
        return loss
    opt.step(closure)
    return min(max(float(log_t.exp()), 0.05), 20.0)


def ece(probs: torch.Tensor, masks: torch.Tensor, bins: int = 15) -> float:
    """Expected calibration error over in-set examples (right = the top class is in the set)."""
    known = masks.sum(1) > 0
    conf, pred = probs[known].max(1)
    right = masks[known].gather(1, pred[:, None]).squeeze(1)
    edges = torch.linspace(0, 1, bins + 1)
    e = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            e += sel.float().mean().item() * abs(right[sel].mean().item() - conf[sel].mean().item())
    return e


def confidence(logits: torch.Tensor, temperature: float, kinds: tuple | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Each row's answer and its confidence: max softmax(logits / T); with `kinds` (the kinds head's
    logits and the kind x category 0/1 matrix of model.json's kinds), the smaller of that and the kinds'
    agreement with the answer, Σ softmax(kinds / T) over the kinds whose categories include it. Both
    heads must say so for a photo to be sure: a blazer the category head reads as Shirts has little
    kind probability on Shirts' kinds. The app computes the same (confidence-rule.ts)."""
    conf, pred = F.softmax(logits / temperature, 1).max(1)
    if kinds is not None:
        # (kind logits, agree) reads the kinds at the category head's temperature; a third item is the
        # kinds' own temperature (model.json bandRule.kindsTemperature, models 3.0.0-rc2 on).
        kind_logits, agree = kinds[0], kinds[1]
        t_kinds = kinds[2] if len(kinds) > 2 else temperature
        backing = (F.softmax(kind_logits / t_kinds, 1) @ agree).gather(1, pred[:, None]).squeeze(1)
        conf = torch.minimum(conf, backing)
    return conf, pred


def high_band(logits: torch.Tensor, masks: torch.Tensor, temperature: float, high: float = 0.85,
              kinds: tuple | None = None) -> dict:
    """What the high band does at one temperature: how many photos it takes, how many of those are wrong
    (top class outside the label set, every out-of-set photo included), and its in-set coverage."""
    conf, pred = confidence(logits, temperature, kinds)
    auto = conf >= high
    right = masks.gather(1, pred[:, None]).squeeze(1) > 0
    known = masks.sum(1) > 0
    n_auto = int(auto.sum())
    return {
        "autoApproved": n_auto,
        "wrongAutoApproved": int((auto & ~right).sum()),
        "wrongShare": float((auto & ~right).sum()) / n_auto if n_auto else 0.0,
        "coverage": float((auto & known).sum()) / max(1, int(known.sum())),
        "outOfSetToReview": float((~auto & ~known).sum()) / max(1, int((~known).sum())) if (~known).any() else 1.0,
    }


def safe_temperature(logits: torch.Tensor, masks: torch.Tensor, start: float, target_wrong: float,
                     high: float = 0.85, step: float = 1.02, limit: float = 20.0, kinds: tuple | None = None) -> float:
    """The smallest temperature from `start` up (a higher one lowers every confidence) at which the high
    band's wrong share is at most `target_wrong`: when in doubt, a photo goes to review."""
    t = start
    while t < limit and high_band(logits, masks, t, high, kinds)["wrongShare"] > target_wrong:
        t *= step
    return round(t, 6)


# The photo temperature is searched in steps of 0.5 %: with no wrong photo allowed, it lands just above
# the last wrong one, and a coarser step would give away right auto-approvals for nothing. (The studio
# search keeps safe_temperature's 2 % steps: its temperature is the one shipped since 2.0.0.)
PHOTO_T_STEP = 1.005


def band_temperatures(cat_logits: torch.Tensor, cat_masks: torch.Tensor, cat_studio: torch.Tensor,
                      real_logits: torch.Tensor, real_masks: torch.Tensor, real_studio: torch.Tensor,
                      target_wrong: float, studio_precision: float, high: float = 0.85,
                      cat_kinds: tuple | None = None, real_kinds: tuple | None = None) -> dict[str, float]:
    """The band rule's two temperatures from val (real_stage.py and studio_route.py alike). Studio shots:
    the NLL fit on catalogue val's studio shots, raised until their high band is `studio_precision` right.
    Photos: the NLL fit on every non-studio row of both vals, raised until real val's high band holds at
    most `target_wrong` wrong photos."""
    studio_nll = fit_temperature(cat_logits[cat_studio], cat_masks[cat_studio])
    def rows(kinds, sel):
        return None if kinds is None else (kinds[0][sel], *kinds[1:])
    studio = safe_temperature(cat_logits[cat_studio], cat_masks[cat_studio], studio_nll, 1 - studio_precision, high,
                              kinds=rows(cat_kinds, cat_studio))
    photo_nll = fit_temperature(torch.cat([real_logits[~real_studio], cat_logits[~cat_studio]]),
                                torch.cat([real_masks[~real_studio], cat_masks[~cat_studio]]))
    photo = safe_temperature(real_logits[~real_studio], real_masks[~real_studio], photo_nll, target_wrong, high,
                             step=PHOTO_T_STEP, kinds=rows(real_kinds, ~real_studio))
    return {"studioNll": studio_nll, "studio": studio, "photoNll": photo_nll, "photo": photo}


def accuracy(logits: torch.Tensor, masks: torch.Tensor) -> float:
    known = masks.sum(1) > 0
    if not known.any():
        return math.nan
    pred = logits[known].argmax(1)
    return float(masks[known].gather(1, pred[:, None]).mean())
