/**
 * The message types known to this process: the standard ROS 2 Humble definitions
 * (`@foxglove/rosmsg-msgs-common`), standard interfaces it lacks (`./interfaces`), and the
 * project's own `katazuke_msgs` package. Gives per-type validation, default construction,
 * ROS 2 CDR (de)serialization (`@foxglove/rosmsg2-serialization`) and ros2msg schema text.
 *
 * Type names are canonical `pkg/msg/Type` (`pkg/Type` is accepted and normalized).
 * `builtin_interfaces/Time` and `Duration` are the primitives `time`/`duration`, values
 * `{ sec, nanosec }`, as the CDR library reads them.
 */
import { fileURLToPath } from 'node:url';
import { ros2humble } from '@foxglove/rosmsg-msgs-common';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import type { MessageDefinition, MessageDefinitionField } from '@foxglove/message-definition';
import { canonicalizeFields, canonicalTypeName, loadInterfaceDirectory } from './interfaceFiles.ts';
import { fieldTypeText, MessageValidator } from './MessageValidator.ts';

export const INTERFACES_DIR = fileURLToPath(new URL('./interfaces', import.meta.url));
export const KATAZUKE_MSGS_DIR = fileURLToPath(new URL('../../../katazuke_msgs', import.meta.url));

/** A message that does not match its type; `path` names the offending field (`header.stamp.sec`). */
export class MessageValidationError extends Error {
  constructor(
    readonly messageType: string,
    readonly path: string,
    detail: string,
  ) {
    super(`invalid ${messageType}: field '${path || '<root>'}' ${detail}`);
    this.name = 'MessageValidationError';
  }
}

export interface Serializer {
  write(message: unknown): Uint8Array;
  read(bytes: Uint8Array): unknown;
}

export class MessageRegistry {
  readonly #definitions = new Map<string, MessageDefinition>();
  readonly #serializers = new Map<string, Serializer>();
  readonly #schemas = new Map<string, string>();
  readonly #canonicalNames = new Map<string, string>();
  readonly #validator = new MessageValidator((type) => this.fields(type));

  constructor(definitions: Iterable<MessageDefinition>) {
    for (const definition of definitions) {
      if (definition.name) this.#definitions.set(definition.name, definition);
    }
  }

  /** The standard ROS 2 types plus `katazuke_msgs`. */
  static standard(): MessageRegistry {
    const common = Object.values(ros2humble).map((definition) => {
      const name = canonicalTypeName(definition.name ?? '');
      const pkg = name.split('/')[0] ?? '';
      return { name, definitions: canonicalizeFields(definition.definitions, pkg) };
    });
    return new MessageRegistry([
      ...common,
      ...loadInterfaceDirectory(INTERFACES_DIR),
      ...loadInterfaceDirectory(KATAZUKE_MSGS_DIR, 'katazuke_msgs'),
    ]);
  }

  types(): string[] {
    return [...this.#definitions.keys()].sort();
  }

  has(type: string): boolean {
    return this.#definitions.has(canonicalTypeName(type));
  }

  definition(type: string): MessageDefinition {
    const name = canonicalTypeName(type);
    const definition = this.#definitions.get(name);
    if (!definition) throw new Error(`unknown message type '${type}'`);
    return definition;
  }

  fields(type: string): MessageDefinitionField[] {
    return this.definition(type).definitions.filter((field) => !field.isConstant);
  }

  constants(type: string): Record<string, number | bigint | string | boolean> {
    const out: Record<string, number | bigint | string | boolean> = {};
    for (const field of this.definition(type).definitions) {
      if (field.isConstant && field.value !== undefined) out[field.name] = field.value;
    }
    return out;
  }

  /** The definition of `type` followed by every type it uses, as the CDR library wants them. */
  closure(type: string): MessageDefinition[] {
    const root = this.definition(type);
    const seen = new Map<string, MessageDefinition>([[root.name ?? type, root]]);
    const visit = (definition: MessageDefinition): void => {
      for (const field of definition.definitions) {
        if (!field.isComplex || seen.has(field.type)) continue;
        const nested = this.definition(field.type);
        seen.set(field.type, nested);
        visit(nested);
      }
    };
    visit(root);
    return [...seen.values()];
  }

  serializer(type: string): Serializer {
    const name = canonicalTypeName(type);
    let serializer = this.#serializers.get(name);
    if (!serializer) {
      const closure = this.closure(name);
      const writer = new MessageWriter(closure);
      const reader = new MessageReader(closure);
      serializer = {
        write: (message) => writer.writeMessage(message),
        read: (bytes) => reader.readMessage(bytes),
      };
      this.#serializers.set(name, serializer);
    }
    return serializer;
  }

  /** ros2msg schema text (root first, then `MSG:` sections), as Foxglove and MCAP expect. */
  schema(type: string): string {
    const name = canonicalTypeName(type);
    let schema = this.#schemas.get(name);
    if (schema === undefined) {
      const [root, ...dependencies] = this.closure(name);
      const separator = '='.repeat(80);
      schema = [
        definitionText(root!),
        ...dependencies.map((d) => `${separator}\nMSG: ${d.name}\n${definitionText(d)}`),
      ].join('\n');
      this.#schemas.set(name, schema);
    }
    return schema;
  }

  /** A message of `type` with every field at its default (zeros, empty strings and arrays). */
  create<T = unknown>(type: string, values: Record<string, unknown> = {}): T {
    const message: Record<string, unknown> = {};
    for (const field of this.fields(type)) {
      const given = values[field.name];
      if (given !== undefined && !(field.isComplex && !field.isArray && typeof given === 'object')) {
        message[field.name] = given;
      } else if (field.isComplex && !field.isArray) {
        message[field.name] = this.create(field.type, (given as Record<string, unknown>) ?? {});
      } else {
        message[field.name] = defaultValue(field, (t) => this.create(t));
      }
    }
    for (const key of Object.keys(values)) {
      if (!(key in message))
        throw new MessageValidationError(canonicalTypeName(type), key, 'is not a field of this type');
    }
    return message as T;
  }

  /** Throws a `MessageValidationError` naming the first field that does not match `type`. */
  validate(type: string, message: unknown): void {
    let canonical = this.#canonicalNames.get(type);
    if (canonical === undefined) {
      canonical = this.definition(type).name!;
      this.#canonicalNames.set(type, canonical);
    }
    const failure = this.#validator.check(canonical, message);
    if (failure)
      throw new MessageValidationError(
        canonical,
        failure.segments.join('.').replaceAll('.[', '['),
        failure.detail,
      );
  }
}

function definitionText(definition: MessageDefinition): string {
  return definition.definitions
    .map((field) => {
      if (field.isConstant) return `${field.type} ${field.name}=${field.valueText ?? String(field.value)}`;
      const type =
        field.type === 'string' && field.upperBound !== undefined
          ? `string<=${field.upperBound}`
          : fieldTypeText(field);
      return `${type} ${field.name}`;
    })
    .join('\n');
}

const TYPED_ARRAYS: Record<string, new (length: number) => ArrayLike<number | bigint>> = {
  uint8: Uint8Array,
  byte: Uint8Array,
  char: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

function scalarDefault(type: string): unknown {
  if (type === 'string' || type === 'wstring') return '';
  if (type === 'bool') return false;
  if (type === 'int64' || type === 'uint64') return 0n;
  if (type === 'time' || type === 'duration') return { sec: 0, nanosec: 0 };
  return 0;
}

function defaultValue(field: MessageDefinitionField, createComplex: (type: string) => unknown): unknown {
  if (field.defaultValue !== undefined) return field.defaultValue;
  if (!field.isArray) return scalarDefault(field.type);
  const length = field.arrayLength ?? 0;
  const TypedArray = TYPED_ARRAYS[field.type];
  if (TypedArray) return new TypedArray(length);
  return Array.from({ length }, () =>
    field.isComplex ? createComplex(field.type) : scalarDefault(field.type),
  );
}

let standardRegistry: MessageRegistry | undefined;

/** The process-wide registry of standard and project types, loaded on first use. */
export function messageRegistry(): MessageRegistry {
  standardRegistry ??= MessageRegistry.standard();
  return standardRegistry;
}
