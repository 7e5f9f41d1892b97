// The station's typed event bus: the shell and browser mode forward these events to the screens.
import { EventEmitter } from 'node:events';
import type { EventName, StationEvents } from '../../src-shared/contract.ts';

export interface StationEventBus {
  on<K extends EventName>(name: K, fn: (payload: StationEvents[K]) => void): () => void;
  emit<K extends EventName>(name: K, payload: StationEvents[K]): void;
}

export function createEventBus(): StationEventBus {
  const ee = new EventEmitter();
  // Every window and browser tab adds its listeners.
  ee.setMaxListeners(100);
  return {
    on(name, fn) {
      ee.on(name, fn);
      return () => ee.off(name, fn);
    },
    emit(name, payload) {
      ee.emit(name, payload);
    },
  };
}
