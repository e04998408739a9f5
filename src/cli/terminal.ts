/** What every CLI command shares: usage errors, printing, Ctrl-C, and checked numeric flags. */
export class UsageError extends Error {}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0)) throw new UsageError(`${flag} must be a positive number, got '${text}'`);
  return value;
}
