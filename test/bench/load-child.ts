/** The bot bench's client process: runs the plan given as its argument, prints its figures as JSON. */
import { runPlan, type LoadPlan } from './load-client';

runPlan(JSON.parse(process.argv[2] ?? '') as LoadPlan).then(
  (run) => process.stdout.write(JSON.stringify(run)),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
