// A real webhook receiver for tests: an HTTP server on 127.0.0.1 that records every POST body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  bodies: { text: string }[];
  /** Resolves once a POST whose text matches has arrived, counting from the `from`th (rejects
   * after `limitMs`). */
  waitFor(match: RegExp, from?: number, limitMs?: number): Promise<{ text: string }>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const bodies: { text: string }[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST') bodies.push({ text: (JSON.parse(body) as { text: string }).text });
      res.writeHead(200).end('ok');
      waiters.forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-path`,
    bodies,
    waitFor(match, from = 0, limitMs = 45_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = bodies.slice(from).find((b) => match.test(b.text));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`No webhook POST matching ${match} (got ${bodies.length}: ${bodies.map((b) => b.text.split('\n')[0]).join(' | ')})`),
          );
        }, limitMs);
        if (!check()) waiters.add(check);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
