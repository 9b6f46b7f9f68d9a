import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ERROR_DESCRIPTIONS, ErrorCode } from '../errors';

const ROOT = resolve(__dirname, '../../..');
const SOURCES = ['shared/src', 'gateway/src', ...readdirSync(join(ROOT, 'subgraphs')).map((s) => `subgraphs/${s}/src`)];

function productionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '__tests__' || e.name === 'testing' || e.name === 'generated' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...productionFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/**
 * Where a code leaves a resolver or the HTTP layer as a string: `code: 'X'`, `code === 'X'`, and the
 * code argument of userError / graphQLError / sendGraphQLError / refusal. Codes written as
 * `ErrorCode.X` are checked by the compiler.
 */
const CODE_SITES = [
  /(?<![.\w])code\s*(?::|===|!==)\s*'([A-Za-z_]+)'/g,
  /\b(?:userError|graphQLError)\(\s*'([A-Za-z_]+)'/g,
  /\bsendGraphQLError\([^;]*?'([A-Z][A-Z_]+)'\s*[,)]/g,
  /\brefusal\([^,]+,\s*'([A-Za-z_]+)'/g,
];

describe('the error registry', () => {
  it('describes every code, and names each after itself', () => {
    for (const [key, code] of Object.entries(ErrorCode)) {
      expect(code).toBe(key);
      expect(ERROR_DESCRIPTIONS[code].length).toBeGreaterThan(10);
    }
    expect(Object.keys(ERROR_DESCRIPTIONS).sort()).toEqual(Object.keys(ErrorCode).sort());
  });

  it('holds every code a resolver, plugin or server can send', () => {
    const registered = new Set<string>(Object.values(ErrorCode));
    const unregistered: string[] = [];
    let sites = 0;
    for (const dir of SOURCES) {
      for (const file of productionFiles(join(ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const re of CODE_SITES) {
          for (const m of text.matchAll(re)) {
            // zod's issue codes are lower-case and not ours
            if (m[1] === m[1].toLowerCase()) continue;
            sites++;
            if (!registered.has(m[1])) unregistered.push(`${relative(ROOT, file)}: ${m[1]}`);
          }
        }
      }
    }
    expect(unregistered).toEqual([]);
    expect(sites).toBeGreaterThan(0);
  });
});
