// Test support: the one way a test waits for something to happen (an event recorded, a file set
// aside, a count reached): vi.waitUntil polls the condition, and a timeout names what was awaited.
// A test that asserts something did NOT happen never sleeps first: it waits for a later event that
// would have come after it (a file written later and reported, the reply of the request that would
// have done it, the exit that would have announced a restart).
import { vi } from 'vitest';

/** Resolves with check()'s first truthy value; fails after timeoutMs, naming `what`. An error thrown
 * by check() fails at once. */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000) {
  try {
    return await vi.waitUntil(check, { timeout: timeoutMs, interval: 25 });
  } catch (e) {
    if (e instanceof Error && e.message === 'Timed out in waitUntil!')
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: e });
    throw e;
  }
}
