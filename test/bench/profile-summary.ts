/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and prints where the time went: self time summed
 * by module (a package in node_modules, a file of ours, or V8/Node internals) and by function.
 *
 *   node --import tsx test/bench/profile-summary.ts PROFILE.cpuprofile [--per N] [--top K]
 *
 * `--per N` also prints each line as microseconds per unit of work (e.g. N turns served while
 * the profile ran), so two profiles of different lengths compare. `--callers TEXT` prints, for
 * functions whose name contains TEXT, the chains of callers that led to their self time.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** A package name for files in node_modules, a path inside the repository for ours. */
export function moduleOf(url: string): string {
  if (url === '') return '(v8/native)';
  if (url.startsWith('node:')) return url;
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const rest = path.slice(inModules + '/node_modules/'.length).split('/');
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '');
    return name;
  }
  for (const root of ['/bot/src/', '/contract/', '/test/']) {
    const at = path.indexOf(root);
    if (at >= 0) return path.slice(at + 1);
  }
  return path;
}

export function summarise(profile: CpuProfile): {
  totalMs: number;
  byModule: Map<string, number>;
  byFunction: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    const ms = micros / 1000;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const module = moduleOf(url);
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'}  ${module}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  return { totalMs, byModule, byFunction };
}

/** Self time of the functions named like `text`, by the chain of (up to `depth`) callers above them. */
export function callers(profile: CpuProfile, text: string, depth = 8): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node?.callFrame.functionName.includes(text)) return;
    const chain: string[] = [];
    for (let p = parent.get(id); p && chain.length < depth; p = parent.get(p.id)) {
      chain.push(`${p.callFrame.functionName || '(anonymous)'}@${moduleOf(p.callFrame.url)}`);
    }
    const key = `${node.callFrame.functionName} <- ${chain.join(' <- ')}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

/** Total time (self and below) of every function, each sample counted once per function on its stack. */
export function inclusive(profile: CpuProfile): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let n = byId.get(id); n; n = parent.get(n.id)) {
      const { functionName, url, lineNumber } = n.callFrame;
      seen.add(`${functionName || '(anonymous)'}  ${moduleOf(url)}:${lineNumber + 1}`);
    }
    for (const key of seen) out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => a.endsWith('.cpuprofile'));
  if (!file) throw new Error('usage: profile-summary.ts PROFILE.cpuprofile [--per N] [--top K]');
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : undefined;
  };
  const per = option('--per');
  const top = option('--top') ?? 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const { totalMs, byModule, byFunction } = summarise(profile);
  const line = (name: string, ms: number) =>
    `  ${ms.toFixed(0).padStart(7)} ms  ${((ms / totalMs) * 100).toFixed(1).padStart(5)} %` +
    (per ? `  ${((ms / per) * 1000).toFixed(1).padStart(7)} µs/unit` : '') +
    `  ${name}`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  process.stdout.write(
    `profile: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms wall, ${totalMs.toFixed(0)} ms sampled` +
      (per ? `, ${per} units` : '') +
      '\n\nself time by module\n',
  );
  for (const [name, ms] of sorted(byModule).slice(0, top))
    process.stdout.write(`${line(name, ms)}\n`);
  process.stdout.write('\nself time by function\n');
  for (const [name, ms] of sorted(byFunction).slice(0, top))
    process.stdout.write(`${line(name, ms)}\n`);
  const within = args.includes('--inclusive') ? args[args.indexOf('--inclusive') + 1] : undefined;
  if (within !== undefined) {
    process.stdout.write(
      `\ntotal time (self and below) of functions in modules matching "${within}"\n`,
    );
    const matching = [...inclusive(profile)].filter(([name]) => new RegExp(within).test(name));
    for (const [name, ms] of sorted(new Map(matching)).slice(0, top)) {
      process.stdout.write(`${line(name, ms)}\n`);
    }
  }
  const text = args.includes('--callers') ? args[args.indexOf('--callers') + 1] : undefined;
  if (text) {
    process.stdout.write(`\ncallers of ${text}\n`);
    for (const [name, ms] of sorted(callers(profile, text)).slice(0, top)) {
      process.stdout.write(`${line(name, ms)}\n`);
    }
  }
}

if (require.main === module) main();
