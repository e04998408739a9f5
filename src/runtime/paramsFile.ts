/**
 * ROS 2 parameter files: `node_name: { ros__parameters: { ... } }`, where the node key may be
 * a bare name, a fully qualified name, or a pattern with `*` (one token) and `**` (any
 * tokens), e.g. `/**`. Nested maps flatten to dotted names (`limits.max_speed`).
 * Errors name the file and line.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { ParameterValue } from './Parameters.ts';

export interface ParamsFileEntry {
  /** Node name pattern as written in the file. */
  readonly node: string;
  readonly name: string;
  readonly value: ParameterValue;
  /** `file:line`, for error messages. */
  readonly source: string;
}

export function parseParamsFile(text: string, file: string): ParamsFileEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const where = (node: YamlNode | null | undefined): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? file : `${file}:${lineCounter.linePos(offset).line}`;
  };
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new Error(`${file}:${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}`);
  }
  const root = document.contents;
  if (root === null) return [];
  if (!isMap(root))
    throw new Error(`${where(root)}: a params file must map node names to { ros__parameters: ... }`);
  const entries: ParamsFileEntry[] = [];
  for (const pair of root.items) {
    const node = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const section = pair.value as YamlNode | null;
    if (!isMap(section))
      throw new Error(
        `${where(section ?? (pair.key as YamlNode))}: node '${node}' must hold a ros__parameters map`,
      );
    const parameters = section.get('ros__parameters', true) as YamlNode | undefined;
    if (!parameters) throw new Error(`${where(section)}: node '${node}' has no 'ros__parameters' key`);
    const visit = (map: YamlNode, prefix: string): void => {
      if (!isMap(map)) throw new Error(`${where(map)}: ros__parameters of '${node}' must be a map`);
      for (const item of map.items) {
        const key = String(isScalar(item.key) ? item.key.value : item.key);
        const name = prefix ? `${prefix}.${key}` : key;
        const value = item.value as YamlNode | null;
        if (isMap(value)) {
          visit(value, name);
          continue;
        }
        if (value === null || (!isScalar(value) && !isSeq(value)))
          throw new Error(
            `${where(value ?? (item.key as YamlNode))}: parameter '${name}' of '${node}' has no value`,
          );
        const json: unknown = value.toJSON();
        if (json === null) throw new Error(`${where(value)}: parameter '${name}' of '${node}' is null`);
        if (Array.isArray(json) && json.some((element) => typeof element === 'object' && element !== null))
          throw new Error(
            `${where(value)}: parameter '${name}' of '${node}' must be a scalar or a list of scalars`,
          );
        entries.push({ node, name, value: json as ParameterValue, source: where(value) });
      }
    };
    visit(parameters, '');
  }
  return entries;
}

export function readParamsFile(path: string): ParamsFileEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read params file '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return parseParamsFile(text, path);
}

/** Does the node key of a params file (`talker`, `/ns/talker`, `/**`, `/ns/*`) match this node? */
export function nodePatternMatches(pattern: string, fullyQualifiedName: string): boolean {
  const absolute = pattern.startsWith('/') ? pattern : `/${pattern}`;
  if (!absolute.includes('*')) {
    // A bare name matches the node of that name in any namespace, as in rcl.
    return pattern.startsWith('/') ? absolute === fullyQualifiedName : fullyQualifiedName.endsWith(absolute);
  }
  const regex = absolute
    .split('/')
    .map((token) =>
      token === '**' ? '.*' : token === '*' ? '[^/]+' : token.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/')
    .replace('/.*', '(/.*)?');
  return new RegExp(`^${regex}$`).test(fullyQualifiedName);
}
