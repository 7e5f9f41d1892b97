// The trainer's pure functions (label sets, the set loss, the band rule's studio share and
// temperatures, views) are Python: run their unittest suite where Debian's PyTorch is installed,
// and say why not where it is not (a desk machine needs no trainer).
import { spawnSync } from 'node:child_process';
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
    const r = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'models/training/tests', '-p', 'test_*.py'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Ran \d+ tests/);
  });
});
