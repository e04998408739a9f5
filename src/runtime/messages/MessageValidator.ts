/**
 * Checks that a value matches a ROS message type. Field tables are compiled once per type and
 * the success path builds no strings and allocates nothing, so validating every published
 * message costs little; a failure reports the path of the first offending field.
 */
import type { MessageDefinitionField } from '@foxglove/message-definition';

type Kind = 'string' | 'bool' | 'float' | 'int' | 'int64' | 'time' | 'complex' | 'unsupported';

interface CompiledField {
  readonly name: string;
  readonly type: string;
  readonly kind: Kind;
  readonly isArray: boolean;
  readonly arrayLength: number | undefined;
  readonly arrayUpperBound: number | undefined;
  readonly upperBound: number | undefined;
  readonly low: number;
  readonly high: number;
  readonly lowBig: bigint;
  readonly highBig: bigint;
}

/** The first offending field: path segments from the root, and what is wrong. */
export interface ValidationFailure {
  readonly segments: string[];
  readonly detail: string;
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  byte: [0, 255],
  char: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
const BIGINT_RANGES: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function kindOf(field: MessageDefinitionField): Kind {
  if (field.isComplex) return 'complex';
  const type = field.type;
  if (type === 'string' || type === 'wstring') return 'string';
  if (type === 'bool') return 'bool';
  if (type === 'float32' || type === 'float64') return 'float';
  if (type in INTEGER_RANGES) return 'int';
  if (type in BIGINT_RANGES) return 'int64';
  if (type === 'time' || type === 'duration') return 'time';
  return 'unsupported';
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function fail(segment: string | undefined, detail: string): ValidationFailure {
  return { segments: segment === undefined ? [] : [segment], detail };
}

export class MessageValidator {
  readonly #compiled = new Map<string, CompiledField[]>();

  constructor(private readonly fieldsOf: (type: string) => MessageDefinitionField[]) {}

  #fields(type: string): CompiledField[] {
    let fields = this.#compiled.get(type);
    if (!fields) {
      fields = this.fieldsOf(type).map((field) => {
        const [low, high] = INTEGER_RANGES[field.type] ?? [0, 0];
        const [lowBig, highBig] = BIGINT_RANGES[field.type] ?? [0n, 0n];
        return {
          name: field.name,
          type: field.type,
          kind: kindOf(field),
          isArray: field.isArray === true,
          arrayLength: field.arrayLength,
          arrayUpperBound: field.arrayUpperBound,
          upperBound: field.upperBound,
          low,
          high,
          lowBig,
          highBig,
        };
      });
      this.#compiled.set(type, fields);
    }
    return fields;
  }

  /** Undefined when `value` is a valid `type` (a canonical name), else the first failure. */
  check(type: string, value: unknown): ValidationFailure | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value))
      return fail(undefined, `must be a ${type} object, got ${describeValue(value)}`);
    const record = value as Record<string, unknown>;
    for (const field of this.#fields(type)) {
      const fieldValue = record[field.name];
      if (fieldValue === undefined) return fail(field.name, `is missing (expected ${fieldTypeText(field)})`);
      const failure = field.isArray
        ? this.#checkArray(field, fieldValue)
        : this.#checkScalar(field, fieldValue);
      if (failure) {
        failure.segments.unshift(field.name);
        return failure;
      }
    }
    return undefined;
  }

  #checkArray(field: CompiledField, value: unknown): ValidationFailure | undefined {
    const typed = ArrayBuffer.isView(value) && !(value instanceof DataView);
    if (!typed && !Array.isArray(value))
      return fail(undefined, `must be an array of ${field.type}, got ${describeValue(value)}`);
    const list = value as ArrayLike<unknown>;
    if (field.arrayLength !== undefined && list.length !== field.arrayLength)
      return fail(undefined, `must have exactly ${field.arrayLength} elements, got ${list.length}`);
    if (field.arrayUpperBound !== undefined && list.length > field.arrayUpperBound)
      return fail(undefined, `must have at most ${field.arrayUpperBound} elements, got ${list.length}`);
    if (typed) {
      // A typed array's elements are numbers (or bigints) by construction; check the kind only.
      if (field.kind === 'int' || field.kind === 'float' || field.kind === 'int64') return undefined;
      return fail(undefined, `must be an array of ${field.type}, got ${describeValue(value)}`);
    }
    for (let i = 0; i < list.length; i++) {
      const failure = this.#checkScalar(field, list[i]);
      if (failure) {
        failure.segments.unshift(`[${i}]`);
        return failure;
      }
    }
    return undefined;
  }

  #checkScalar(field: CompiledField, value: unknown): ValidationFailure | undefined {
    switch (field.kind) {
      case 'complex':
        return this.check(field.type, value);
      case 'string':
        if (typeof value !== 'string')
          return fail(undefined, `must be a string, got ${describeValue(value)}`);
        if (field.upperBound !== undefined && value.length > field.upperBound)
          return fail(
            undefined,
            `must be a string of at most ${field.upperBound} characters, got ${value.length}`,
          );
        return undefined;
      case 'bool':
        return typeof value === 'boolean'
          ? undefined
          : fail(undefined, `must be a boolean, got ${describeValue(value)}`);
      case 'float':
        return typeof value === 'number'
          ? undefined
          : fail(undefined, `must be a number (${field.type}), got ${describeValue(value)}`);
      case 'int':
        return typeof value === 'number' &&
          Number.isInteger(value) &&
          value >= field.low &&
          value <= field.high
          ? undefined
          : fail(
              undefined,
              `must be an integer in [${field.low}, ${field.high}] (${field.type}), got ${describeValue(value)}`,
            );
      case 'int64': {
        const big =
          typeof value === 'bigint'
            ? value
            : typeof value === 'number' && Number.isInteger(value)
              ? BigInt(value)
              : undefined;
        return big !== undefined && big >= field.lowBig && big <= field.highBig
          ? undefined
          : fail(
              undefined,
              `must be an integer or bigint in [${field.lowBig}, ${field.highBig}] (${field.type}), got ${describeValue(value)}`,
            );
      }
      case 'time': {
        if (typeof value !== 'object' || value === null)
          return fail(undefined, `must be a ${field.type} {sec, nanosec}, got ${describeValue(value)}`);
        const { sec, nanosec } = value as { sec?: unknown; nanosec?: unknown };
        if (typeof sec !== 'number' || !Number.isInteger(sec))
          return fail('sec', `must be an integer (int32), got ${describeValue(sec)}`);
        if (typeof nanosec !== 'number' || !Number.isInteger(nanosec) || nanosec < 0 || nanosec >= 1e9)
          return fail('nanosec', `must be an integer in [0, 1e9), got ${describeValue(nanosec)}`);
        return undefined;
      }
      case 'unsupported':
        return fail(undefined, `has unsupported primitive type ${field.type}`);
    }
  }
}

export function fieldTypeText(
  field: Pick<MessageDefinitionField, 'type' | 'isArray' | 'arrayLength' | 'arrayUpperBound'>,
): string {
  const element =
    field.type === 'time'
      ? 'builtin_interfaces/Time'
      : field.type === 'duration'
        ? 'builtin_interfaces/Duration'
        : field.type;
  if (!field.isArray) return element;
  if (field.arrayLength !== undefined) return `${element}[${field.arrayLength}]`;
  if (field.arrayUpperBound !== undefined) return `${element}[<=${field.arrayUpperBound}]`;
  return `${element}[]`;
}
