/**
 * The Adaptive Card vocabulary the bot uses (schema 1.5, plus Teams' `CodeBlock`), as types, and
 * the small constructors every card builder shares.
 *
 * Why typed builders and not JSON templates (`adaptivecards-templating`): the cards are made of
 * content Markdown (entry sections, fixes) whose shape varies (paragraphs, numbered steps, code
 * blocks, tables), which a template can only take as pre-built elements anyway; TypeScript checks
 * every element and property at compile time, where a template fails at run time on a misspelt
 * binding; and every word a card says comes from replies/messages.ts, which the messages test
 * guards in TypeScript sources but could not see inside JSON templates. No runtime dependency.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams and Web Chat both render 1.5 (Table, heading style, Action.Execute from 1.4). */
export const ADAPTIVE_CARD_VERSION = '1.5';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly weight?: 'Bolder' | 'Lighter';
  readonly size?: 'Small' | 'Medium' | 'Large';
  readonly isSubtle?: boolean;
  readonly fontType?: 'Monospace';
  readonly style?: 'heading';
  readonly color?: 'Good' | 'Attention' | 'Warning' | 'Accent';
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

/** Teams' code block; hosts that do not know it show the monospace TextBlock of `fallback`. */
export interface CodeBlock {
  readonly type: 'CodeBlock';
  readonly codeSnippet: string;
  readonly language: CodeLanguage;
  readonly fallback: TextBlock;
}

/** The languages the bot's content uses, spelt as Teams' CodeBlock names them. */
export type CodeLanguage = 'PowerShell' | 'PlainText';

export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export interface TableCell {
  readonly type: 'TableCell';
  readonly items: readonly CardElement[];
}

export interface TableRow {
  readonly type: 'TableRow';
  readonly cells: readonly TableCell[];
}

export interface Table {
  readonly type: 'Table';
  readonly columns: readonly { readonly width: number }[];
  readonly rows: readonly TableRow[];
  readonly firstRowAsHeader: boolean;
  readonly gridStyle?: 'accent' | 'default';
  /** Hosts before 1.5 show this instead (the rows as lines). */
  readonly fallback: CardElement;
}

export interface ActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly CardAction[];
}

/** A text box; Action.Execute and Action.Submit send its value under its id. */
export interface InputText {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly placeholder?: string;
  readonly label?: string;
  readonly isMultiline?: boolean;
  readonly maxLength?: number;
}

export type CardElement = TextBlock | CodeBlock | Container | FactSet | Table | ActionSet | InputText;

/** What a Submit sends: the button's value, and for Teams the messageBack that carries it as text. */
export interface SubmitData {
  readonly [key: string]: unknown;
  readonly text: string;
  readonly msteams: {
    readonly type: 'messageBack';
    readonly text: string;
    readonly displayText: string;
    readonly value: Readonly<Record<string, unknown>>;
  };
}

export interface SubmitAction {
  readonly type: 'Action.Submit';
  readonly title: string;
  readonly data: SubmitData;
}

export interface ExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Hosts without Universal Actions send the same data as a message. */
  readonly fallback: SubmitAction;
}

export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export type CardAction = SubmitAction | ExecuteAction | OpenUrlAction;

/** A Teams mention inside a card: the `<at>` text in a TextBlock, and this entity in `msteams`. */
export interface MentionEntity {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: typeof ADAPTIVE_CARD_SCHEMA;
  readonly version: typeof ADAPTIVE_CARD_VERSION;
  /** What a host that cannot render the card shows (the reply's text for the channel). */
  readonly fallbackText: string;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardAction[];
  readonly msteams?: { readonly width?: 'Full'; readonly entities?: readonly MentionEntity[] };
}

/**
 * Text for a card (and its fallback text, which hosts show as plain text). Chat Markdown escapes
 * both angle brackets; a card keeps `&lt;` (no tag can start without it) but puts `>` back, which
 * content uses for menu paths ("File > Options"): Teams' native renderers show an entity as it is.
 */
function cardText(text: string): string {
  return text.replace(/&gt;/g, '>');
}

/** A paragraph of Markdown (the subset cards render: bold, italic, links, lists). */
export function textBlock(text: string, extra: Partial<Omit<TextBlock, 'type' | 'text' | 'wrap'>> = {}): TextBlock {
  return { type: 'TextBlock', text: cardText(text), wrap: true, ...extra };
}

/** A heading: level 1 is the card's title. */
export function heading(text: string, level: 1 | 2 | 3 = 2): TextBlock {
  const size = level === 1 ? 'Large' : level === 2 ? 'Medium' : undefined;
  return textBlock(text, { weight: 'Bolder', style: 'heading', ...(size ? { size } : {}), spacing: 'Medium' });
}

/** A code block (PowerShell or plain text), monospace text where the host has no CodeBlock. */
export function codeBlock(code: string, language: CodeLanguage): CodeBlock {
  return {
    type: 'CodeBlock',
    codeSnippet: code,
    language,
    fallback: textBlock(code, { fontType: 'Monospace' }),
  };
}

/** The most actions one row holds (the renderer's default host config refuses more). */
export const MAX_ACTIONS_PER_ROW = 5;

/**
 * The card: its body, its actions and its fallback text, full width in Teams. Up to five actions
 * are the card's own; more (a question with many answers) go in rows of five at the end of the body.
 */
export function adaptiveCard(
  body: readonly CardElement[],
  actions: readonly CardAction[],
  fallbackText: string,
): AdaptiveCard {
  const rows: ActionSet[] = [];
  if (actions.length > MAX_ACTIONS_PER_ROW)
    for (let i = 0; i < actions.length; i += MAX_ACTIONS_PER_ROW)
      rows.push({ type: 'ActionSet', actions: actions.slice(i, i + MAX_ACTIONS_PER_ROW) });
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: cardText(fallbackText),
    body: [...body, ...rows],
    ...(actions.length > 0 && rows.length === 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}
