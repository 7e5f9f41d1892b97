// A GET sent as written, for what fetch() will not send: a path with broken percent-encoding, or a
// Host header of the test's choosing. Resolves with the status code.
import { request } from 'node:http';

export function rawStatus(port: number, pathName: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
