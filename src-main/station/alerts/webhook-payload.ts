// An alert as a Slack incoming-webhook message. `text` is complete on its own — it is what shows
// in notifications, in clients without blocks, and in Slack-compatible receivers (Mattermost,
// Rocket.Chat, Teams workflows) that ignore `blocks` — and `blocks` lay the same facts out nicely.
import type { AlertDraft } from './alert-rules.ts';
import type { BatchRun } from '../../../src-shared/domain.ts';

export type WebhookAlert = Pick<AlertDraft, 'severity' | 'title' | 'message' | 'actions'> & { createdAt?: string };

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

/** Slack reads &, < and > as markup (<url|label>, <!channel>): a file name in an error message
 * must not become a mention or a link. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ICON = { critical: ':rotating_light:', error: ':x:', warning: ':warning:', info: ':information_source:' } as const;

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function runFigures(run: BatchRun): [string, string][] {
  return [
    ['Batch', run.timestamp],
    ['Images', String(run.totalImages)],
    ['Successful', String(run.successful)],
    ['Failed', String(run.failed)],
    ['Success rate', `${run.successRate.toFixed(2)} %`],
    ['Duration', duration(run.durationSeconds)],
  ];
}

export function slackMessage(alert: WebhookAlert, run: BatchRun | null): SlackMessage {
  const sev = alert.severity.toUpperCase();
  const figures = run ? runFigures(run) : [];
  const lines = [
    `${ICON[alert.severity] ?? ''} [${sev}] ${alert.title}`.trim(),
    alert.message,
    ...(figures.length ? [figures.map(([k, v]) => `${k}: ${v}`).join(' · ')] : []),
    ...(alert.actions.length ? [`Recommended: ${alert.actions.map((a, i) => `${i + 1}) ${a}`).join('; ')}`] : []),
    ...(alert.createdAt ? [`Returns Station · ${alert.createdAt}`] : []),
  ];
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `${alert.title}`.slice(0, 150), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${ICON[alert.severity] ?? ''} *${sev}* · ${slackEscape(alert.message)}`.slice(0, 3000) },
    },
  ];
  if (figures.length) {
    blocks.push({ type: 'section', fields: figures.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${slackEscape(v)}` })) });
  }
  if (alert.actions.length) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Recommended actions*\n${alert.actions.map((a) => `• ${slackEscape(a)}`).join('\n')}`.slice(0, 3000) },
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: slackEscape(`Returns Station${alert.createdAt ? ` · ${alert.createdAt}` : ''}`) }],
  });
  return { text: slackEscape(lines.join('\n')), blocks };
}
