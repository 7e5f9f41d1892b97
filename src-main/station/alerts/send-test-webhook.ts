// The Settings screen's "Send test" button: one message through the same sender the alerts use,
// so a working test means working alerts. No retries (the person is waiting and can press again),
// never throws, and the answer is a sentence for the screen without the URL (it holds the secret).
import type { WebhookTestResult } from '../../../src-shared/contract.ts';
import { sendWebhook, type WebhookOptions } from './webhook.ts';

export async function sendTestWebhook(url: string, now: Date, opts: WebhookOptions = {}): Promise<WebhookTestResult> {
  if (!url) return { ok: false, status: null, message: 'No webhook URL is set: enter one in Settings and save it first.' };
  try {
    const r = await sendWebhook(
      url,
      {
        severity: 'info',
        title: 'Test message from Returns Station',
        message: 'If you can read this, alerts from this station will reach this channel.',
        actions: [],
        createdAt: now.toISOString(),
      },
      null,
      { retries: 0, timeoutMs: 5000, ...opts },
    );
    if (r.ok) return { ok: true, status: r.status ?? null, message: `Test message delivered (HTTP ${r.status}).` };
    return { ok: false, status: r.status ?? null, message: `Test message not delivered: ${r.error ?? 'no answer'}.` };
  } catch (e) {
    return { ok: false, status: null, message: `Test message not delivered: ${e instanceof Error ? e.message : String(e)}.` };
  }
}
