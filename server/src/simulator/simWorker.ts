/**
 * The simulator's worker thread: loads the parser, runs one simulation per
 * request and posts the result. Built as its own bundle (dist/simWorker.js) and
 * compiled beside runner.js, so the runner finds it next to itself either way.
 */
import { isMainThread, parentPort } from 'worker_threads';
import { createCParser } from '../parsing/parser';
import { simulateSource, SimulationInputError } from './simulate';
import type { WorkerReply, WorkerRequest } from './runner';

/** Answers requests until the port closes. */
export function serveSimulationWorker(): void {
  const port = parentPort!;
  const parserReady = createCParser();
  port.on('message', (req: WorkerRequest) => {
    void (async () => {
      let reply: WorkerReply;
      try {
        const parser = await parserReady;
        const result = simulateSource(parser, req.source, req.options, req.baseline, req.optionalBaseline === true);
        reply = { id: req.id, ok: true, result };
      } catch (err) {
        reply = {
          id: req.id,
          ok: false,
          inputError: err instanceof SimulationInputError,
          error: err instanceof Error ? (err instanceof SimulationInputError ? err.message : err.stack ?? err.message) : String(err),
        };
      }
      port.postMessage(reply);
    })();
  });
}

if (!isMainThread && parentPort) serveSimulationWorker();
