// Entry of every WorkerPool thread. Plain JavaScript on purpose: on Node 20 a worker's own entry
// module is loaded before an `--import tsx` given in its execArgv takes effect
// (nodejs/node#47747), so a .ts entry fails with ERR_UNKNOWN_FILE_EXTENSION. Registering tsx
// here first, then importing the real (TypeScript) worker module, works with or without tsx
// in the parent process.
import { workerData } from 'node:worker_threads';

if (workerData.tsx) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
