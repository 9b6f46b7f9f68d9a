import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The workspaces' boundaries, read from the sources: another package is reached only through its
 * entry point (`@stockgraph/<name>`, or `@stockgraph/<name>/testing` from tests and benchmarks),
 * never by a path into its `src`; and every package a workspace imports is declared in its own
 * package.json (test-only imports may be dev dependencies).
 */
const ROOT = resolve(__dirname, '../..');
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
const WORKSPACES = rootPackage.workspaces;

/**
 * Entry points besides a package's main: its test helpers; for the shared library, each of its
 * areas (`@stockgraph/shared/ledger`: a folder's index.ts, or a top-level module such as
 * `validation`) and the tracing preload that every process imports first for its effect.
 */
const SHARED_SRC = join(ROOT, 'shared/src');
const SHARED_SIDE_EFFECT_ENTRIES = new Set(['@stockgraph/shared/tracing/register']);
const isSharedArea = (area: string): boolean =>
  !area.includes('/') && (existsSync(join(SHARED_SRC, `${area}.ts`)) || existsSync(join(SHARED_SRC, area, 'index.ts')));
const isEntryPoint = (spec: string): boolean =>
  /^@stockgraph\/[a-z]+$/.test(spec) || /^@stockgraph\/[a-z]+\/testing$/.test(spec) ||
  SHARED_SIDE_EFFECT_ENTRIES.has(spec) ||
  (spec.startsWith('@stockgraph/shared/') && isSharedArea(spec.slice('@stockgraph/shared/'.length)));

const BUILTINS = new Set(builtinModules);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

const packageOf = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const isTestFile = (file: string): boolean => file.includes(`${sep}__tests__${sep}`) || /[/\\]testing([/\\]|\.ts$)/.test(file);

describe('package boundaries', () => {
  const everywhere = [...WORKSPACES.map((w) => join(ROOT, w, 'src')), join(ROOT, 'tests'), join(ROOT, 'scripts'), join(ROOT, 'bench')];

  it('reaches another package only through its entry point', () => {
    const deep: string[] = [];
    for (const dir of everywhere) {
      for (const file of tsFiles(dir)) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('@stockgraph/') && !isEntryPoint(spec)) deep.push(`${relative(ROOT, file)}: ${spec}`);
        }
      }
    }
    expect(deep).toEqual([]);
  });

  it('reaches no package\'s src from bench, tests or scripts by a relative path', () => {
    const intoSrc: string[] = [];
    const srcDirs = WORKSPACES.map((w) => join(ROOT, w, 'src'));
    for (const dir of ['tests', 'scripts', 'bench'].map((d) => join(ROOT, d))) {
      for (const file of tsFiles(dir)) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = resolve(dirname(file), spec);
          if (srcDirs.some((s) => target === s || target.startsWith(s + sep))) intoSrc.push(`${relative(ROOT, file)}: ${spec}`);
        }
      }
    }
    expect(intoSrc).toEqual([]);
  });

  it('never reaches out of a workspace by a relative path', () => {
    const escapes: string[] = [];
    for (const w of WORKSPACES) {
      const home = join(ROOT, w);
      for (const file of tsFiles(join(home, 'src'))) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = resolve(dirname(file), spec);
          if (relative(home, target).startsWith('..')) escapes.push(`${relative(ROOT, file)}: ${spec}`);
        }
      }
    }
    expect(escapes).toEqual([]);
  });

  it.each(WORKSPACES)('%s declares every package it imports', (w) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, w, 'package.json'), 'utf8')) as {
      name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>;
    };
    const prod = new Set(Object.keys(pkg.dependencies ?? {}));
    const dev = new Set(Object.keys(pkg.devDependencies ?? {}));
    const undeclared = new Set<string>();
    for (const file of tsFiles(join(ROOT, w, 'src'))) {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.') || spec.startsWith('node:') || BUILTINS.has(packageOf(spec))) continue;
        const name = packageOf(spec);
        if (name === pkg.name || prod.has(name) || (isTestFile(file) && dev.has(name))) continue;
        undeclared.add(`${name} (${relative(ROOT, file)})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it('the unification subgraph depends on the legacy clients it syncs the catalogue from', () => {
    const deps = Object.keys((JSON.parse(readFileSync(join(ROOT, 'subgraphs/unification/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    expect(deps).toEqual(expect.arrayContaining(['@stockgraph/erp', '@stockgraph/wms', '@stockgraph/pos', '@stockgraph/oms']));
  });
});
