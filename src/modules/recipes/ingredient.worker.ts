/** Worker-thread side of ingredient-work.ts: the same pure tasks, off the event loop. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { serveTasks } from '../../lib/worker-pool.js';
import { ingredientTasks } from './ingredient-tasks.js';

// On Linux a thread has a nice value of its own: this one yields the CPU to the event loop (and
// to everything else of normal priority), so a core busy with large parses still answers
// ordinary requests at once. /proc/thread-self names this thread; elsewhere nothing changes.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {
  /* not Linux, or not allowed: normal priority */
}

serveTasks(ingredientTasks);
