/**
 * ROS 2 launch files in the YAML format, the subset katazuke needs: `arg` (name, default,
 * description), `node` (pkg, exec, name, namespace, param [name/value or from: FILE], remap,
 * ros_args, respawn, respawn_delay), `include` (file, arg), `group` (a list of entities, or
 * `{ scoped, children }`) and `push_ros_namespace`, with the substitutions of `substitutions.ts`.
 * `node`, `include` and `group` take ROS 2 launch's conditions `if` and `unless` (true/false,
 * usually `$(var name)`).
 * Every error names the file and line.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import { parseParameterText } from '../rosArgs.ts';
import type { ParameterValue } from '../Parameters.ts';
import type { PackageIndex } from './PackageIndex.ts';
import { substitute, SubstitutionError } from './substitutions.ts';

export interface NodeSpec {
  readonly pkg: string;
  readonly exec: string;
  readonly name?: string;
  readonly namespace: string;
  readonly parameters: Array<{ name: string; value: ParameterValue } | { file: string }>;
  readonly remaps: Array<{ from: string; to: string }>;
  readonly extraRosArgs: string[];
  readonly respawn: 'respawn' | 'once';
  readonly respawnDelayS: number;
  /** `file:line` of the node entity. */
  readonly source: string;
  /** Directory of the launch file, for module-path executables. */
  readonly baseDir: string;
}

export interface LaunchArgument {
  readonly name: string;
  readonly default?: string;
  readonly description?: string;
}

export class LaunchFileError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'LaunchFileError';
  }
}

interface Scope {
  readonly file: string;
  readonly lines: LineCounter;
  readonly args: Map<string, string>;
  readonly packages: PackageIndex | undefined;
  namespace: string;
}

const ENTITIES = ['arg', 'node', 'include', 'group', 'push_ros_namespace', 'push-ros-namespace'];

function where(scope: Scope, node: YamlNode | null | undefined): string {
  const offset = node?.range?.[0];
  return offset === undefined ? scope.file : `${scope.file}:${scope.lines.linePos(offset).line}`;
}

/** Applies `$(...)` substitutions to one string, errors naming where. */
function substituteAt(scope: Scope, text: string, at: string): string {
  try {
    return substitute(text, scope);
  } catch (error) {
    if (error instanceof SubstitutionError) throw new LaunchFileError(at, error.message);
    throw error;
  }
}

function scalar(scope: Scope, node: unknown, key: string, at: string): string {
  if (!isScalar(node) || node.value === null) throw new LaunchFileError(at, `'${key}' must be a value`);
  return substituteAt(scope, String(node.value), where(scope, node as YamlNode));
}

function optional(scope: Scope, map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true) as YamlNode | undefined;
  return node === undefined ? undefined : scalar(scope, node, key, where(scope, node));
}

function required(scope: Scope, map: YAMLMap, key: string, entity: string): string {
  const value = optional(scope, map, key);
  if (value === undefined) throw new LaunchFileError(where(scope, map), `${entity} needs '${key}'`);
  return value;
}

function checkKeys(scope: Scope, map: YAMLMap, entity: string, allowed: string[]): void {
  for (const pair of map.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!allowed.includes(key))
      throw new LaunchFileError(
        where(scope, pair.key as YamlNode),
        `${entity} has unknown key '${key}' (allowed: ${allowed.join(', ')})`,
      );
  }
}

function joinNamespace(outer: string, inner: string): string {
  if (inner.startsWith('/')) return inner;
  const base = outer === '/' ? '' : outer;
  return inner ? `${base}/${inner}` : outer;
}

function asBool(text: string, at: string, key: string): boolean {
  if (/^(true|True|1)$/.test(text)) return true;
  if (/^(false|False|0)$/.test(text)) return false;
  throw new LaunchFileError(at, `'${key}' must be true or false, got '${text}'`);
}

/** Whether a node, include or group is left out by its `if` / `unless` condition. */
function excluded(scope: Scope, body: YamlNode | null, at: string): boolean {
  if (!isMap(body)) return false;
  const when = optional(scope, body, 'if');
  const unless = optional(scope, body, 'unless');
  return (
    (when !== undefined && !asBool(when, at, 'if')) || (unless !== undefined && asBool(unless, at, 'unless'))
  );
}

function parseEntities(
  scope: Scope,
  list: YamlNode | null | undefined,
  out: { nodes: NodeSpec[]; args: LaunchArgument[] },
  given: Map<string, string>,
): void {
  if (!isSeq(list)) throw new LaunchFileError(where(scope, list), 'expected a list of launch entities');
  for (const item of list.items as YamlNode[]) {
    if (!isMap(item) || item.items.length !== 1)
      throw new LaunchFileError(
        where(scope, item),
        `each entity is a map with one key (${ENTITIES.join(', ')})`,
      );
    const pair = item.items[0]!;
    const kind = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const body = pair.value as YamlNode | null;
    const at = where(scope, pair.key as YamlNode);
    if (kind !== 'arg' && excluded(scope, body, at)) continue;
    switch (kind) {
      case 'arg': {
        if (!isMap(body)) throw new LaunchFileError(at, "'arg' needs name and default");
        checkKeys(scope, body, 'arg', ['name', 'default', 'description']);
        const name = required(scope, body, 'name', 'arg');
        const def = optional(scope, body, 'default');
        const description = optional(scope, body, 'description');
        out.args.push({
          name,
          ...(def !== undefined ? { default: def } : {}),
          ...(description ? { description } : {}),
        });
        const value = given.get(name) ?? def;
        if (value === undefined)
          throw new LaunchFileError(
            at,
            `launch argument '${name}' has no default and was not given (pass ${name}:=VALUE)`,
          );
        scope.args.set(name, value);
        break;
      }
      case 'node':
        out.nodes.push(parseNode(scope, body, at));
        break;
      case 'include': {
        if (!isMap(body)) throw new LaunchFileError(at, "'include' needs a file");
        checkKeys(scope, body, 'include', ['file', 'arg', 'if', 'unless']);
        const file = required(scope, body, 'file', 'include');
        const path = isAbsolute(file) ? file : resolve(dirname(scope.file), file);
        const includeArgs = new Map<string, string>();
        const argList = body.get('arg', true) as YamlNode | undefined;
        if (argList !== undefined) {
          if (!isSeq(argList))
            throw new LaunchFileError(where(scope, argList), "include 'arg' must be a list of {name, value}");
          for (const entry of argList.items as YamlNode[]) {
            if (!isMap(entry))
              throw new LaunchFileError(where(scope, entry), "include 'arg' entries are {name, value}");
            includeArgs.set(
              required(scope, entry, 'name', 'include arg'),
              required(scope, entry, 'value', 'include arg'),
            );
          }
        }
        const included = parseFile(path, includeArgs, scope.packages, scope.namespace, at);
        out.nodes.push(...included.nodes);
        break;
      }
      case 'group': {
        const children = isMap(body) ? (body.get('children', true) as YamlNode | undefined) : body;
        const scoped = isMap(body) ? optional(scope, body, 'scoped') : undefined;
        const inner: Scope = { ...scope, args: new Map(scope.args), namespace: scope.namespace };
        parseEntities(inner, children, out, given);
        if (scoped !== undefined && !asBool(scoped, at, 'scoped')) {
          for (const [key, value] of inner.args) scope.args.set(key, value);
          scope.namespace = inner.namespace;
        }
        break;
      }
      case 'push_ros_namespace':
      case 'push-ros-namespace': {
        if (!isMap(body)) throw new LaunchFileError(at, `'${kind}' needs a namespace`);
        scope.namespace = joinNamespace(scope.namespace, required(scope, body, 'namespace', kind));
        break;
      }
      default:
        throw new LaunchFileError(at, `unknown launch entity '${kind}' (known: ${ENTITIES.join(', ')})`);
    }
  }
}

function parseNode(scope: Scope, body: YamlNode | null, at: string): NodeSpec {
  if (!isMap(body)) throw new LaunchFileError(at, "'node' needs pkg and exec");
  checkKeys(scope, body, 'node', [
    'pkg',
    'exec',
    'name',
    'namespace',
    'param',
    'remap',
    'ros_args',
    'args',
    'respawn',
    'respawn_delay',
    'output',
    'if',
    'unless',
  ]);
  const parameters: NodeSpec['parameters'] = [];
  const params = body.get('param', true) as YamlNode | undefined;
  if (params !== undefined) {
    if (!isSeq(params)) throw new LaunchFileError(where(scope, params), "node 'param' must be a list");
    for (const entry of params.items as YamlNode[]) {
      if (!isMap(entry))
        throw new LaunchFileError(where(scope, entry), "each 'param' is {name, value} or {from: FILE}");
      const from = optional(scope, entry, 'from');
      if (from !== undefined) {
        parameters.push({ file: isAbsolute(from) ? from : resolve(dirname(scope.file), from) });
        continue;
      }
      const name = required(scope, entry, 'name', 'param');
      const valueNode = entry.get('value', true) as YamlNode | undefined;
      if (valueNode === undefined)
        throw new LaunchFileError(where(scope, entry), `param '${name}' needs a value`);
      let value: ParameterValue;
      if (isSeq(valueNode))
        value = valueNode.items.map((v) => (isScalar(v) ? (v.value as never) : (v as never)));
      else if (isScalar(valueNode) && typeof valueNode.value === 'string')
        value = parseParameterText(substituteAt(scope, valueNode.value, where(scope, valueNode)));
      else if (isScalar(valueNode) && valueNode.value !== null) value = valueNode.value as ParameterValue;
      else throw new LaunchFileError(where(scope, valueNode), `param '${name}' has no usable value`);
      parameters.push({ name, value });
    }
  }
  const remaps: NodeSpec['remaps'] = [];
  const remapList = body.get('remap', true) as YamlNode | undefined;
  if (remapList !== undefined) {
    if (!isSeq(remapList))
      throw new LaunchFileError(where(scope, remapList), "node 'remap' must be a list of {from, to}");
    for (const entry of remapList.items as YamlNode[]) {
      if (!isMap(entry)) throw new LaunchFileError(where(scope, entry), "each 'remap' is {from, to}");
      remaps.push({
        from: required(scope, entry, 'from', 'remap'),
        to: required(scope, entry, 'to', 'remap'),
      });
    }
  }
  const respawn = optional(scope, body, 'respawn');
  const respawnDelay = optional(scope, body, 'respawn_delay');
  const respawnDelayS = respawnDelay === undefined ? 0 : Number(respawnDelay);
  if (!Number.isFinite(respawnDelayS) || respawnDelayS < 0)
    throw new LaunchFileError(at, `'respawn_delay' must be seconds >= 0, got '${respawnDelay}'`);
  const rosArgs = optional(scope, body, 'ros_args') ?? optional(scope, body, 'args');
  const name = optional(scope, body, 'name');
  return {
    pkg: required(scope, body, 'pkg', 'node'),
    exec: required(scope, body, 'exec', 'node'),
    ...(name !== undefined ? { name } : {}),
    namespace: joinNamespace(scope.namespace, optional(scope, body, 'namespace') ?? ''),
    parameters,
    remaps,
    extraRosArgs: rosArgs
      ? rosArgs
          .split(/\s+/)
          .filter(Boolean)
          .filter((a) => a !== '--ros-args')
      : [],
    respawn: respawn !== undefined && asBool(respawn, at, 'respawn') ? 'respawn' : 'once',
    respawnDelayS,
    source: at,
    baseDir: dirname(scope.file),
  };
}

/**
 * Parses a launch file (and its includes) into the nodes to start, with `given` argument values;
 * `packages` resolves `$(find-pkg-share PKG)`.
 */
export function parseLaunchFile(
  file: string,
  given: ReadonlyMap<string, string> = new Map(),
  packages?: PackageIndex,
): { nodes: NodeSpec[]; args: LaunchArgument[] } {
  return parseFile(file, given, packages, '/', undefined);
}

function parseFile(
  file: string,
  given: ReadonlyMap<string, string>,
  packages: PackageIndex | undefined,
  namespace: string,
  includedFrom: string | undefined,
): { nodes: NodeSpec[]; args: LaunchArgument[] } {
  file = resolve(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LaunchFileError(
      includedFrom ?? file,
      `cannot read launch file '${file}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new LaunchFileError(
      `${file}:${error.linePos?.[0].line ?? '?'}`,
      error.message.split('\n')[0] ?? 'invalid YAML',
    );
  }
  const scope: Scope = { file, lines, args: new Map(), packages, namespace };
  const root = document.contents;
  if (!isMap(root) || !root.has('launch'))
    throw new LaunchFileError(`${file}:1`, "a launch file is a map with a 'launch' list");
  const out = { nodes: [] as NodeSpec[], args: [] as LaunchArgument[] };
  const givenArgs = new Map(given);
  parseEntities(scope, root.get('launch', true) as YamlNode, out, givenArgs);
  const unknown = [...givenArgs.keys()].filter((name) => !out.args.some((arg) => arg.name === name));
  if (unknown.length > 0 && includedFrom === undefined)
    throw new LaunchFileError(
      file,
      `unknown launch argument(s) ${unknown.join(', ')} (declared: ${out.args.map((a) => a.name).join(', ') || 'none'})`,
    );
  return out;
}

/** The `--ros-args` a launch node entity stands for, as `ros2 launch` would pass them. */
export function nodeArguments(spec: NodeSpec): string[] {
  const args: string[] = [];
  if (spec.name) args.push('-r', `__node:=${spec.name}`);
  if (spec.namespace !== '/') args.push('-r', `__ns:=${spec.namespace}`);
  for (const parameter of spec.parameters) {
    if ('file' in parameter) args.push('--params-file', parameter.file);
    else args.push('-p', `${parameter.name}:=${JSON.stringify(parameter.value)}`);
  }
  for (const { from, to } of spec.remaps) args.push('-r', `${from}:=${to}`);
  args.push(...spec.extraRosArgs);
  return args;
}
