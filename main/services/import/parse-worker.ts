/**
 * Worker thread entry of the import's parse side (see parser.ts): reads the CSV while the other
 * thread writes to SQLite, so an import uses two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runParser } from './parser.js';
import type { FromParser, ParseSpec, ToParser } from './protocol.js';

const queue: ToParser[] = [];
let wake: (() => void) | null = null;
parentPort!.on('message', (m: ToParser) => {
  queue.push(m);
  wake?.();
});
const inbox = {
  async next(): Promise<ToParser> {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    return queue.shift()!;
  },
};

await runParser(workerData as ParseSpec, (m: FromParser) => parentPort!.postMessage(m), inbox);
parentPort!.removeAllListeners('message');
