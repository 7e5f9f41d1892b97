"""Small tests of the trainer's pure functions (run by `npm test` through
src-main/station/classify/training-code.test.ts where Debian's torch is installed)."""
from __future__ import annotations

import unittest
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from models.training.rs import augment, calibrate, data, loop
from models.training.rs.model import LABELS, SIZE, FlipAveraged, ReturnsNet


def framed(white_rows: int, white_cols: int) -> torch.Tensor:
    """The picture of confidence-rule.test.ts: white outside a frame, mid grey (128) inside."""
    a = np.full((SIZE, SIZE, 3), 128, np.uint8)
    a[:white_rows], a[SIZE - white_rows:] = 255, 255
    a[:, :white_cols], a[:, SIZE - white_cols:] = 255, 255
    return augment.to_tensor(Image.fromarray(a))[None]


class LabelSets(unittest.TestCase):
    def test_mask_of_a_set(self):
        m = data.label_mask(["Casual Shoes", "Heels"])
        self.assertEqual(m.sum(), 2)
        self.assertEqual(m[LABELS.index("Heels")], 1)

    def test_unknown_label_is_an_error(self):
        with self.assertRaises(ValueError):
            data.label_mask(["Sandals"])

    def test_epoch_draw_is_seeded_and_fresh_each_epoch(self):
        sizes = {"catalogue": 100, "real": 10}
        a = data.epoch_indices(sizes, {"catalogue": 20}, seed=1, epoch=0)
        self.assertEqual(a, data.epoch_indices(sizes, {"catalogue": 20}, seed=1, epoch=0))
        self.assertEqual(sum(1 for s, _ in a if s == "catalogue"), 20)
        self.assertEqual(sorted(i for s, i in a if s == "real"), list(range(10)))
        b = data.epoch_indices(sizes, {"catalogue": 20}, seed=1, epoch=1)
        self.assertNotEqual(sorted(a), sorted(b))

    def test_a_kind_repeated_appears_that_many_times_an_epoch(self):
        items = [("catalogue", 0), ("real", 0), ("real", 1), ("other", 0)]
        kinds = ["shoes", "t-shirt"]
        out = data.with_repeats(items, kinds, 1, data.parse_kind_repeats("shoes=3"))
        self.assertEqual(out.count(("real", 0)), 3)
        self.assertEqual(out.count(("real", 1)), 1)
        self.assertEqual(out.count(("catalogue", 0)), 1)
        self.assertEqual(data.with_repeats(items, kinds, 2, {"shoes": 3}).count(("real", 0)), 6)
        self.assertEqual(data.with_repeats(items, kinds), items)
        for bad in ("shoes", "shoes=0", "=2", "shoes=x"):
            with self.assertRaises(ValueError):
                data.parse_kind_repeats(bad)

    def test_a_share_of_each_kind(self):
        rows = [(f"s/{i}.jpg", "shoes") for i in range(8)] + [(f"t/{i}.jpg", "t-shirt") for i in range(4)]
        half = data.share_of_each_kind(rows, 0.5)
        self.assertEqual([r for r in half if r[1] == "shoes"], rows[0:8:2])
        self.assertEqual(len([r for r in half if r[1] == "t-shirt"]), 2)
        self.assertEqual(len(data.share_of_each_kind(rows, 0.25)), 3)


class SetLoss(unittest.TestCase):
    def test_exact_label_is_cross_entropy(self):
        logits = torch.tensor([[2.0, 0.5, -1.0] + [0.0] * 7])
        mask = torch.zeros(1, 10)
        mask[0, 1] = 1
        ce = torch.nn.functional.cross_entropy(logits, torch.tensor([1]))
        self.assertAlmostEqual(float(loop.set_loss(logits, mask, 0.5)), float(ce), places=5)

    def test_partial_label_is_minus_log_of_the_sets_probability(self):
        logits = torch.randn(1, 10)
        mask = torch.zeros(1, 10)
        mask[0, [2, 4, 8]] = 1
        p = torch.softmax(logits, 1)[0, [2, 4, 8]].sum()
        self.assertAlmostEqual(float(loop.set_loss(logits, mask, 0.5)), float(-p.log()), places=5)

    def test_outlier_is_pushed_to_uniform(self):
        uniform = torch.zeros(1, 10)
        peaked = torch.tensor([[9.0] + [0.0] * 9])
        none = torch.zeros(1, 10)
        self.assertLess(float(loop.set_loss(uniform, none, 1.0)), float(loop.set_loss(peaked, none, 1.0)))


class BandRule(unittest.TestCase):
    def test_studio_share_matches_the_app(self):
        self.assertEqual(float(calibrate.studio_share(framed(6, 6))), 1.0)
        self.assertEqual(float(calibrate.studio_share(framed(0, 0))), 0.0)
        expected = (12 * 24 + 84 * 12) / (96 * 96 - 84 * 84)  # as in confidence-rule.test.ts
        self.assertAlmostEqual(float(calibrate.studio_share(framed(0, 12))), expected, places=6)

    def test_safe_temperature_keeps_wrong_high_band_under_target(self):
        torch.manual_seed(0)
        n = 400
        truth = torch.randint(0, 10, (n,))
        logits = torch.randn(n, 10) * 0.5
        right = torch.rand(n) < 0.8
        pred = torch.where(right, truth, (truth + 1) % 10)
        logits[torch.arange(n), pred] += 4 + 2 * torch.rand(n)
        masks = torch.nn.functional.one_hot(truth, 10).float()
        self.assertGreater(calibrate.high_band(logits, masks, 1.0)["wrongShare"], 0.05)
        t = calibrate.safe_temperature(logits, masks, 1.0, 0.02)
        self.assertGreater(t, 1.0)
        self.assertLessEqual(calibrate.high_band(logits, masks, t)["wrongShare"], 0.02)

    def test_safe_temperature_with_no_wrong_photo_allowed(self):
        # Three photos: two right and sure, one wrong and less sure. The rule lands just above the
        # temperature at which the wrong one leaves the high band, and the right ones stay in it.
        logits = torch.tensor([[9.0, 0, 0], [8.0, 0, 0], [0, 4.0, 0]])
        masks = torch.tensor([[1.0, 0, 0], [1.0, 0, 0], [1.0, 0, 0]])
        self.assertEqual(calibrate.high_band(logits, masks, 1.0)["wrongAutoApproved"], 1)
        t = calibrate.safe_temperature(logits, masks, 1.0, 0.0, step=1.005)
        band = calibrate.high_band(logits, masks, t)
        self.assertEqual((band["autoApproved"], band["wrongAutoApproved"]), (2, 0))
        self.assertEqual(calibrate.high_band(logits, masks, t / 1.005)["wrongAutoApproved"], 1)  # one step less

    def test_fitted_temperature_lowers_the_nll(self):
        torch.manual_seed(1)
        truth = torch.randint(0, 10, (300,))
        logits = torch.randn(300, 10)
        logits[torch.arange(300), truth] += 2
        logits *= 4  # over-confident
        masks = torch.nn.functional.one_hot(truth, 10).float()
        t = calibrate.fit_temperature(logits, masks)
        self.assertGreater(t, 1.5)
        self.assertLess(float(calibrate.set_nll(logits / t, masks)), float(calibrate.set_nll(logits, masks)))


class Views(unittest.TestCase):
    def test_real_view_is_a_crop_and_letterboxes_to_the_input(self):
        img = Image.new("RGB", (300, 400), (10, 200, 30))
        v = augment.real_view(np.random.default_rng(3), img)
        self.assertLessEqual(v.size[0], 300)
        self.assertLessEqual(v.size[1], 400)
        self.assertGreaterEqual(v.size[0] * v.size[1], 0.5 * 300 * 400)
        self.assertEqual(augment.to_tensor(augment.letterbox(v)).shape, (3, SIZE, SIZE))

    def test_flip_averaging_scores_a_photo_and_its_mirror_alike(self):
        torch.manual_seed(0)
        net = FlipAveraged(ReturnsNet(width=0.5)).eval()
        x = torch.randn(2, 3, SIZE, SIZE)
        with torch.no_grad():
            self.assertTrue(torch.allclose(net(x), net(torch.flip(x, [3])), atol=1e-5))


class FeaturesOutput(unittest.TestCase):
    def test_the_route_graph_declares_its_features_beside_the_logits(self):
        import tempfile

        import onnx

        from models.training.rs.export import export_onnx
        from models.training.rs.model import widths
        from models.training.studio_route import export_route
        torch.manual_seed(0)
        with tempfile.TemporaryDirectory() as tmp:
            cat = Path(tmp) / "catalogue.onnx"
            export_onnx(FlipAveraged(ReturnsNet(width=0.5)), cat)
            size = export_route(ReturnsNet(width=0.5), cat, Path(tmp) / "model.onnx")
            g = onnx.load(str(Path(tmp) / "model.onnx")).graph
        self.assertEqual(size, widths(0.5)[-1])
        self.assertEqual([o.name for o in g.output], ["logits", "features"])
        (route,) = [n for n in g.node if n.op_type == "If"]
        self.assertEqual(len(route.output), 2)
        self.assertTrue(all(len(a.g.output) == 2 for a in route.attribute))


if __name__ == "__main__":
    unittest.main()
