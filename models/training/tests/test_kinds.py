"""The kinds stage's pure parts: the sender folds (the same fixture and answer as the app's
src-main/station/classify/sender-folds.test.ts) and the kinds' categories."""
from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

from models.training.rs import kinds

CSV = """image,split,kind,sender,kids
a1,train,shirt,7,False
a2,train,shirt,7,False
a3,val,shoes,7,False
b1,train,dress,12,False
b2,extra,dress,12,False
c1,train,hat,3,False
c2,train,hat,3,False
d1,val,pants,40,True
"""


class SenderFolds(unittest.TestCase):
    def test_same_folds_as_the_app(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "senders.csv"
            p.write_text(CSV)
            folds = kinds.sender_folds(p, 2)
        self.assertEqual([folds[i] for i in ("a1", "a2", "a3", "d1")], [0, 0, 0, 0])
        self.assertEqual([folds[i] for i in ("b1", "b2", "c1", "c2")], [1, 1, 1, 1])


class KindWeights(unittest.TestCase):
    def test_rare_kinds_weigh_more_and_the_mean_is_one(self):
        import numpy as np
        from models.training.kinds_stage import kind_weights
        items = [("a", 0)] * 90 + [("b", 0)] * 10
        idx = {"a": np.array([0]), "b": np.array([2])}
        w = kind_weights(items, idx, 3, 0.5)
        self.assertAlmostEqual(float(w[2] / w[0]), 3.0, places=5)  # sqrt(90 / 10)
        self.assertEqual(float(w[1]), 0.0)  # a kind absent this epoch
        self.assertAlmostEqual(float((90 * w[0] + 10 * w[2]) / 100), 1.0, places=5)


class KindCategories(unittest.TestCase):
    def test_catalogue_real_and_none(self):
        label_map = {"shoes": ["Casual Shoes", "Sports Shoes", "Heels"], "dress": []}
        vocab = ["Tshirts", "Dresses", "real:shoes", "real:dress"]
        cats = kinds.kind_categories(vocab, label_map)
        self.assertEqual(cats["Tshirts"], ["Tshirts"])
        self.assertEqual(cats["Dresses"], [])
        self.assertEqual(cats["real:shoes"], ["Casual Shoes", "Sports Shoes", "Heels"])
        self.assertEqual(cats["real:dress"], [])


if __name__ == "__main__":
    unittest.main()


class KindsTemperature(unittest.TestCase):
    """calibrate.confidence reads the kinds at their own temperature when given one (bandRule.kindsTemperature)."""

    def test_own_temperature(self):
        import torch
        from ..rs import calibrate
        logits = torch.tensor([[0.0, 4.0]])
        kind_logits = torch.tensor([[0.0, 6.0, 0.0]])
        agree = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
        shared, _ = calibrate.confidence(logits, 1.0, (kind_logits, agree))
        own, pred = calibrate.confidence(logits, 1.0, (kind_logits, agree, 3.0))
        backing = torch.softmax(kind_logits / 3.0, 1)[0, 1]
        self.assertEqual(int(pred[0]), 1)
        self.assertAlmostEqual(float(own[0]), float(torch.minimum(torch.softmax(logits, 1)[0, 1], backing)), places=6)
        self.assertLess(float(own[0]), float(shared[0]))


class RealStageBySender(unittest.TestCase):
    def test_train_is_folds_0_to_7_and_val_is_fold_8_of_every_split(self):
        """real_stage.py --sender-folds: fold 9 (it judges) is never read, whatever split a photo is in."""
        import argparse
        from PIL import Image
        from models.training import real_stage
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            rows = ["image,split,kind,sender,kids"]
            for i in range(14):
                split = ("train", "val", "extra")[i % 3]
                (root / split / "shirt").mkdir(parents=True, exist_ok=True)
                Image.new("RGB", (12, 16), (i * 9, 80, 120)).save(root / split / "shirt" / f"s{i}.png")  # lossless: the colour names the photo
                rows.append(f"s{i},{split},shirt,{100 + i},False")
            (root / "senders.csv").write_text("\n".join(rows) + "\n")
            fold = kinds.sender_folds(root / "senders.csv")
            args = argparse.Namespace(real=root, sender_folds=True)
            label_map = {"shirt": ["Shirts"]}
            train = real_stage.load_real(args, "train", label_map, set(), 0)
            val = real_stage.load_real(args, "val", label_map, set(), 0)
            colour = lambda split: sorted(im.getpixel((6, 8))[0] // 9 for im in split.images)  # noqa: E731
            self.assertEqual(colour(train), sorted(int(s[1:]) for s, f in fold.items() if f < kinds.CHOOSE_FOLD))
            self.assertEqual(colour(val), sorted(int(s[1:]) for s, f in fold.items() if f == kinds.CHOOSE_FOLD))
            self.assertTrue(any(f == kinds.JUDGE_FOLD for f in fold.values()))
