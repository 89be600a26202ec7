import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { ContentProblem } from '../model.js';

// A start that finds the content snapshot parses no YAML, so the parser (CommonJS) is loaded, synchronously,
// the first time a text is parsed.
const requireLazily = createRequire(import.meta.url);
let yaml: typeof Yaml | undefined;

/** A parsed YAML text that can say on which line any value of it stands. */
export interface YamlSource {
  /** The plain JavaScript value, or undefined when the YAML did not parse. */
  readonly value: unknown;
  /** 1-based line in the file of the value at `path` (or of its nearest existing parent). */
  lineOf(path: readonly (string | number)[]): number;
  /** 1-based line on which the text of the scalar at `path` starts (the line after `|` or `>`). */
  textLineOf(path: readonly (string | number)[]): number;
  readonly problems: readonly ContentProblem[];
}

/**
 * Parses YAML and keeps the positions of its nodes.
 *
 * @param file - name used in problems.
 * @param firstLine - the file line on which `text` starts (front matter starts on line 2).
 */
export function parseYamlSource(file: string, text: string, firstLine = 1): YamlSource {
  yaml ??= requireLazily('yaml') as typeof Yaml;
  const { LineCounter, parseDocument, isNode, isScalar } = yaml;
  const lineCounter = new LineCounter();
  const doc: Yaml.Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ContentProblem[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(error.pos[0]);
    problems.push({
      file,
      line: pos.line + firstLine - 1,
      message: `YAML: ${error.message.split('\n')[0] ?? error.message}`,
    });
  }
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;
  const source: YamlSource = {
    value: doc.errors.length > 0 ? undefined : doc.toJS(),
    problems,
    textLineOf(path) {
      const node = doc.getIn(path, true);
      const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
      return source.lineOf(path) + (block ? 1 : 0);
    },
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lineAt(node.range[0]);
        // A key whose value is empty has no node of its own; fall back to the pair's key.
        if (n > 0) {
          const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
          if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
            for (const item of parent.items as unknown[]) {
              if (item && typeof item === 'object' && 'key' in item) {
                const key = item.key;
                if (isNode(key) && key.range && String((key as { value?: unknown }).value) === String(path[n - 1]))
                  return lineAt(key.range[0]);
              }
            }
          }
        }
      }
      return firstLine;
    },
  };
  return source;
}
