/** Waiting in tests: on a condition, never on the clock alone. */

/** Polls `check` until it holds; throws, naming what was awaited, after `ms`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 20_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Retries an assertion until it passes; after `ms` throws its last failure. */
export async function eventually(
  check: () => void | Promise<void>,
  ms = 10_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

/**
 * For "nothing happened" checks: waits until a counter of the system's own work (engine ticks,
 * dispatch passes) has moved on by `steps`, so the check covers real work, however slow the
 * machine, instead of a guessed number of seconds.
 */
export async function afterSteps(
  what: string,
  counter: () => number | Promise<number>,
  steps: number,
  ms = 20_000,
): Promise<void> {
  const start = await counter();
  await until(`${steps} more ${what}`, async () => (await counter()) >= start + steps, ms);
}
