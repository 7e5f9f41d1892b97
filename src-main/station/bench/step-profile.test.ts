import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cpuMs, serialStepMeter } from './step-profile.ts';

/** Burns `ms` of CPU time (not wall time: the machine may be shared). */
const spin = (ms: number) => {
  const end = cpuMs() + ms;
  while (cpuMs() < end);
};

describe('serial step meter', () => {
  it('runs steps one at a time in the order asked and adds up each step’s CPU time', async () => {
    const meter = serialStepMeter();
    const events: string[] = [];
    const step = (name: 'read + hash' | 'model run', tag: string, ms: number) =>
      meter.step(name, async () => {
        events.push(`${tag} start`);
        await sleep(5); // other steps asked meanwhile must wait
        spin(ms);
        events.push(`${tag} end`);
        return tag;
      });
    const results = await Promise.all([step('read + hash', 'a', 30), step('model run', 'b', 10), step('read + hash', 'c', 30)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(meter.cpuMs.get('read + hash')).toBeGreaterThanOrEqual(55);
    expect(meter.cpuMs.get('model run')).toBeGreaterThanOrEqual(8);
    expect(meter.cpuMs.get('model run')).toBeLessThan(meter.cpuMs.get('read + hash')!);
  });

  it('refuses a step inside a step (it would wait for itself), and goes on after a failed step', async () => {
    const meter = serialStepMeter();
    await expect(meter.step('moves', () => meter.step('DB: settle', () => 1))).rejects.toThrow(
      /"DB: settle" was started inside step "moves"/,
    );
    await expect(meter.step('moves', () => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
    await expect(meter.step('moves', () => 2)).resolves.toBe(2);
  });
});
