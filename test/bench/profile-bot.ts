/**
 * Load for a CPU profile of this bot alone (no echo bot, no three runs; the load comes from a
 * client process, so the profile holds the bot and the fake connector only): a short warm-up, then
 * warm turns of one person and cold turns of 2,000 people, as in bot.bench.ts. Run it as
 *
 *   node --cpu-prof --cpu-prof-dir=DIR --import tsx test/bench/profile-bot.ts [warm|cold]
 *   node --import tsx test/bench/profile-summary.ts DIR/<file>.cpuprofile --per TURNS
 *
 * It prints the number of turns served, for `--per`.
 */
import { startFakeConnector } from '../support/fake-connector';
import { COLD_USERS, startBenchApp } from './bot.bench';
import { coldLoad, helpActivity, warmLoad } from './load-client';

async function main(): Promise<void> {
  const mode = process.argv[2] === 'cold' ? 'cold' : 'warm';
  const connector = await startFakeConnector({ threadWindows: false });
  const app = await startBenchApp();
  try {
    await warmLoad(app.url, helpActivity(connector.url, 'warm-up'), 2);
    let turns = 0;
    if (mode === 'warm') {
      turns = (await warmLoad(app.url, helpActivity(connector.url), 10)).requests;
    } else {
      for (let round = 0; round < 2; round++) {
        turns += (await coldLoad(app.url, connector.url, `cold-${round}`, COLD_USERS)).requests;
      }
    }
    process.stdout.write(`${mode}: ${turns} turns\n`);
  } finally {
    await app.stop();
    await connector.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
