/**
 * Node loggers with ROS 2 severities. Lines look like rcutils' default format:
 * `[INFO] [1700000000.123456789] [ns.node]: message`, written to stderr.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogRecord {
  readonly level: LogLevel;
  readonly name: string;
  readonly message: string;
  readonly stampNs: bigint;
}

export type LogSink = (record: LogRecord) => void;

function formatStamp(stampNs: bigint): string {
  const sec = stampNs / 1_000_000_000n;
  const nsec = (stampNs % 1_000_000_000n).toString().padStart(9, '0');
  return `${sec}.${nsec}`;
}

export const stderrSink: LogSink = (record) => {
  process.stderr.write(
    `[${record.level.toUpperCase()}] [${formatStamp(record.stampNs)}] [${record.name}]: ${record.message}\n`,
  );
};

export class Logger {
  #level: LogLevel;

  constructor(
    readonly name: string,
    level: LogLevel,
    private readonly sinks: readonly LogSink[],
    private readonly stampNs: () => bigint,
  ) {
    this.#level = level;
  }

  get level(): LogLevel {
    return this.#level;
  }

  setLoggerLevel(level: LogLevel): void {
    this.#level = level;
  }

  isEnabledFor(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(this.#level);
  }

  log(level: LogLevel, message: string): void {
    if (!this.isEnabledFor(level)) return;
    const record = { level, name: this.name, message, stampNs: this.stampNs() };
    for (const sink of this.sinks) sink(record);
  }

  debug(message: string): void {
    this.log('debug', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
  fatal(message: string): void {
    this.log('fatal', message);
  }
}
