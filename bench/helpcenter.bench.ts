/**
 * Help-center benchmark: p95 latency of server-rendered help-center pages served from the page cache
 * (demo account, zh-CN + en: home, categories, articles, search) against a raw baseline measured in
 * the same run on the same Fastify instance: `/help-assets/hc.css`, a static string reply that passes
 * through the same hooks. The Kefu server runs as a child process; requests are sent from this
 * process (keep-alive fetch, one request in flight so the figure is latency, not queueing), static and
 * page requests interleaved so both see the same machine noise.
 *
 *   helpcenter_static_p95 → helpcenter_p95 (goal value ≤ 20 ms)
 */
import { cleanup, startKefu } from './lib/proc.ts';
import { percentile, pool, round } from './lib/stats.ts';

interface Line {
  name: string;
  value: number;
  unit: string;
  [k: string]: unknown;
}
type Emit = (line: Line) => void;
const log = (msg: string) => process.stderr.write(`[bench:helpcenter] ${msg}\n`);

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
  return performance.now() - t0;
}

async function latencies(urls: string[], rounds: number): Promise<number[]> {
  const jobs = Array.from({ length: rounds }, () => urls).flat();
  return pool(jobs.length, 1, (i) => timed(jobs[i]));
}

/** The demo help center's pages: home and search in both languages, every category, every article. */
async function pageUrls(base: string): Promise<string[]> {
  const home = await (await fetch(`${base}/help/demo?lang=zh-CN`)).text();
  const paths = new Set<string>();
  for (const m of home.matchAll(/href="(\/help\/demo\/(?:articles|categories)\/[^"]+)"/g))
    paths.add(m[1].replace(/&amp;/g, '&'));
  const en = await (await fetch(`${base}/help/demo?lang=en`)).text();
  for (const m of en.matchAll(/href="(\/help\/demo\/(?:articles|categories)\/[^"]+)"/g))
    paths.add(m[1].replace(/&amp;/g, '&'));
  const urls = [...paths].map((p) => base + p);
  urls.push(
    `${base}/help/demo?lang=zh-CN`,
    `${base}/help/demo?lang=en`,
    `${base}/help/demo/search?lang=zh-CN&q=${encodeURIComponent('我的快递到哪了')}`,
    `${base}/help/demo/search?lang=en&q=${encodeURIComponent('where is my order')}`,
  );
  return urls;
}

export async function run(opts: { quick: boolean }, emit: Emit): Promise<void> {
  const server = await startKefu();
  try {
    const urls = await pageUrls(server.url);
    if (urls.length < 10) throw new Error(`demo help center has only ${urls.length} pages`);
    const rounds = opts.quick ? 10 : 40;
    const t0 = performance.now();
    await latencies(urls, 1); // warm-up: renders every page once and fills the cache
    const coldMs = performance.now() - t0;
    const staticUrl = `${server.url}/help-assets/hc.css`;
    await latencies([staticUrl], 50);
    // interleaved (static, page, static, page, …) so both see the same machine noise
    const base: number[] = [];
    const pages: number[] = [];
    for (let r = 0; r < rounds; r++)
      for (const u of urls) {
        base.push(await timed(staticUrl));
        pages.push(await timed(u));
      }
    const baseP95 = round(percentile(base, 95), 3);
    const p95 = round(percentile(pages, 95), 3);
    log(`${urls.length} pages × ${rounds} rounds; warm-up ${Math.round(coldMs)} ms`);
    emit({
      name: 'helpcenter_static_p95',
      value: baseP95,
      unit: 'ms',
      n: base.length,
      p50: round(percentile(base, 50), 3),
      quick: opts.quick,
    });
    const ratio = round(p95 / baseP95, 4);
    emit({
      name: 'helpcenter_p95',
      value: p95,
      unit: 'ms',
      baseline: 'helpcenter_static_p95',
      baseline_value: baseP95,
      ratio,
      goal: 20,
      goal_on: 'value',
      better: 'lower',
      goal_met: p95 <= 20,
      n: pages.length,
      pages: urls.length,
      p50: round(percentile(pages, 50), 3),
      p99: round(percentile(pages, 99), 3),
      warmup_ms: Math.round(coldMs),
      quick: opts.quick,
    });
  } finally {
    await server.stop();
    await cleanup();
  }
}
