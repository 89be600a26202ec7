/**
 * `npm run eval`: matching and decision quality on the fitting sets (shared dev questions, shared KB
 * symptoms, our fit questions) and on the held-out real-question set, overall and per topic, side by
 * side with a plain fuse.js baseline; the calibration table of the decision's confidence (predicted
 * vs observed per band); and the goals checked on the real questions.
 *
 *   npm run eval               # everything
 *   npm run eval -- --verbose  # and every miss
 */
import fs from 'node:fs';
import { loadSearchFromEnv } from '../../tools/searchCli.js';
import { EVAL_SETS, calibration, formatCalibration, formatCostTable } from '../../tools/evalData.js';
import { COSTS, DECISION_MODEL } from '../../knowledge/search/decision.js';
import { evaluate, fuseBaseline, pct, readQuestions, type Figures, type Matcher, type Outcome } from './evalCore.js';

function row(label: string, f: Figures): string {
  return (
    `${label.padEnd(16)} n=${String(f.total).padStart(3)}  top1 ${pct(f.top1, f.inDomain)}  top3 ${pct(f.top3, f.inDomain)}` +
    `  ood-rejected ${pct(f.rejected, f.outOfDomain)}  confidently-wrong ${pct(f.confidentlyWrong, f.total)}`
  );
}

function rankingRow(label: string, f: Figures): string {
  return `${label.padEnd(16)} ranking alone: top1 ${pct(f.rankTop1, f.inDomain)}  top3 ${pct(f.rankTop3, f.inDomain)}; told out of scope ${f.outOfScope} of ${f.outOfDomain} out-of-domain`;
}

/** The goals on the real questions, each with its figure. */
function goals(f: Figures, worstGap: number): string[] {
  const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  const checks: [string, boolean, string][] = [
    ['top-1 >= 80%', share(f.top1, f.inDomain) >= 0.8, pct(f.top1, f.inDomain)],
    ['top-3 >= 92%', share(f.top3, f.inDomain) >= 0.92, pct(f.top3, f.inDomain)],
    ['out-of-domain rejected >= 90%', share(f.rejected, f.outOfDomain) >= 0.9, pct(f.rejected, f.outOfDomain)],
    ['confidently wrong <= 3%', share(f.confidentlyWrong, f.total) <= 0.03, pct(f.confidentlyWrong, f.total)],
    ['calibration within 10 points per band', worstGap <= 0.1, `${(100 * worstGap).toFixed(1)} points`],
  ];
  return checks.map(([goal, met, value]) => `  ${met ? 'met    ' : 'NOT MET'}  ${goal.padEnd(40)} ${value.trim()}`);
}

function calibrationOf(outcomes: readonly Outcome[]): { lines: string[]; worst: number } {
  const bands = calibration(outcomes.map((o) => ({ p: o.ranked.p1 ?? 0, outcome: o.rankTop1 })));
  const worst = bands.filter((b) => b.n >= 5).reduce((m, b) => Math.max(m, Math.abs(b.observed - b.predicted)), 0);
  return { lines: formatCalibration(bands), worst };
}

// One load serves both matchers, so they are compared on the same content.
const { knowledge, index } = loadSearchFromEnv();
const ours: Matcher = (q) => {
  const r = index.search(q);
  return {
    decision: r.decision,
    texts: r.hits.map((h) => h.entry.markdown),
    p1: r.explanation.p1,
    ...(r.outOfScope ? { outOfScope: r.outOfScope.category } : {}),
  };
};
const baseline = fuseBaseline(knowledge);
const verbose = process.argv.includes('--verbose');

console.log(
  `decision model: fitted on ${JSON.stringify(DECISION_MODEL.fittedOn.sets)}; answer when p1 >= ${DECISION_MODEL.cutoffs.answer}, did-you-mean when p3 >= ${DECISION_MODEL.cutoffs.suggest}`,
);
console.log(
  `recalibration: p1 ${DECISION_MODEL.calibration.top1.kind}, p3 ${DECISION_MODEL.calibration.top3.kind}; posts out of scope are stated at p1 ${DECISION_MODEL.calibration.outOfScope.p1}`,
);
console.log(
  `stated cost per post: answer right ${COSTS.answerRight}, answer wrong ${COSTS.answerWrong}, did-you-mean right ${COSTS.clarifyRight}, wrong ${COSTS.clarifyWrong}, none to an answerable post ${COSTS.noneAnswerable}, to an unanswerable in-domain post ${COSTS.noneUnanswerable}, to an out-of-domain post ${COSTS.noneOutOfDomain}`,
);
for (const set of EVAL_SETS) {
  if (!fs.existsSync(set.file)) {
    console.log(`\n## ${set.name}: missing (${set.file})`);
    continue;
  }
  const questions = readQuestions(set.file);
  const a = evaluate(questions, ours);
  const b = evaluate(questions, baseline);
  const role = set.role === 'held-out' ? 'held out: never used to fit or tune' : 'fitting set';
  console.log(`\n## ${set.name} (${questions.length} questions; ${role})`);
  console.log(row('ours', a.overall));
  console.log(row('fuse baseline', b.overall));
  console.log(rankingRow('ours', a.overall));
  console.log('per topic (ours | fuse baseline):');
  for (const [topic, f] of a.byTopic) {
    const g = b.byTopic.get(topic);
    const theirs = g
      ? ` | top1 ${pct(g.top1, g.inDomain)} rej ${pct(g.rejected, g.outOfDomain)} cw ${pct(g.confidentlyWrong, g.total)}`
      : '';
    console.log(`  ${row(topic, f)}${theirs}`);
  }
  const cal = calibrationOf(a.outcomes);
  console.log('calibration of p1 = P(the best entry is right), predicted vs observed per band:');
  for (const line of cal.lines) console.log(line);
  console.log('stated cost of the decisions (ours):');
  const costRows = a.outcomes.map((o) => ({
    decision: o.ranked.decision,
    truth: { inDomain: !o.ood, top1: o.rankTop1, top3: o.rankTop3 },
  }));
  for (const line of formatCostTable(costRows)) console.log(line);
  if (set.role === 'held-out') {
    // Like with like against figures taken before the set grew: its first 108 questions alone.
    const original = questions.filter((q) => (q as { batch?: number }).batch === undefined);
    if (original.length < questions.length) {
      console.log(row(`ours, first ${original.length}`, evaluate(original, ours).overall));
      console.log(row(`fuse, first ${original.length}`, evaluate(original, baseline).overall));
    }
    console.log('goals (issue 15) on this set:');
    for (const line of goals(a.overall, cal.worst)) console.log(line);
  }
  if (verbose) for (const f of a.failures) console.log(`    miss ${f}`);
}
