/**
 * ROS 2 launch substitutions in a string: `$(var NAME)`, `$(env NAME [DEFAULT])`, `$(dirname)`,
 * `$(find-pkg-share PKG)` and `$(eval EXPRESSION)`. Substitutions nest, innermost first, as in
 * ROS 2 launch (`$(eval $(var speed) * 2)`). `eval` is evaluated by mathjs' expression parser
 * (arithmetic, `pi`, `sin`, comparisons, `and`/`or`, strings compared as text like Python's
 * `'a' == 'b'`), never by JavaScript's `eval`; a
 * whole expression in quotes is unquoted first, as the launch frontend passes it.
 */
import { dirname } from 'node:path';
import { all, create } from 'mathjs';
import type { PackageIndex } from './PackageIndex.ts';

export interface SubstitutionScope {
  readonly file: string;
  readonly args: ReadonlyMap<string, string>;
  readonly packages?: PackageIndex | undefined;
}

export class SubstitutionError extends Error {}

/** mathjs with `==` and `!=` comparing strings as text (mathjs would convert them to numbers). */
const math = create(all ?? {});
const numericEqual = math.equal;
const numericUnequal = math.unequal;
math.import(
  {
    equal: math.typed('equal', {
      'string, string': (a: string, b: string) => a === b,
      'any, any': (a: unknown, b: unknown) => numericEqual(a as number, b as number),
    }),
    unequal: math.typed('unequal', {
      'string, string': (a: string, b: string) => a !== b,
      'any, any': (a: unknown, b: unknown) => numericUnequal(a as number, b as number),
    }),
  },
  { override: true },
);

const KNOWN = 'var, env, dirname, find-pkg-share, eval';

/** `text` with every `$(...)` replaced; throws SubstitutionError naming the one that failed. */
export function substitute(text: string, scope: SubstitutionScope): string {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('$(', at);
    if (start < 0) break;
    const end = matchingParenthesis(text, start + 1);
    out += text.slice(at, start) + resolve(substitute(text.slice(start + 2, end), scope), scope);
    at = end + 1;
  }
  return out + text.slice(at);
}

function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '(') depth++;
    else if (text[k] === ')' && --depth === 0) return k;
  }
  throw new SubstitutionError(`unclosed substitution '${text.slice(open - 1)}'`);
}

function resolve(body: string, scope: SubstitutionScope): string {
  const trimmed = body.trim();
  const command = trimmed.split(/\s+/, 1)[0] ?? '';
  const argument = trimmed.slice(command.length).trim();
  const rest = argument.split(/\s+/).filter(Boolean);
  switch (command) {
    case 'var': {
      const value = scope.args.get(rest[0] ?? '');
      if (value === undefined)
        throw new SubstitutionError(`unknown launch argument '${rest[0] ?? ''}' in $(var)`);
      return value;
    }
    case 'env': {
      const value = process.env[rest[0] ?? ''] ?? (rest.length > 1 ? rest.slice(1).join(' ') : undefined);
      if (value === undefined)
        throw new SubstitutionError(`environment variable '${rest[0] ?? ''}' is not set and has no default`);
      return value;
    }
    case 'dirname':
      return dirname(scope.file);
    case 'find-pkg-share':
      if (!scope.packages)
        throw new SubstitutionError(`$(find-pkg-share ${argument}): no package index was given`);
      try {
        return scope.packages.share(argument);
      } catch (error) {
        throw new SubstitutionError(`$(find-pkg-share ${argument}): ${(error as Error).message}`);
      }
    case 'eval':
      return evaluateExpression(argument);
    default:
      throw new SubstitutionError(`unknown substitution '$(${body})' (known: ${KNOWN})`);
  }
}

function evaluateExpression(expression: string): string {
  const quoted = /^(['"])(.*)\1$/s.exec(expression);
  const source = quoted ? quoted[2]! : expression;
  let value: unknown;
  try {
    value = math.evaluate(source);
  } catch (error) {
    throw new SubstitutionError(`$(eval ${expression}): ${(error as Error).message}`);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return String(value);
  throw new SubstitutionError(`$(eval ${expression}): the result is not a number, boolean or string`);
}
