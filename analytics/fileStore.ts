import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseEvent, type AnalyticsEvent } from './events.js';
import { byDay, DAY_NAME, type AnalyticsStore } from './store.js';

const SUFFIX = '.jsonl';
const SALT_FILE = 'salt';

/**
 * Events as JSON lines, one file per UTC day (`2026-12-02.jsonl`) in `dir`. Appends are one
 * `appendFile` per day touched; a torn last line is skipped when read.
 */
export class FileAnalyticsStore implements AnalyticsStore {
  private saltValue: Promise<string> | undefined;

  constructor(
    readonly dir: string,
    readonly where: string = dir,
  ) {}

  async append(events: readonly AnalyticsEvent[]): Promise<void> {
    if (events.length === 0) return;
    await fs.mkdir(this.dir, { recursive: true });
    for (const [day, list] of byDay(events))
      await fs.appendFile(this.fileOf(day), list.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
  }

  async read(from: string, to: string): Promise<AnalyticsEvent[]> {
    const out: AnalyticsEvent[] = [];
    for (const day of await this.days()) {
      if (day < from || day > to) continue;
      out.push(...(await this.readDay(day)));
    }
    return out;
  }

  async removeUser(user: string): Promise<number> {
    let removed = 0;
    for (const day of await this.days()) {
      const events = await this.readDay(day);
      const kept = events.filter((e) => e.user !== user);
      if (kept.length === events.length) continue;
      removed += events.length - kept.length;
      // Write the new day beside the old one, then swap: a crash leaves either the old or the new file.
      const file = this.fileOf(day);
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
      await fs.rename(temporary, file);
    }
    return removed;
  }

  async deleteBefore(firstKept: string): Promise<string[]> {
    const gone = (await this.days()).filter((d) => d < firstKept);
    for (const day of gone) await fs.rm(this.fileOf(day), { force: true });
    return gone;
  }

  salt(): Promise<string> {
    this.saltValue ??= this.readOrMakeSalt();
    return this.saltValue;
  }

  private async readOrMakeSalt(): Promise<string> {
    const file = path.join(this.dir, SALT_FILE);
    try {
      return (await fs.readFile(file, 'utf8')).trim();
    } catch {
      await fs.mkdir(this.dir, { recursive: true });
      const made = randomBytes(24).toString('hex');
      try {
        await fs.writeFile(file, made, { encoding: 'utf8', flag: 'wx', mode: 0o600 });
        return made;
      } catch {
        // Another process made it first: use theirs.
        return (await fs.readFile(file, 'utf8')).trim();
      }
    }
  }

  private async days(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith(SUFFIX))
      .map((n) => n.slice(0, -SUFFIX.length))
      .filter((d) => DAY_NAME.test(d))
      .sort();
  }

  private async readDay(day: string): Promise<AnalyticsEvent[]> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(day), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      const e = parseEvent(line);
      return e ? [e] : [];
    });
  }

  private fileOf(day: string): string {
    return path.join(this.dir, `${day}${SUFFIX}`);
  }
}
