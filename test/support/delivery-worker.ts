/**
 * A delivery engine in a child process, so a test can kill it with SIGKILL mid-batch.
 * Reads its settings as JSON from DELIVERY_WORKER; prints one line when it is the leader.
 */
import { buildEngine, type HarnessOptions } from './delivery-harness';

const options = JSON.parse(process.env.DELIVERY_WORKER ?? '{}') as HarnessOptions;
const { engine } = buildEngine(options);
engine.start();
const timer = setInterval(() => {
  if (engine.isLeader) {
    process.stdout.write(`leader ${options.instanceId}\n`);
    clearInterval(timer);
  }
}, 50);
process.on('SIGTERM', () => {
  void engine.stop().then(() => process.exit(0));
});
