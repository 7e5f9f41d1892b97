// Sends an alert to a Slack-style incoming webhook. A webhook is a courtesy, never a dependency:
// sendWebhook never throws and never waits longer than its per-attempt timeouts and back-offs
// allow, so a dead or slow chat server cannot fail or stall a batch. The outcome is returned for
// the log and the alert's record.
//
// The URL itself is a secret (Slack puts the token in the path), so it never appears in an error.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchRun } from '../../../src-shared/domain.ts';
import { slackMessage, type WebhookAlert } from './webhook-payload.ts';

export interface WebhookOptions {
  /** Per attempt, covering connect, response and body. */
  timeoutMs?: number;
  /** Attempts after the first. */
  retries?: number;
  /** Wait before the first retry; doubled for each later one. */
  backoffMs?: number;
  /** Cap on any single wait, including a server's Retry-After. */
  maxBackoffMs?: number;
}

export interface WebhookResult {
  ok: boolean;
  attempts: number;
  /** HTTP status of the last answer, if there was one. */
  status?: number;
  error?: string;
}

function describe(e: unknown, timeoutMs: number): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    // fetch wraps the real reason ("connect ECONNREFUSED 127.0.0.1:9") in `cause`.
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return e.message;
  }
  return String(e);
}

/** Retry-After in seconds (the HTTP-date form is rare for webhooks and ignored). */
function retryAfterMs(res: Response): number | null {
  const v = res.headers.get('retry-after');
  if (!v || !/^\d+(\.\d+)?$/.test(v.trim())) return null;
  return Number(v) * 1000;
}

const retryable = (status: number) => status >= 500 || status === 429;

/** A chat server answers "ok" or a sentence; more than this is not an answer worth memory. */
export const MAX_REPLY_BYTES = 64 * 1024;

/** The reply's first bytes (at most `max`), then the connection is dropped: a server that sends
 * 100 MB cannot make the station hold 100 MB. */
async function readReply(res: Response, max = MAX_REPLY_BYTES): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, max - size));
      size += Math.min(value.byteLength, max - size);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function sendWebhook(
  url: string,
  alert: WebhookAlert,
  run: BatchRun | null,
  opts: WebhookOptions = {},
): Promise<WebhookResult> {
  try {
    return await send(url, alert, run, opts);
  } catch (e) {
    // Belt and braces: send() handles its own failures; nothing may escape to the batch.
    return { ok: false, attempts: 0, error: e instanceof Error ? e.message : String(e) };
  }
}

async function send(url: string, alert: WebhookAlert, run: BatchRun | null, opts: WebhookOptions): Promise<WebhookResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const retries = Math.max(0, Math.floor(opts.retries ?? 2));
  const backoffMs = opts.backoffMs ?? 1000;
  const maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  let body: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, attempts: 0, error: 'webhook URL must be http or https' };
    if (u.username || u.password) return { ok: false, attempts: 0, error: 'webhook URL must not contain a user name or password' };
    body = JSON.stringify(slackMessage(alert, run));
  } catch (e) {
    return { ok: false, attempts: 0, error: e instanceof TypeError ? 'webhook URL is not valid' : describe(e, timeoutMs) };
  }

  let attempts = 0;
  let last: WebhookResult = { ok: false, attempts: 0 };
  while (attempts <= retries) {
    attempts++;
    let wait = backoffMs * 2 ** (attempts - 1);
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        signal,
        // A webhook that redirects is misconfigured; do not resend the alert somewhere else.
        redirect: 'manual',
      });
      // Read the answer (Slack says "ok" or why not) under the same timeout; this also frees the
      // connection for reuse.
      const text = (await readReply(res)).trim().slice(0, 200);
      if (res.ok) return { ok: true, attempts, status: res.status };
      last = { ok: false, attempts, status: res.status, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
      if (!retryable(res.status)) return last;
      wait = retryAfterMs(res) ?? wait;
    } catch (e) {
      last = { ok: false, attempts, error: describe(e, timeoutMs) };
    }
    if (attempts <= retries) await sleep(Math.min(Math.max(0, wait), maxBackoffMs));
  }
  return last;
}
