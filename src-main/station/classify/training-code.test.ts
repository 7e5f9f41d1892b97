// The trainer's pure functions (label sets, the set loss, the band rule's studio share and
// temperatures, views) are Python: run their unittest suite where Debian's PyTorch is installed,
// and say why not where it is not (a desk machine needs no trainer).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const python = '/usr/bin/python3';
const root = path.resolve(import.meta.dirname, '../../..');
const hasTorch = spawnSync(python, ['-c', 'import torch, onnx, PIL'], { stdio: 'ignore' }).status === 0;

const skipped = hasTorch
  ? ''
  : ' (skipped: /usr/bin/python3 lacks torch/onnx; apt-get install python3-torch python3-torchvision python3-onnx)';

describe('training code (models/training/rs)', () => {
  it.skipIf(!hasTorch)(`passes its unit tests${skipped}`, () => {
    // The trainer is the package models.training (its pyproject.toml): its tests run as its modules,
    // from the repository root, as `npm run train` runs its stages.
    const modules = readdirSync(path.join(root, 'models/training/tests'))
      .filter((f) => /^test_\w+\.py$/.test(f))
      .map((f) => `models.training.tests.${f.slice(0, -3)}`);
    expect(modules.length).toBeGreaterThan(1);
    const r = spawnSync(python, ['-m', 'unittest', ...modules], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Ran \d+ tests/);
  });
});
