/**
 * How a finding should be shown: `ok` a check that passed, `info` context or a next step,
 * `warn` something that works but is fragile or unusual, `fail` something that breaks the integration.
 */
export type FindingLevel = 'ok' | 'warn' | 'fail' | 'info';

/** One line of a diagnostic report, in plain words. The lead renders these; checks never throw them. */
export interface Finding {
  level: FindingLevel;
  text: string;
}

/** True when any finding is a failure. */
export function hasFailure(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === 'fail');
}
