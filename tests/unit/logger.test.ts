import assert from 'node:assert/strict';
import { createLogger, type Logger, type LogLevel } from '../../core/logger.js';

function sinkFor(level: LogLevel): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger(level, (line) => lines.push(line)), lines };
}

function parse(line: string | undefined): Record<string, unknown> {
  assert.ok(line !== undefined, 'no line was written');
  const value: unknown = JSON.parse(line);
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `not a JSON object: ${line}`);
  return { ...value };
}

function logAll(logger: Logger): void {
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level and msg', () => {
    const { logger, lines } = sinkFor('debug');
    const before = Date.now();
    logger.info('started', { port: 3978 });
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]?.includes('\n'), 'a record is a single line');
    const record = parse(lines[0]);
    assert.equal(record.level, 'info');
    assert.equal(record.msg, 'started');
    assert.equal(record.port, 3978);
    assert.equal(typeof record.time, 'string');
    const time = Date.parse(String(record.time));
    assert.ok(time >= before - 1000 && time <= Date.now() + 1000, `time ${String(record.time)} is now`);
    assert.match(String(record.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('keeps a multi-line message on one line', () => {
    const { logger, lines } = sinkFor('info');
    logger.warn('first\nsecond', { detail: 'a\nb' });
    assert.equal(lines.length, 1);
    assert.equal(parse(lines[0]).msg, 'first\nsecond');
  });

  const expectedLevels: Record<LogLevel, string[]> = {
    debug: ['debug', 'info', 'warn', 'error'],
    info: ['info', 'warn', 'error'],
    warn: ['warn', 'error'],
    error: ['error'],
    silent: [],
  };
  for (const [level, expected] of Object.entries(expectedLevels) as [LogLevel, string[]][]) {
    it(`at level ${level} writes ${expected.length === 0 ? 'nothing' : expected.join(', ')}`, () => {
      const { logger, lines } = sinkFor(level);
      logAll(logger);
      assert.deepEqual(
        lines.map((l) => parse(l).level),
        expected,
      );
    });
  }

  it('adds child fields to every line, and children of children add theirs', () => {
    const { logger, lines } = sinkFor('info');
    const child = logger.child({ conversationId: 'c-1', channel: 'msteams' });
    const grandchild = child.child({ turn: 7 });
    child.info('from child');
    grandchild.warn('from grandchild', { extra: true });
    logger.info('from parent');
    assert.deepEqual(
      lines.map((l) => {
        const record = parse(l);
        delete record.time;
        return record;
      }),
      [
        { level: 'info', msg: 'from child', conversationId: 'c-1', channel: 'msteams' },
        { level: 'warn', msg: 'from grandchild', conversationId: 'c-1', channel: 'msteams', turn: 7, extra: true },
        { level: 'info', msg: 'from parent' },
      ],
    );
  });

  it('lets line fields override child fields', () => {
    const { logger, lines } = sinkFor('info');
    logger.child({ conversationId: 'base' }).info('x', { conversationId: 'override' });
    assert.equal(parse(lines[0]).conversationId, 'override');
  });

  it('keeps the level of its parent in children', () => {
    const { logger, lines } = sinkFor('warn');
    const child = logger.child({ a: 1 });
    child.info('dropped');
    child.error('kept');
    assert.deepEqual(
      lines.map((l) => parse(l).msg),
      ['kept'],
    );
  });

  it('serialises an Error field with name, message and stack', () => {
    const { logger, lines } = sinkFor('info');
    const err = new TypeError('bad input');
    logger.error('turn failed', { error: err });
    const record = parse(lines[0]);
    const error = record.error;
    assert.ok(error !== null && typeof error === 'object', JSON.stringify(record));
    assert.deepEqual({ ...error }, { name: 'TypeError', message: 'bad input', stack: err.stack });
    assert.match(String(err.stack), /bad input/);
  });

  it('serialises nested Errors, e.g. a cause inside another field', () => {
    const { logger, lines } = sinkFor('info');
    const cause = new RangeError('inner');
    logger.error('outer', { context: { cause, attempt: 2 } });
    const line = lines[0] ?? '';
    assert.ok(line.includes('"name":"RangeError"'), line);
    assert.ok(line.includes('"message":"inner"'), line);
    assert.ok(line.includes('"attempt":2'), line);
  });

  it('writes to stdout by default', () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array): boolean => {
      writes.push(String(chunk));
      return true;
    };
    try {
      createLogger('info').info('to stdout');
    } finally {
      process.stdout.write = original;
    }
    assert.equal(writes.length, 1);
    assert.ok(writes[0]?.endsWith('\n'));
    assert.equal(parse(writes[0]?.trimEnd()).msg, 'to stdout');
  });
});
