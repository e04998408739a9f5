/**
 * The standard parameter services every ROS 2 node offers (`~/get_parameters`,
 * `~/set_parameters`, `~/set_parameters_atomically`, `~/list_parameters`,
 * `~/describe_parameters`, `~/get_parameter_types`) and `/parameter_events`, so that
 * `ros2 param`, our CLI and Foxglove see katazuke parameters the same way on every backend.
 */
import type { rcl_interfaces } from '../messages/types.generated.ts';
import type { Node } from './Node.ts';
import {
  PARAMETER_TYPES,
  type Parameter,
  type ParameterStore,
  type ParameterType,
  type ParameterValue,
} from './Parameters.ts';

/** rcl_interfaces/msg/ParameterType: NOT_SET = 0, then PARAMETER_TYPES in order from 1. */
export function parameterTypeId(type: ParameterType): number {
  return PARAMETER_TYPES.indexOf(type) + 1;
}

export function toParameterValueMsg(
  value: ParameterValue,
  type: ParameterType,
): rcl_interfaces.msg.ParameterValue {
  const msg: rcl_interfaces.msg.ParameterValue = {
    type: parameterTypeId(type),
    bool_value: false,
    integer_value: 0n,
    double_value: 0,
    string_value: '',
    byte_array_value: new Uint8Array(0),
    bool_array_value: [],
    integer_array_value: [],
    double_array_value: [],
    string_array_value: [],
  };
  switch (type) {
    case 'bool':
      msg.bool_value = value as boolean;
      break;
    case 'integer':
      msg.integer_value = BigInt(value as number);
      break;
    case 'double':
      msg.double_value = value as number;
      break;
    case 'string':
      msg.string_value = value as string;
      break;
    case 'byte_array':
      msg.byte_array_value = value as Uint8Array;
      break;
    case 'bool_array':
      msg.bool_array_value = value as boolean[];
      break;
    case 'integer_array':
      msg.integer_array_value = (value as number[]).map((v) => BigInt(v));
      break;
    case 'double_array':
      msg.double_array_value = value as number[];
      break;
    case 'string_array':
      msg.string_array_value = value as string[];
      break;
  }
  return msg;
}

/** The JS value of a ParameterValue message, or undefined for NOT_SET. */
export function fromParameterValueMsg(msg: rcl_interfaces.msg.ParameterValue): ParameterValue | undefined {
  const type = PARAMETER_TYPES[msg.type - 1];
  switch (type) {
    case undefined:
      return undefined;
    case 'bool':
      return msg.bool_value;
    case 'integer':
      return Number(msg.integer_value);
    case 'double':
      return msg.double_value;
    case 'string':
      return msg.string_value;
    case 'byte_array':
      return Uint8Array.from(msg.byte_array_value);
    case 'bool_array':
      return [...msg.bool_array_value];
    case 'integer_array':
      return Array.from(msg.integer_array_value, (v) => Number(v));
    case 'double_array':
      return Array.from(msg.double_array_value);
    case 'string_array':
      return [...msg.string_array_value];
  }
}

/** Guesses the ROS type of a value given without one (from a command line or Foxglove). */
export function inferParameterType(value: ParameterValue): ParameterType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'string') return 'string';
  if (value instanceof Uint8Array) return 'byte_array';
  const first = value[0];
  if (typeof first === 'boolean') return 'bool_array';
  if (typeof first === 'string') return 'string_array';
  return (value as number[]).every(Number.isInteger) ? 'integer_array' : 'double_array';
}

export function startParameterServices(node: Node, store: ParameterStore): void {
  const typeOf = (name: string): ParameterType | undefined => store.descriptor(name)?.type;
  const events = node.createPublisher('rcl_interfaces/msg/ParameterEvent', '/parameter_events', 1000);
  const toMsgs = (parameters: Parameter[]): rcl_interfaces.msg.Parameter[] =>
    parameters.map(({ name, value }) => ({
      name,
      value: toParameterValueMsg(value, typeOf(name) ?? inferParameterType(value)),
    }));
  store.onChanged((parameters) => {
    events.publish({
      stamp: node.now().toMsg(),
      node: node.fullyQualifiedName,
      new_parameters: [],
      changed_parameters: toMsgs(parameters),
      deleted_parameters: [],
    });
  });
  const fromMsgs = (parameters: rcl_interfaces.msg.Parameter[]): Parameter[] =>
    parameters.map(({ name, value }) => ({ name, value: fromParameterValueMsg(value) as ParameterValue }));
  const resultMsg = (result: { successful: boolean; reason: string }) => ({
    successful: result.successful,
    reason: result.reason,
  });
  /** The store promotes integers to doubles for files and command lines; over the wire the type is explicit and rclcpp refuses a mismatch. */
  const wireTypeMismatch = (parameters: rcl_interfaces.msg.Parameter[]) => {
    for (const { name, value } of parameters) {
      const declared = typeOf(name);
      const sent = PARAMETER_TYPES[value.type - 1];
      if (declared && sent && declared !== sent)
        return {
          successful: false,
          reason: `parameter '${name}' is of type ${declared}: a value of type ${sent} is not accepted`,
        };
    }
    return undefined;
  };
  const setChecked = (parameters: rcl_interfaces.msg.Parameter[]) =>
    resultMsg(wireTypeMismatch(parameters) ?? store.set(fromMsgs(parameters)));

  node.createService('rcl_interfaces/srv/GetParameters', '~/get_parameters', (request, response) => {
    response.values = request.names.map((name) => {
      const type = typeOf(name);
      return type
        ? toParameterValueMsg(store.get(name), type)
        : { ...toParameterValueMsg(false, 'bool'), type: 0 };
    });
    return response;
  });
  node.createService('rcl_interfaces/srv/SetParameters', '~/set_parameters', (request, response) => {
    // Each parameter is set on its own, as rclcpp does for SetParameters.
    response.results = request.parameters.map((parameter) => setChecked([parameter]));
    return response;
  });
  node.createService(
    'rcl_interfaces/srv/SetParametersAtomically',
    '~/set_parameters_atomically',
    (request, response) => {
      response.result = setChecked(request.parameters);
      return response;
    },
  );
  node.createService('rcl_interfaces/srv/ListParameters', '~/list_parameters', (request, response) => {
    const names = store
      .names()
      .filter(
        (name) =>
          request.prefixes.length === 0 ||
          request.prefixes.some((p) => name === p || name.startsWith(`${p}.`)),
      );
    const prefixes = [
      ...new Set(names.filter((n) => n.includes('.')).map((n) => n.slice(0, n.lastIndexOf('.')))),
    ];
    response.result = { names, prefixes };
    return response;
  });
  node.createService(
    'rcl_interfaces/srv/DescribeParameters',
    '~/describe_parameters',
    (request, response) => {
      response.descriptors = request.names.map((name) => {
        const descriptor = store.descriptor(name);
        const range = descriptor?.range;
        return {
          name,
          type: descriptor ? parameterTypeId(descriptor.type) : 0,
          description: descriptor?.description ?? '',
          additional_constraints: '',
          read_only: descriptor?.readOnly ?? false,
          dynamic_typing: false,
          floating_point_range:
            range && descriptor.type === 'double'
              ? [{ from_value: range.from, to_value: range.to, step: 0 }]
              : [],
          integer_range:
            range && descriptor.type === 'integer'
              ? [{ from_value: BigInt(range.from), to_value: BigInt(range.to), step: 0n }]
              : [],
        };
      });
      return response;
    },
  );
  node.createService('rcl_interfaces/srv/GetParameterTypes', '~/get_parameter_types', (request, response) => {
    response.types = request.names.map((name) => {
      const type = typeOf(name);
      return type ? parameterTypeId(type) : 0;
    });
    return response;
  });
}
