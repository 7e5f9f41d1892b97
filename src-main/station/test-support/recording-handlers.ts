// Handlers for every contract request that record what they were given and answer
// { handled: name }: for tests of the transports, which must hand the core exactly the validated
// arguments and nothing for a refused request.
import { requestNames, type StationHandlers } from '../../../src-shared/contract.ts';

export function recordingHandlers() {
  const calls: { name: string; args: unknown }[] = [];
  const handlers = Object.fromEntries(
    requestNames.map((name) => [
      name,
      async (args: unknown) => {
        calls.push({ name, args });
        return { handled: name };
      },
    ]),
  ) as unknown as StationHandlers;
  return { calls, handlers };
}
