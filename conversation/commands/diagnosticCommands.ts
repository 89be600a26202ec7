import { weekStatsReply } from './weekStats.js';
import type { CommandContext, CommandOutcome, CommandSpec } from './commandSpec.js';
import type { Finding } from '../../diagnostics/finding.js';
import { reply } from '../../replies/reply.js';
import { findingsMarkdown } from '../../replies/findingsCard.js';
import { toMsaAddress } from '../../diagnostics/msaAddress.js';
import { checkUrl } from '../../diagnostics/checkUrl.js';
import { checkSipAddress } from '../../diagnostics/sipAddress.js';
import { probeMetadata } from '../../diagnostics/probeMetadata.js';
import { probeAutodiscover } from '../../diagnostics/probeAutodiscover.js';
import { quoteUserCode, quoteUserText, userCodeBlock } from '../../replies/quote.js';
import { formatProblem } from '../../knowledge/model.js';
import { messages } from '../../replies/messages.js';

/** `/msa <email>`: the Microsoft-account address a Lync user types to add a Skype contact. */
export const msaCommand: CommandSpec = {
  name: 'msa',
  summary: messages.commandHelp.msa.summary,
  usage: '/msa <email>',
  args: [{ name: 'email', description: messages.commandHelp.msa.args.email, required: true }],
  requiresAdmin: false,
  examples: ['/msa bob@contoso.com'],
  run: (_ctx, args) => {
    const r = toMsaAddress(args.email ?? '');
    // The reason, address and explanation all repeat what the user typed: quoted, never live Markdown.
    if (!r.ok) return { kind: 'reply', replies: [reply(messages.diagnostics.msaUsage(quoteUserText(r.reason, 400)))] };
    const address = messages.diagnostics.msaAddress(quoteUserText(r.address, 300), quoteUserText(r.explanation, 800));
    return { kind: 'reply', replies: [reply(address)] };
  },
};

/** `/check-url <url>`: offline check of an autodiscover or OAuth metadata URL. */
export const checkUrlCommand: CommandSpec = {
  name: 'check-url',
  aliases: ['checkurl', 'url'],
  summary: messages.commandHelp['check-url'].summary,
  usage: '/check-url <url>',
  args: [{ name: 'url', description: messages.commandHelp['check-url'].args.url, required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/check-url https://autodiscover.contoso.com/autodiscover/autodiscover.xml'],
  run: (_ctx, args) => {
    const r = checkUrl(args.url ?? '');
    const corrected = r.corrected ? userCodeBlock(r.corrected, 'powershell') : undefined;
    return {
      kind: 'reply',
      replies: [reply(messages.diagnostics.urlCheck(r.kind, findingsMarkdown(r.findings), corrected))],
    };
  },
};

/** `/sip <address>`: check a SIP address or SIP: proxy address and say how to add it. */
export const sipCommand: CommandSpec = {
  name: 'sip',
  summary: messages.commandHelp.sip.summary,
  usage: '/sip <address>',
  args: [{ name: 'address', description: messages.commandHelp.sip.args.address, required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/sip SIP:bob@contoso.com'],
  run: (_ctx, args) => {
    const r = checkSipAddress(args.address ?? '');
    return { kind: 'reply', replies: [reply(messages.diagnostics.sipCheck(findingsMarkdown(r.findings)))] };
  },
};

/** The probes' safety settings from configuration, plus injected DNS/fetch in tests. */
function probeOptions(
  ctx: CommandContext,
): { allowPrivate: boolean; timeoutMs: number } & NonNullable<CommandContext['services']['probes']> {
  return {
    allowPrivate: ctx.services.config.probeAllowPrivate,
    timeoutMs: ctx.services.config.probeTimeoutMs,
    ...ctx.services.probes,
  };
}

/** One probe report as a reply: the summary, then each finding. */
function probeReply(title: string, report: { summary: string; findings: readonly Finding[] }): CommandOutcome {
  return {
    kind: 'reply',
    replies: [reply(messages.diagnostics.probe(title, report.summary, findingsMarkdown(report.findings)))],
  };
}

/** `/probe-metadata <url>`: fetch an OAuth metadata document safely and report on it. */
export const probeMetadataCommand: CommandSpec = {
  name: 'probe-metadata',
  summary: messages.commandHelp['probe-metadata'].summary,
  usage: '/probe-metadata <url>',
  args: [
    {
      name: 'url',
      description: messages.commandHelp['probe-metadata'].args.url,
      required: true,
    },
  ],
  requiresAdmin: true,
  examples: ['/probe-metadata https://autodiscover.contoso.com/autodiscover/metadata/json/1'],
  run: async (ctx, args) =>
    probeReply(messages.diagnostics.metadataProbe, await probeMetadata(args.url ?? '', probeOptions(ctx))),
};

/** `/probe-autodiscover <domain>`: DNS and HTTPS checks of a domain's autodiscover. */
export const probeAutodiscoverCommand: CommandSpec = {
  name: 'probe-autodiscover',
  summary: messages.commandHelp['probe-autodiscover'].summary,
  usage: '/probe-autodiscover <domain>',
  args: [{ name: 'domain', description: messages.commandHelp['probe-autodiscover'].args.domain, required: true }],
  requiresAdmin: true,
  examples: ['/probe-autodiscover contoso.com'],
  run: async (ctx, args) =>
    probeReply(messages.diagnostics.autodiscoverProbe, await probeAutodiscover(args.domain ?? '', probeOptions(ctx))),
};

/** `/stats`: what is loaded and how long the bot has run. */
export const statsCommand: CommandSpec = {
  name: 'stats',
  summary: messages.commandHelp.stats.summary,
  usage: '/stats',
  args: [],
  requiresAdmin: true,
  run: async (ctx) => {
    const c = ctx.services.knowledge.counts();
    const up = Math.round((Date.now() - ctx.services.startedAt.getTime()) / 1000);
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const loadedAt = ctx.services.knowledge.current.loadedAt.toISOString();
    const stats = messages.admin.stats({ ...c, loadedAt, uptimeSeconds: up, rssMiB: rss });
    return { kind: 'reply', replies: [reply(stats), await weekStatsReply(ctx.services)] };
  },
};

/** `/reload`: reload content atomically; invalid content keeps the old content serving. */
export const reloadCommand: CommandSpec = {
  name: 'reload',
  summary: messages.commandHelp.reload.summary,
  usage: '/reload',
  args: [],
  requiresAdmin: true,
  run: (ctx) => {
    const r = ctx.services.knowledge.reload();
    if (!r.ok) {
      const shown = r.problems.slice(0, 15).map((p) => `- \`${quoteUserCode(formatProblem(p), 200)}\``);
      return { kind: 'reply', replies: [reply(messages.admin.reloadRefused(r.problems.length, shown))] };
    }
    return { kind: 'reply', replies: [reply(messages.admin.reloaded(ctx.services.knowledge.counts()))] };
  },
};
