/*
 * The import rules of ../shared/STYLE.md, checked by a machine rather than by memory (as Dark Reader does with
 * eslint's import/no-restricted-paths, here with TypeScript's own import scanner and no extra dependency):
 * - entrypoints import lib/ and components/, never another entrypoint;
 * - components/ are presentational: from lib/ they import only lib/format, a lib/<domain>/types.ts, or types;
 *   never the browser, idb or messaging;
 * - lib/ never imports entrypoints/, components/ or preact;
 * - server/ imports from the extension only the report payload contract (lib/report/payload.ts);
 * - nothing shipped imports tests/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sourcesUnder(dir: string): string[] {
  const abs = join(ROOT, dir);
  let names: string[];
  try {
    names = readdirSync(abs);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourcesUnder(relative(ROOT, path));
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [relative(ROOT, path).split(sep).join('/')] : [];
  });
}

interface Import {
  specifier: string;
  /** Repository-relative path of the target for relative imports, undefined for packages. */
  target?: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => {
    const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const typeOnly = new RegExp(`(?:import|export)\\s+type\\s[^;]*?from\\s+['"]${escaped}['"]`).test(text);
    const target = fileName.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), fileName)).split(sep).join('/') : undefined;
    return { specifier: fileName, target, typeOnly };
  });
}

function violations(dir: string, rule: (file: string, imp: Import) => string | undefined): string[] {
  const found: string[] = [];
  for (const file of sourcesUnder(dir)) {
    for (const imp of importsOf(file)) {
      const why = rule(file, imp);
      if (why) found.push(`${file} imports ${imp.specifier}: ${why}`);
    }
  }
  return found;
}

const under = (path: string | undefined, dir: string) => path !== undefined && (path === dir || path.startsWith(`${dir}/`));

describe('import boundaries', () => {
  it('finds the sources it checks (a rule over no file proves nothing)', () => {
    expect(sourcesUnder('entrypoints').length).toBeGreaterThan(3);
    expect(sourcesUnder('components').length).toBeGreaterThan(0);
    expect(sourcesUnder('lib').length).toBeGreaterThan(10);
    expect(sourcesUnder('server/src').length).toBeGreaterThan(3);
  });

  it('entrypoints never import another entrypoint', () => {
    expect(
      violations('entrypoints', (file, imp) => {
        if (!under(imp.target, 'entrypoints')) return undefined;
        const own = file.split('/').slice(0, 2).join('/').replace(/\.(ts|tsx)$/, '');
        return under(imp.target, own) ? undefined : 'another entrypoint';
      }),
    ).toEqual([]);
  });

  it('components are presentational', () => {
    expect(
      violations('components', (_file, imp) => {
        if (/^(wxt|idb|@webext-core|webextension-polyfill)/.test(imp.specifier)) return 'browser, storage or messaging';
        if (under(imp.target, 'entrypoints')) return 'an entrypoint';
        if (!under(imp.target, 'lib') || imp.typeOnly) return undefined;
        return under(imp.target, 'lib/format') || /^lib\/[^/]+\/types$/.test(imp.target ?? '') ? undefined : 'lib code other than format or types';
      }),
    ).toEqual([]);
  });

  it('lib never imports entrypoints, components or preact', () => {
    expect(
      violations('lib', (_file, imp) => {
        if (/^preact(\/|$)/.test(imp.specifier)) return 'preact';
        if (under(imp.target, 'entrypoints') || under(imp.target, 'components')) return 'UI code';
        return undefined;
      }),
    ).toEqual([]);
  });

  it('the server imports only the report payload contract from the extension', () => {
    expect(
      [...violations('server', (_file, imp) => {
        if (!imp.target || under(imp.target, 'server')) return undefined;
        return imp.target === 'lib/report/payload' ? undefined : 'extension code other than lib/report/payload';
      })],
    ).toEqual([]);
  });

  it('shipped code never imports tests', () => {
    const rule = (_file: string, imp: Import) => (under(imp.target, 'tests') ? 'test code' : undefined);
    expect([...violations('entrypoints', rule), ...violations('components', rule), ...violations('lib', rule)]).toEqual([]);
  });
});
