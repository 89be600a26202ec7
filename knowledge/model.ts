/** The loaded, validated knowledge base. Everything is readonly: content changes only by reload. */

/**
 * The topology vocabulary, written once: the Exchange and Skype for Business / Lync sides the
 * matrix, the entries' applies_to and the troubleshooters' profile questions use, and the clients.
 */
export const EXCHANGE_IDS = ['exchange-2010', 'exchange-2013', 'exchange-2016', 'exchange-online'] as const;
export const SFB_IDS = ['lync-2013', 'sfb-server', 'sfb-online'] as const;
export const CLIENT_IDS = [
  'sfb-windows',
  'lync-2013-client',
  'lync-2010-client',
  'lync-mac-2011',
  'sfb-mac',
  'owa',
] as const;

/** The fields of a user's deployment profile, and the values each accepts (besides `unknown`). */
export const PROFILE_FIELDS = ['exchange', 'sfb', 'client'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export const PROFILE_VALUES: Readonly<Record<ProfileField, readonly string[]>> = {
  exchange: EXCHANGE_IDS,
  sfb: SFB_IDS,
  client: CLIENT_IDS,
};

export interface AppliesTo {
  readonly exchange: readonly string[];
  readonly sfb: readonly string[];
  readonly clients: readonly string[];
}

/** The body of an entry, split by its `##` sections (Markdown, without the heading lines). */
export interface EntrySections {
  readonly cause: string;
  readonly fix: string;
  readonly powershell?: string;
  readonly verify: string;
  readonly links: string;
}

/**
 * Where a statement comes from, resolved at load time (admins see these; users never do):
 * a section of a file in shared/sources, a KB article, or a Microsoft Learn page.
 */
export type SourceRef =
  | { readonly kind: 'source'; readonly file: string; readonly section: string; readonly quote?: string }
  | {
      readonly kind: 'kb';
      readonly number: string;
      readonly title: string;
      readonly url: string;
      readonly section?: string;
    }
  | { readonly kind: 'learn'; readonly url: string; readonly title: string; readonly section?: string };

/** The references of each section of an entry (`section_sources` in its front matter). */
export interface EntrySectionSources {
  readonly cause: readonly SourceRef[];
  readonly fix: readonly SourceRef[];
  readonly powershell?: readonly SourceRef[];
  readonly verify: readonly SourceRef[];
  readonly links: readonly SourceRef[];
}

/** A public Microsoft Learn page the content cites (learn-pages.yaml). */
export interface LearnPage {
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly reference?: string;
}

export interface KnowledgeEntry {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly symptoms: readonly string[];
  readonly errors: readonly string[];
  readonly appliesTo: AppliesTo;
  readonly kb: readonly string[];
  readonly sources: readonly string[];
  readonly related: readonly string[];
  readonly updated: string;
  /** The whole file as written (front matter excluded): the entry's full Markdown. */
  readonly markdown: string;
  readonly sections: EntrySections;
  /** Where each section comes from (for admins: `/kb <id> sources`). */
  readonly sectionSources: EntrySectionSources;
  /** PowerShell code blocks, in order. */
  readonly powershell: readonly string[];
  /** Path relative to the content folder, for messages. */
  readonly file: string;
}

export interface KbArticle {
  readonly number: string;
  readonly title: string;
  readonly summary: string;
  readonly citedBy: readonly string[];
  readonly reference?: string;
  readonly url: string;
}

export interface CmdletRecord {
  readonly name: string;
  readonly documentedIn: readonly string[];
}

export type SupportStatus = 'supported' | 'not-supported' | 'partial';

export interface Topology {
  readonly id: string;
  readonly label: string;
  readonly aliases: readonly string[];
}

export interface MatrixNote {
  readonly id: string;
  readonly text: string;
  readonly source?: string;
}

export interface MatrixRule {
  readonly exchange: readonly string[] | '*';
  readonly sfb: readonly string[] | '*';
  readonly status: SupportStatus;
  readonly notes: readonly string[];
  readonly note?: string;
  readonly source: string;
  /** A KB article whose table gives this status (besides the source file). */
  readonly kb?: string;
  /** No source table has this cell: the status is inferred, and a note says so to users. */
  readonly inferred?: true;
}

export interface MatrixFeature {
  readonly id: string;
  readonly label: string;
  readonly entries: readonly string[];
  readonly rules: readonly MatrixRule[];
}

export interface FeatureMatrix {
  readonly exchange: readonly Topology[];
  readonly sfb: readonly Topology[];
  readonly notes: readonly MatrixNote[];
  readonly features: readonly MatrixFeature[];
}

export interface TreeChoice {
  readonly label: string;
  readonly next: string;
  /** Profile values that select this choice automatically. */
  readonly values: readonly string[];
}

interface TreeNodeBase {
  readonly id: string;
  readonly text: string;
  /** 1-based line of the node in its file, for messages. */
  readonly line: number;
}

export interface QuestionNode extends TreeNodeBase {
  readonly kind: 'question';
  readonly profile?: ProfileField;
  readonly choices: readonly TreeChoice[];
}

export interface CheckNode extends TreeNodeBase {
  readonly kind: 'check';
  readonly command?: string;
  readonly choices: readonly TreeChoice[];
}

export interface ResolutionNode extends TreeNodeBase {
  readonly kind: 'resolution';
  readonly entries: readonly string[];
  readonly ifNotFixed?: string;
  /** Where the fix comes from (for admins; never shown to users). */
  readonly sources: readonly SourceRef[];
}

export interface HandoffNode extends TreeNodeBase {
  readonly kind: 'handoff';
}

export type TreeNode = QuestionNode | CheckNode | ResolutionNode | HandoffNode;

export interface Tree {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly triggers: readonly string[];
  readonly entries: readonly string[];
  readonly sources: readonly string[];
  readonly start: string;
  readonly nodes: ReadonlyMap<string, TreeNode>;
  readonly file: string;
}

export interface Synonyms {
  /** Each group lists spellings that mean the same; the first is the canonical form. */
  readonly groups: readonly (readonly string[])[];
}

export interface Knowledge {
  readonly entries: ReadonlyMap<string, KnowledgeEntry>;
  readonly kbArticles: ReadonlyMap<string, KbArticle>;
  /** Microsoft Learn pages cited by address, keyed by URL (always set by loadKnowledge). */
  readonly learnPages?: ReadonlyMap<string, LearnPage>;
  readonly cmdlets: ReadonlyMap<string, CmdletRecord>;
  readonly matrix: FeatureMatrix;
  readonly trees: ReadonlyMap<string, Tree>;
  readonly synonyms: Synonyms;
  /** When this snapshot was loaded. */
  readonly loadedAt: Date;
}

/** One content problem: where and what. Printed as `file:line: message`. */
export interface ContentProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

export function kbUrl(number: string): string {
  return `https://support.microsoft.com/help/${number}`;
}
