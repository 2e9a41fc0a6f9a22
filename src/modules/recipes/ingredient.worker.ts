/** Worker-thread side of ingredient-work.ts: the same pure tasks, off the event loop. */
import { serveTasks } from '../../lib/worker-pool.js';
import { ingredientTasks } from './ingredient-tasks.js';

serveTasks(ingredientTasks);
