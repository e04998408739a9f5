/**
 * Parses the `--ros-args ... [--]` section of a command line the way rcl does:
 * `-p name:=value` (value read as YAML), `-r [node:]from:=to` (including `__node` and
 * `__ns`), `--params-file FILE` and `--log-level LEVEL`. Everything outside the section is
 * returned untouched for the program.
 */
import { parse as parseYaml } from 'yaml';
import type { RemapRule } from './names.ts';
import { LOG_LEVELS, type LogLevel } from './Logger.ts';
import type { ParameterValue } from './Parameters.ts';

export interface ParameterOverride {
  readonly node?: string;
  readonly name: string;
  readonly value: ParameterValue;
}

export interface RosArgs {
  readonly parameters: ParameterOverride[];
  readonly remaps: RemapRule[];
  readonly paramsFiles: string[];
  readonly logLevel?: LogLevel;
  /** Arguments that were not ROS arguments. */
  readonly rest: string[];
}

function splitAssignment(text: string, flag: string): { node?: string; key: string; value: string } {
  const at = text.indexOf(':=');
  if (at <= 0) throw new Error(`invalid ${flag} argument '${text}': expected name:=value`);
  const left = text.slice(0, at);
  const value = text.slice(at + 2);
  const colon = left.indexOf(':');
  return colon > 0 ? { node: left.slice(0, colon), key: left.slice(colon + 1), value } : { key: left, value };
}

/** A parameter value written on a command line, read as YAML like `ros2 run` does. */
export function parseParameterText(text: string): ParameterValue {
  const value: unknown = parseYaml(text);
  if (value === null || value === undefined) return text;
  if (typeof value === 'object' && !Array.isArray(value)) return text;
  return value as ParameterValue;
}

export function parseRosArgs(argv: readonly string[]): RosArgs {
  const parameters: ParameterOverride[] = [];
  const remaps: RemapRule[] = [];
  const paramsFiles: string[] = [];
  const rest: string[] = [];
  let logLevel: LogLevel | undefined;
  let inRosArgs = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--ros-args') {
      inRosArgs = true;
      continue;
    }
    if (!inRosArgs) {
      rest.push(arg);
      continue;
    }
    if (arg === '--') {
      inRosArgs = false;
      continue;
    }
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--ros-args: '${arg}' needs a value`);
      return value;
    };
    switch (arg) {
      case '-p':
      case '--param': {
        const { node, key, value } = splitAssignment(next(), arg);
        parameters.push({ ...(node ? { node } : {}), name: key, value: parseParameterText(value) });
        break;
      }
      case '-r':
      case '--remap': {
        const { node, key, value } = splitAssignment(next(), arg);
        remaps.push({ ...(node ? { node } : {}), from: key, to: value });
        break;
      }
      case '--params-file':
        paramsFiles.push(next());
        break;
      case '--log-level': {
        const level = next().toLowerCase();
        if (!(LOG_LEVELS as readonly string[]).includes(level))
          throw new Error(`--log-level '${level}' is not one of ${LOG_LEVELS.join(', ')}`);
        logLevel = level as LogLevel;
        break;
      }
      default:
        throw new Error(`--ros-args: unknown argument '${arg}' (known: -p, -r, --params-file, --log-level)`);
    }
  }
  return { parameters, remaps, paramsFiles, ...(logLevel ? { logLevel } : {}), rest };
}

/** The `__node` and `__ns` remaps that rename a node (`-r __node:=name -r __ns:=/ns`). */
export function nodeRenames(
  remaps: readonly RemapRule[],
  nodeName: string,
): { name?: string; namespace?: string } {
  let name: string | undefined;
  let namespace: string | undefined;
  for (const rule of remaps) {
    if (rule.node !== undefined && rule.node !== nodeName) continue;
    if (rule.from === '__node' || rule.from === '__name') name ??= rule.to;
    if (rule.from === '__ns') namespace ??= rule.to;
  }
  return { ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) };
}
