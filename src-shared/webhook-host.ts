// The part of a webhook address a person may see: which machine receives the station's alerts.
// The rest of the address (Slack puts the token in the path) is a secret and is never shown.

/** "hooks.slack.com" or "192.168.1.20:8080"; null for an empty or unreadable address. */
export function webhookHost(url: string): string | null {
  if (!url || !URL.canParse(url)) return null;
  return new URL(url).host || null;
}
