/**
 * Typed node parameters with ROS 2 semantics: a parameter is declared with a type, a default
 * and a description; overrides from params files and `--ros-args -p` apply at declaration;
 * every update is type-checked, range-checked and passed to the node's on-set callbacks
 * before it is applied, and is rejected as a whole with a reason otherwise.
 * An integer is accepted where a double is declared (it is promoted), never the reverse.
 */
export const PARAMETER_TYPES = [
  'bool',
  'integer',
  'double',
  'string',
  'byte_array',
  'bool_array',
  'integer_array',
  'double_array',
  'string_array',
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export type ParameterValue = boolean | number | string | Uint8Array | boolean[] | number[] | string[];

interface ValueOf {
  bool: boolean;
  integer: number;
  double: number;
  string: string;
  byte_array: Uint8Array;
  bool_array: boolean[];
  integer_array: number[];
  double_array: number[];
  string_array: string[];
}
export type ParameterValueOf<T extends ParameterType> = ValueOf[T];

export interface ParameterDescriptor<T extends ParameterType = ParameterType> {
  readonly type: T;
  readonly default: ParameterValueOf<T>;
  readonly description?: string;
  readonly readOnly?: boolean;
  /** Inclusive numeric range, checked on every update. */
  readonly range?: { readonly from: number; readonly to: number };
  /** Extra check; returns a reason to reject the value, or undefined to accept it. */
  readonly validate?: (value: ParameterValueOf<T>) => string | undefined;
}

export interface Parameter {
  readonly name: string;
  readonly value: ParameterValue;
}

export interface SetParametersResult {
  readonly successful: boolean;
  readonly reason: string;
}

export type OnSetParametersCallback = (parameters: Parameter[]) => SetParametersResult;

/** An override for this node: its value and where it came from, for error messages. */
export interface ParameterOverrideValue {
  readonly value: ParameterValue;
  readonly source: string;
}

function describeValue(value: unknown): string {
  if (value instanceof Uint8Array) return `byte array of length ${value.length}`;
  if (Array.isArray(value)) return `array ${JSON.stringify(value).slice(0, 60)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Returns the value converted to `type`, or throws naming what is wrong. */
export function coerceParameterValue(type: ParameterType, value: unknown): ParameterValue {
  const fail = (): never => {
    throw new Error(`expected ${type}, got ${describeValue(value)}`);
  };
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  const isFloat = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
  const arrayOf = <E>(check: (v: unknown) => v is E): E[] => {
    if (!Array.isArray(value) || !value.every(check)) fail();
    return [...(value as E[])];
  };
  switch (type) {
    case 'bool':
      return typeof value === 'boolean' ? value : fail();
    case 'integer':
      return isInt(value) ? value : fail();
    case 'double':
      return isFloat(value) ? value : fail();
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'byte_array':
      if (value instanceof Uint8Array) return value;
      return Uint8Array.from(arrayOf((v): v is number => isInt(v) && v >= 0 && v <= 255));
    case 'bool_array':
      return arrayOf((v): v is boolean => typeof v === 'boolean');
    case 'integer_array':
      return arrayOf(isInt);
    case 'double_array':
      return arrayOf(isFloat);
    case 'string_array':
      return arrayOf((v): v is string => typeof v === 'string');
  }
}

export class ParameterStore {
  readonly #values = new Map<string, ParameterValue>();
  readonly #descriptors = new Map<string, ParameterDescriptor>();
  readonly #callbacks: OnSetParametersCallback[] = [];
  readonly #changeListeners: Array<(parameters: Parameter[]) => void> = [];

  constructor(
    private readonly nodeName: string,
    private readonly overrides: ReadonlyMap<string, ParameterOverrideValue> = new Map(),
  ) {}

  declare<T extends ParameterType>(name: string, descriptor: ParameterDescriptor<T>): ParameterValueOf<T> {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name))
      throw new Error(`node '${this.nodeName}': invalid parameter name '${name}'`);
    if (this.#descriptors.has(name))
      throw new Error(`node '${this.nodeName}': parameter '${name}' is already declared`);
    if (!(PARAMETER_TYPES as readonly string[]).includes(descriptor.type))
      throw new Error(
        `node '${this.nodeName}': parameter '${name}' has unknown type '${String(descriptor.type)}'`,
      );
    const override = this.overrides.get(name);
    const candidate = override ? override.value : descriptor.default;
    const origin = override ? `from ${override.source}` : 'as its default';
    let value: ParameterValue;
    try {
      value = coerceParameterValue(descriptor.type, candidate);
      const reason = checkConstraints(descriptor as unknown as ParameterDescriptor, value);
      if (reason) throw new Error(reason);
    } catch (error) {
      throw new Error(`node '${this.nodeName}': parameter '${name}' ${origin}: ${(error as Error).message}`);
    }
    this.#descriptors.set(name, descriptor as unknown as ParameterDescriptor);
    this.#values.set(name, value);
    return value as ParameterValueOf<T>;
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  get<T extends ParameterValue = ParameterValue>(name: string): T {
    if (!this.#values.has(name))
      throw new Error(`node '${this.nodeName}': parameter '${name}' is not declared`);
    return this.#values.get(name) as T;
  }

  descriptor(name: string): ParameterDescriptor | undefined {
    return this.#descriptors.get(name);
  }

  names(): string[] {
    return [...this.#values.keys()].sort();
  }

  /** The overrides given for this node that no declaration used (typos in YAML files). */
  unusedOverrides(): string[] {
    return [...this.overrides.keys()].filter((name) => !this.#values.has(name));
  }

  addOnSetParametersCallback(callback: OnSetParametersCallback): void {
    this.#callbacks.push(callback);
  }

  removeOnSetParametersCallback(callback: OnSetParametersCallback): void {
    const index = this.#callbacks.indexOf(callback);
    if (index >= 0) this.#callbacks.splice(index, 1);
  }

  /** Listeners told after parameters changed (e.g. for `/parameter_events`). */
  onChanged(listener: (parameters: Parameter[]) => void): void {
    this.#changeListeners.push(listener);
  }

  /** Validates all, then applies all or none (atomic, like SetParametersAtomically). */
  set(parameters: readonly Parameter[]): SetParametersResult {
    const coerced: Parameter[] = [];
    for (const { name, value } of parameters) {
      const descriptor = this.#descriptors.get(name);
      if (!descriptor) return { successful: false, reason: `parameter '${name}' is not declared` };
      if (descriptor.readOnly) return { successful: false, reason: `parameter '${name}' is read-only` };
      let converted: ParameterValue;
      try {
        converted = coerceParameterValue(descriptor.type, value);
      } catch (error) {
        return { successful: false, reason: `parameter '${name}': ${(error as Error).message}` };
      }
      const reason = checkConstraints(descriptor, converted);
      if (reason) return { successful: false, reason: `parameter '${name}': ${reason}` };
      coerced.push({ name, value: converted });
    }
    for (const callback of this.#callbacks) {
      const result = callback(coerced);
      if (!result.successful) return result;
    }
    for (const { name, value } of coerced) this.#values.set(name, value);
    for (const listener of this.#changeListeners) listener(coerced);
    return { successful: true, reason: '' };
  }
}

function checkConstraints(descriptor: ParameterDescriptor, value: ParameterValue): string | undefined {
  if (descriptor.range && typeof value === 'number') {
    const { from, to } = descriptor.range;
    if (value < from || value > to) return `value ${value} is outside [${from}, ${to}]`;
  }
  return descriptor.validate?.(value as never);
}
