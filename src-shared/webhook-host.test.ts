import { describe, expect, it } from 'vitest';
import { webhookHost } from './webhook-host.ts';

describe('webhookHost', () => {
  it('names the receiving machine and nothing of the secret path', () => {
    expect(webhookHost('https://hooks.slack.com/services/T000/B000/XXXX')).toBe('hooks.slack.com');
    expect(webhookHost('http://192.168.1.20:8080/hook')).toBe('192.168.1.20:8080');
    expect(webhookHost('')).toBeNull();
    expect(webhookHost('not a url')).toBeNull();
  });
});
