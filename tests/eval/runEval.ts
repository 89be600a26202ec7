/**
 * `npm run eval`: matching quality on the shared dev set, the KB symptom set and our own set of
 * real user questions, per topic, side by side with a plain fuse.js baseline.
 */
import path from 'node:path';
import fs from 'node:fs';
import { PROJECT_ROOT } from '../../bot/config.js';
import { loadSearchFromEnv } from '../../tools/searchCli.js';
import { evaluate, fuseBaseline, pct, readQuestions, type Figures, type Matcher } from './evalCore.js';

const SETS = [
  { name: 'dev-questions', file: path.resolve(PROJECT_ROOT, '..', 'shared', 'eval', 'dev-questions.jsonl') },
  { name: 'kb-symptoms', file: path.resolve(PROJECT_ROOT, '..', 'shared', 'eval', 'kb-symptoms.jsonl') },
  { name: 'real-questions', file: path.join(PROJECT_ROOT, 'tests', 'fixtures', 'eval', 'real-questions.jsonl') },
];

function row(label: string, f: Figures): string {
  return `${label.padEnd(16)} n=${String(f.total).padStart(3)}  top1 ${pct(f.top1, f.inDomain)}  top3 ${pct(f.top3, f.inDomain)}  ood-rejected ${pct(f.rejected, f.outOfDomain)}  confidently-wrong ${pct(f.confidentlyWrong, f.total)}`;
}

// One load serves both matchers, so they are compared on the same content.
const { knowledge, index } = loadSearchFromEnv();
const ours: Matcher = (q) => {
  const r = index.search(q);
  return { decision: r.decision, texts: r.hits.map((h) => h.entry.markdown) };
};
const baseline = fuseBaseline(knowledge);
const verbose = process.argv.includes('--verbose');

for (const set of SETS) {
  if (!fs.existsSync(set.file)) {
    console.log(`\n## ${set.name}: missing (${set.file})`);
    continue;
  }
  const questions = readQuestions(set.file);
  const a = evaluate(questions, ours);
  const b = evaluate(questions, baseline);
  console.log(`\n## ${set.name} (${questions.length} questions)`);
  console.log(row('ours', a.overall));
  console.log(row('fuse baseline', b.overall));
  console.log('per topic (ours):');
  for (const [topic, f] of a.byTopic) console.log(`  ${row(topic, f)}`);
  if (verbose) for (const f of a.failures) console.log(`    miss ${f}`);
}
