/**
 * What a button sends back besides its text. A troubleshooter button names the step it answers
 * (tree, node and choice), so a click on an old card is recognised as old instead of being read
 * as free text, and the answer never depends on re-reading the label.
 */
export interface StepChoice {
  readonly tree: string;
  readonly node: string;
  /** The choice's label, or `fixed` / `not-fixed` at a fix. */
  readonly choice: string;
}

/** The `value` of every button the bot sends: the text it stands for, and the step it answers. */
export interface ButtonValue {
  readonly text: string;
  readonly step?: StepChoice;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads a step from an incoming value, or undefined when it is missing or not well formed. */
export function parseStepChoice(value: unknown): StepChoice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { tree, node, choice } = value as Record<string, unknown>;
  const ok =
    typeof tree === 'string' &&
    ID.test(tree) &&
    tree.length <= 100 &&
    typeof node === 'string' &&
    ID.test(node) &&
    node.length <= 100 &&
    typeof choice === 'string' &&
    choice.length > 0 &&
    choice.length <= 100;
  return ok ? { tree, node, choice } : undefined;
}
