/**
 * Opens an ONNX model with onnxruntime-node, on the CPU unless CUDA is asked for, with errors that
 * name the file and what is wrong with it (missing, not ONNX, CUDA provider not installed).
 */
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

export type ExecutionProvider = 'cpu' | 'cuda';

export async function openOnnxModel(
  path: string,
  executionProvider: ExecutionProvider = 'cpu',
  options: { readonly threads?: number } = {},
): Promise<ort.InferenceSession> {
  if (!existsSync(path)) throw new Error(`model file not found: ${path}`);
  try {
    return await ort.InferenceSession.create(path, {
      executionProviders: [executionProvider],
      ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    if (executionProvider === 'cuda')
      throw new Error(`cannot open ${path} on CUDA (is onnxruntime-node's CUDA build installed?): ${reason}`);
    throw new Error(`${path} is not a loadable ONNX model: ${reason}`);
  }
}
