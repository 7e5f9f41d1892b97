// A GET sent as written, for what fetch() will not send: a path with broken percent-encoding, or a
// Host header of the test's choosing. Resolves with the status code (and, from rawResponse, the body).
import { request } from 'node:http';

export function rawResponse(port: number, pathName: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function rawStatus(port: number, pathName: string, headers: Record<string, string>): Promise<number> {
  return (await rawResponse(port, pathName, headers)).status;
}
