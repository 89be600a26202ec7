/** Log levels in increasing severity; `silent` turns logging off. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Fields attached to one log line; values must be JSON-serialisable. */
export type LogFields = Record<string, unknown>;

/** Structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Where log lines go; defaults to stdout, tests pass an array. */
export type LogSink = (line: string) => void;

/**
 * Creates a JSON-lines logger.
 *
 * @param level - lines below this severity are dropped.
 * @param sink - receives each serialised line (without newline).
 */
export function createLogger(
  level: LogLevel,
  sink: LogSink = (line) => process.stdout.write(`${line}\n`),
  base: LogFields = {},
): Logger {
  const write = (lineLevel: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void => {
    if (SEVERITY[lineLevel] < SEVERITY[level]) return;
    // Our own keys last, so fields cannot overwrite them.
    const record = { ...base, ...fields, time: new Date().toISOString(), level: lineLevel, msg };
    let line: string;
    try {
      line = JSON.stringify(record, errorReplacer);
    } catch {
      // Circular or unserialisable fields must never stop the line (or the turn-error handler).
      line = JSON.stringify({
        time: record.time,
        level: lineLevel,
        msg,
        fieldsError: 'fields could not be serialised',
      });
    }
    sink(line);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger(level, sink, { ...base, ...fields }),
  };
}

// Errors serialise to {} by default; keep what an operator needs.
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause !== undefined ? { cause: value.cause } : {}),
    };
  }
  return value;
}
