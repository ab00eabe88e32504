import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';

const maps = new Map<string, SourceMap | null>();

/** V8's call sites print themselves as a frame (`fn (file:line:column)`); @types/node leaves that out. */
type CallSite = NodeJS.CallSite & { toString(): string };

/** The source map beside a built file (`x.js.map`), read and parsed the first time it is needed; null without one. */
function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(
        JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0],
      );
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

/** A frame as V8 prints it, its built file's position replaced by the TypeScript source's when there is a map. */
function frameText(site: CallSite): string {
  const text = site.toString();
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!file?.startsWith('/') || file.includes('/node_modules/') || line === null || column === null) {
    return text;
  }
  const entry = sourceMapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry)) {
    return text;
  }
  const source = resolve(dirname(file), entry.originalSource);
  return text.replace(`${file}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}

/**
 * Stack traces that name the TypeScript source's file, line and column for the built apps' own frames, as Node's
 * `--enable-source-maps` does, with a file's map read the first time one of its frames is printed. Node's flag reads
 * and parses the map of every module at load, node_modules' included — about 13 MB per idle process, most of it
 * typeorm's maps with its TypeScript sources inside — for stack traces nobody may ever print. Frames in
 * node_modules stay as the package ships them.
 */
export function mapStackTraces(): void {
  Error.prepareStackTrace = (error: Error, sites: CallSite[]): string =>
    [Error.prototype.toString.call(error), ...sites.map((site) => `    at ${frameText(site)}`)].join('\n');
}
