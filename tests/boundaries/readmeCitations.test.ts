import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Every benchmark figure the documentation gives names the results file it came from, and that
 * file is in the repo: present, and not ignored by git (a cited `.log` under an ignore rule once
 * was). A citation is a `bench/results/...` path, or a backticked `name.json` / `name-*.json`
 * that stands for files somewhere under bench/results.
 */
const root = resolve(__dirname, '../..');
const DOCS = ['README.md', 'bench/README.md'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const globToRegExp = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

export function citationsIn(text: string): { paths: string[]; names: string[] } {
  const paths = [...text.matchAll(/bench\/results\/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]/g)].map((m) => m[0]);
  const names = [...text.matchAll(/`([A-Za-z0-9_*-]+\.(?:json|log|md))`/g)].map((m) => m[1]!);
  return { paths: [...new Set(paths)], names: [...new Set(names)] };
}

describe('figures cite results files that are in the repo', () => {
  const results = filesUnder(join(root, 'bench/results'));
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
  const ignored = (file: string) => {
    try {
      execFileSync('git', ['check-ignore', '-q', file], { cwd: root });
      return true;
    } catch {
      return false;
    }
  };

  it('finds citations of both kinds', () => {
    const { paths, names } = citationsIn('see `bench/results/a.json` and `route-*.json`, not `a.ts`');
    expect(paths).toEqual(['bench/results/a.json']);
    expect(names).toEqual(['route-*.json']);
  });

  for (const doc of DOCS) {
    it(`${doc}: every cited results file exists and is tracked`, () => {
      const { paths, names } = citationsIn(readFileSync(join(root, doc), 'utf8'));
      const missing: string[] = [];
      for (const p of paths) {
        const re = globToRegExp(p);
        const hits = results.filter((f) => re.test(f) || f.startsWith(`${p}/`));
        if (hits.length === 0 || hits.every(ignored)) missing.push(p);
      }
      for (const n of names) {
        const re = globToRegExp(n);
        const hits = results.filter((f) => re.test(f.split('/').pop()!));
        // a name that is some other file of the repo (package.json, say) is not a citation
        if (hits.length === 0 ? !tracked.some((f) => re.test(f.split('/').pop()!)) : hits.every(ignored)) missing.push(n);
      }
      expect(missing).toEqual([]);
    });
  }
});

/**
 * The files `npm run bench -- <name>` writes at the top of bench/results are what the README's
 * tables quote: runs of the suite as shipped. A run narrowed or changed for a side-by-side check
 * (some contenders only, our gateway with other settings, a baseline beside it) belongs under
 * bench/results/ab/; committed over a top-level file, it would leave the README quoting figures
 * no file holds.
 */
describe('top-level results files are runs of the suite as shipped', () => {
  const top = readdirSync(join(root, 'bench/results')).filter((f) => f.endsWith('.json'));

  it('finds them', () => {
    expect(top).toEqual(expect.arrayContaining(['throughput.json', 'realistic.json']));
  });

  for (const file of top) {
    it(file, () => {
      const settings = (JSON.parse(readFileSync(join(root, 'bench/results', file), 'utf8')) as { settings?: Record<string, unknown> }).settings ?? {};
      const narrowed = Object.entries(settings).filter(([k, v]) =>
        ['contendersMeasured', 'oursNodeArgs', 'baseline', 'twin', 'alternateOrder'].includes(k)
        || (k === 'oursEnv' && typeof v === 'object' && v !== null && Object.keys(v).length > 0));
      expect(narrowed).toEqual([]);
    });
  }
});
