"""Loss and epochs. One loss for every example: −log Σ p over its label set (the usual cross-entropy
for an exact label, the partial-label loss for a set); an example with an empty set (a kind that is
none of the ten) is pushed towards the uniform distribution instead (outlier exposure)."""
from __future__ import annotations

import time

import numpy as np
import torch
import torch.nn.functional as F

from . import augment
from .data import Split


def set_loss(logits: torch.Tensor, masks: torch.Tensor, oe_weight: float) -> torch.Tensor:
    """Mean over in-set examples of −log Σ_{k∈S} p_k, plus `oe_weight` × the outliers' cross-entropy to
    the uniform distribution, summed and divided by the in-set count (as the catalogue stages did)."""
    logp = F.log_softmax(logits, 1)
    known = masks.sum(1) > 0
    n_known = int(known.sum())
    loss = logits.new_zeros(())
    if n_known:
        inset = logp[known].masked_fill(masks[known] == 0, float("-inf")).logsumexp(1)
        loss = loss - inset.mean()
    if (~known).any():
        loss = loss + oe_weight * (-logp[~known].mean(1)).sum() / max(1, n_known)
    return loss


class MixedViews(torch.utils.data.Dataset):
    """The views of one epoch: catalogue photos as catalogue views or simulated desk scenes, `other/`
    kinds likewise, real photos as real views; all through the camera model and the app's letterbox."""

    def __init__(self, splits: dict[str, Split], cut_masks: dict[str, list], seed: int, catalogue_share: float):
        self.splits, self.cut_masks, self.seed, self.cat = splits, cut_masks, seed, catalogue_share
        self.items: list[tuple[str, int]] = []
        self.epoch = 0

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        source, j = self.items[i]
        split = self.splits[source]
        rng = np.random.default_rng([self.seed, self.epoch, i, 7])
        img = split.images[j]
        if source == "real":
            view = augment.real_view(rng, img)
        elif rng.random() < self.cat or source not in self.cut_masks:
            view = augment.catalogue_view(rng, img)
        else:
            view = augment.desk_view(rng, img, self.cut_masks[source][j])
        x = augment.to_tensor(augment.colour_drift(rng, augment.letterbox(augment.camera(rng, view))))
        return x, torch.from_numpy(split.masks[j])


def fixed_views(split: Split) -> torch.Tensor:
    """Each image letterboxed as the app does, no augmentation: what validation scores."""
    return torch.stack([augment.to_tensor(augment.letterbox(im)) for im in split.images])


@torch.no_grad()
def logits_of(model, x: torch.Tensor, bs: int = 16) -> torch.Tensor:
    model.eval()
    dev = next(model.parameters()).device
    return torch.cat([model(x[i:i + bs].to(dev)).float().cpu() for i in range(0, len(x), bs)])


def train_epoch(model, loader, opt, sched, oe_weight: float, dev) -> dict:
    model.train()
    t0, seen, right, loss_sum = time.time(), 0, 0, 0.0
    for x, m in loader:
        x, m = x.to(dev, non_blocking=True), m.to(dev, non_blocking=True)
        out = model(x)
        loss = set_loss(out, m, oe_weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        known = m.sum(1) > 0
        pred = out[known].argmax(1)
        right += int(m[known].gather(1, pred[:, None]).sum())
        seen += int(known.sum())
        loss_sum += float(loss) * len(x)
    return {"loss": loss_sum / max(1, len(loader.dataset)), "train": right / max(1, seen), "seconds": time.time() - t0}


def one_cycle(model, lr: float, total_steps: int):
    """The fine-tuning stages' optimiser and schedule: SGD with Nesterov momentum, one cycle."""
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    return opt, torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=total_steps, pct_start=0.15)


def resume(last, model, opt, sched, dev) -> tuple[int, float, int] | None:
    """Goes on from `last` (the checkpoint every epoch writes: weights, optimiser, schedule, best so far):
    (epochs done, best score, best epoch), with the model on `dev`; None when there is none yet."""
    if not last.exists():
        return None
    state = torch.load(last, map_location="cpu")
    model.load_state_dict(state["model"])
    model.to(dev)  # before the optimiser's state, which follows its parameters' device
    opt.load_state_dict(state["opt"])
    sched.load_state_dict(state["sched"])
    print(f"resuming after epoch {state['epoch']} (best {state['best']:.4f} at epoch {state['best_epoch']})", flush=True)
    return state["epoch"], state["best"], state["best_epoch"]
