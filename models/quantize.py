"""Int8 quantization of an exported image model for the robot's CPU (static, QDQ format).

  quantize.py probe CONFIG.json PROBE.onnx
      the config's model with the input of every convolution it will quantize added as an output,
      for scripts/models/calibrateActivations.ts to record their ranges on training images;
  quantize.py quantize CONFIG.json RANGES.json OUT_CONFIG.json [--card CARD.json]
      writes the int8 model next to OUT_CONFIG.json (same name, .onnx) and its config, and adds
      what was done to the model card.

A convolution is quantized where its input and its output (through a ReLU, or an Add of a
constant and a ReLU) feed convolutions only: there onnxruntime fuses QuantizeLinear ->
DequantizeLinear -> Conv -> ReLU -> QuantizeLinear into one int8 convolution (VNNI on x86), and the
constant Add into an int8 Add. In the detector that is 11 of its 19 convolutions; in the depth
U-Net, whose feature maps also feed its skip connections, only 1, so it stays float. Weights: int8
in 7 bits (reduce range: see WEIGHT_MAX), symmetric, per output channel. Activations:
uint8, per tensor, from the calibrated 0.01st to 99.99th percentile (outliers clipped). Bias: int32
at the product of the two scales. Everything else stays float.
Needs Debian's python3-onnx; runs with /usr/bin/python3.
"""
import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


# Weights in 7 bits ("reduce range"): on x86 without VNNI (AVX2 only) onnxruntime multiplies uint8
# activations by int8 weights in pairs summed into int16, which 255 x 127 x 2 overflows; there the
# full-range model kept 60% of the float model's confident boxes, with 255 x 63 x 2 nothing saturates.
WEIGHT_MAX = 63


class Quantized:
    """One convolution to quantize: the tensors around it that get int8 (input, output after its
    ReLU, and for a convolution followed by a constant Add the sum's input too), and that Add."""

    def __init__(self, conv, tensors, constant_add=None):
        self.conv, self.tensors, self.constant_add = conv, tensors, constant_add


def plan(graph):
    """The convolutions whose input and output tensors are read by convolutions only, directly
    or through a ReLU, or through an Add of a constant and a ReLU (the detector's coordinate maps)."""
    readers = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    outputs = {o.name for o in graph.output}
    constants = {i.name for i in graph.initializer}

    def read_by_convolutions_only(tensor):
        found = readers.get(tensor, [])
        return tensor not in outputs and found and all(r.op_type == 'Conv' and r.input[0] == tensor for r in found)

    def sole_reader(tensor, op_type):
        found = readers.get(tensor, [])
        return found[0] if len(found) == 1 and found[0].op_type == op_type and tensor not in outputs else None

    chosen = []
    for conv in (n for n in graph.node if n.op_type == 'Conv'):
        if not read_by_convolutions_only(conv.input[0]):
            continue
        relu = sole_reader(conv.output[0], 'Relu')
        add = sole_reader(conv.output[0], 'Add')
        if relu and read_by_convolutions_only(relu.output[0]):
            chosen.append(Quantized(conv, [conv.input[0], relu.output[0]]))
        elif add and sum(i in constants for i in add.input) == 1:
            after = sole_reader(add.output[0], 'Relu')
            if after and read_by_convolutions_only(after.output[0]):
                chosen.append(Quantized(conv, [conv.input[0], conv.output[0], after.output[0]], add))
    return chosen


def model_of(config_path):
    config = json.load(open(config_path))
    return config, os.path.join(os.path.dirname(config_path), config['model'])


def probe(config_path, probe_path):
    _, model_path = model_of(config_path)
    model = onnx.load(model_path)
    tensors = []
    for quantized in plan(model.graph):
        tensors += [t for t in quantized.tensors if t not in tensors]
    for tensor in tensors:
        model.graph.output.append(helper.make_tensor_value_info(tensor, TensorProto.FLOAT, None))
    onnx.save(model, probe_path)
    print(f'{probe_path}: {len(tensors)} activations to calibrate')


def uint8_range(low, high):
    """Scale and zero point of uint8 covering [low, high] (and 0)."""
    low, high = min(0.0, low), max(high, low + 1e-6, 0.0)
    scale = (high - low) / 255
    return scale, int(round(-low / scale))


def quantize(config_path, ranges_path, out_config_path, card_path):
    config, model_path = model_of(config_path)
    ranges = json.load(open(ranges_path))
    model = onnx.load(model_path)
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    chosen = plan(graph)
    added, dequantized, scales, unused = [], {}, {}, set()

    def constant(name, array):
        graph.initializer.append(numpy_helper.from_array(array, name))
        return name

    def quantize_dequantize(tensor, scale, zero):
        scale_name = constant(f'{tensor}_scale', np.array(scale, np.float32))
        zero_name = constant(f'{tensor}_zero', np.array(zero, np.uint8))
        added.extend([helper.make_node('QuantizeLinear', [tensor, scale_name, zero_name], [f'{tensor}_q']),
                      helper.make_node('DequantizeLinear', [f'{tensor}_q', scale_name, zero_name], [f'{tensor}_dq'])])
        return f'{tensor}_dq'

    for quantized in chosen:
        for tensor in quantized.tensors:
            if tensor not in ranges:
                raise SystemExit(f"{ranges_path}: no calibrated range for activation '{tensor}' "
                                 '(calibrate the probe model of this same config)')
            if tensor not in dequantized:
                scales[tensor], zero = uint8_range(ranges[tensor]['p0.01'], ranges[tensor]['p99.99'])
                dequantized[tensor] = quantize_dequantize(tensor, scales[tensor], zero)
    input_scales = {q.conv.output[0]: scales[q.conv.input[0]] for q in chosen}
    # Every reader of a quantized tensor reads it dequantized, so that the node before it has the
    # QuantizeLinear as its only reader and onnxruntime can fold the pair into int8 operators.
    for node in graph.node:
        for k, name in enumerate(node.input):
            if name in dequantized:
                node.input[k] = dequantized[name]
    for quantized in chosen:
        conv = quantized.conv
        name = conv.output[0]
        weight = numpy_helper.to_array(initializers[conv.input[1]]).astype(np.float32)
        weight_scale = np.maximum(np.abs(weight).reshape(len(weight), -1).max(1), 1e-12) / WEIGHT_MAX
        weights = np.clip(np.round(weight / weight_scale.reshape(-1, 1, 1, 1)), -WEIGHT_MAX, WEIGHT_MAX).astype(np.int8)
        unused.add(conv.input[1])
        added.append(helper.make_node('DequantizeLinear', [constant(f'{name}_w', weights), constant(f'{name}_w_scale', weight_scale.astype(np.float32)),
                                                           constant(f'{name}_w_zero', np.zeros(len(weight), np.int8))], [f'{name}_w_dq'], axis=0))
        conv.input[1] = f'{name}_w_dq'
        if len(conv.input) > 2 and conv.input[2]:
            bias_scale = (input_scales[name] * weight_scale).astype(np.float32)
            bias = np.round(numpy_helper.to_array(initializers[conv.input[2]]) / bias_scale).astype(np.int32)
            unused.add(conv.input[2])
            added.append(helper.make_node('DequantizeLinear', [constant(f'{name}_b', bias), constant(f'{name}_b_scale', bias_scale),
                                                               constant(f'{name}_b_zero', np.zeros(len(weight), np.int32))], [f'{name}_b_dq'], axis=0))
            conv.input[2] = f'{name}_b_dq'
        if quantized.constant_add:
            add = quantized.constant_add
            k = next(k for k, i in enumerate(add.input) if i in initializers)
            values = numpy_helper.to_array(initializers[add.input[k]]).astype(np.float32)
            scale, zero = uint8_range(float(values.min()), float(values.max()))
            stored = np.clip(np.round(values / scale) + zero, 0, 255).astype(np.uint8)
            unused.add(add.input[k])
            added.append(helper.make_node('DequantizeLinear', [constant(f'{add.input[k]}_u8', stored), constant(f'{add.input[k]}_scale', np.array(scale, np.float32)),
                                                               constant(f'{add.input[k]}_zero', np.array(zero, np.uint8))], [f'{add.input[k]}_dq']))
            add.input[k] = f'{add.input[k]}_dq'
    kept = [i for i in graph.initializer if i.name not in unused]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    ordered = topological_order(graph, list(graph.node) + added)
    del graph.node[:]
    graph.node.extend(ordered)
    onnx.checker.check_model(model)
    out_model = os.path.splitext(out_config_path)[0] + '.onnx'
    onnx.save(model, out_model)
    total = sum(1 for n in graph.node if n.op_type == 'Conv')
    json.dump({**config, 'model': os.path.basename(out_model),
               'description': f'{config["description"]}; int8 (models/quantize.py)'}, open(out_config_path, 'w'), indent=2)
    if card_path:
        card = json.load(open(card_path))
        card['int8'] = {'model': os.path.basename(out_model), 'from': os.path.basename(model_path),
                        'convolutionsQuantized': len(chosen), 'convolutions': total,
                        'weights': 'int8 in 7 bits (reduce range, -63..63), symmetric, per output channel',
                        'activations': 'uint8 per tensor, calibrated 0.01st-99.99th percentile',
                        'calibration': ranges.get('__calibration__')}
        json.dump(card, open(card_path, 'w'), indent=2)
    print(f'wrote {out_model} ({len(chosen)} of {total} convolutions int8) and {out_config_path}')


def topological_order(graph, nodes):
    available = {i.name for i in graph.input} | {i.name for i in graph.initializer} | {''}
    ordered = []
    while nodes:
        ready = [n for n in nodes if all(i in available for i in n.input)]
        if not ready:
            raise ValueError(f'cannot order the graph: {nodes[0].op_type} {nodes[0].name} lacks an input')
        for node in ready:
            ordered.append(node)
            available.update(node.output)
        nodes = [n for n in nodes if n not in ready]
    return ordered


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True)
    probe_parser = commands.add_parser('probe')
    probe_parser.add_argument('config')
    probe_parser.add_argument('probe')
    quantize_parser = commands.add_parser('quantize')
    quantize_parser.add_argument('config')
    quantize_parser.add_argument('ranges')
    quantize_parser.add_argument('out_config')
    quantize_parser.add_argument('--card')
    args = parser.parse_args()
    if args.command == 'probe':
        probe(args.config, args.probe)
    else:
        quantize(args.config, args.ranges, args.out_config, args.card)


if __name__ == '__main__':
    main()
