import path from 'node:path';
import type { SweepPoint } from './notFound.ts';
import type { SearchMode } from './rankCandidates.ts';
import type { EvalReport, QuestionSetResult } from './runEval.ts';

const fixed = (value: number, digits = 3) => value.toFixed(digits);
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function rankingTable(report: EvalReport, set: QuestionSetResult): string[] {
  const header = ['mode', ...report.ks.map((k) => `recall@${k}`), 'MRR', 'p50 ms', 'p95 ms'];
  const rows = report.modes.map((mode) => {
    const result = set.modes[mode]!;
    return [mode, ...report.ks.map((k) => fixed(result.recall[k]!)), fixed(result.mrr), ms(result.latencyMs.p50), ms(result.latencyMs.p95)];
  });
  return table(header, rows);
}

function sweepTable(name: string, modes: SearchMode[], sweeps: Partial<Record<SearchMode, SweepPoint[]>>): string[] {
  const shown = modes.filter((mode) => sweeps[mode]);
  const thresholds = sweeps[shown[0]!]!.map((point) => point.threshold);
  const header = [name, ...shown.flatMap((mode) => [`${mode}: held-out → not found ↑`, `${mode}: answerable → not found ↓`])];
  const rows = thresholds.map((threshold, i) => [
    String(threshold),
    ...shown.flatMap((mode) => [percent(sweeps[mode]![i]!.heldOutNotFound), percent(sweeps[mode]![i]!.answerableNotFound)]),
  ]);
  return table(header, rows);
}

function notFoundSection(report: EvalReport, set: QuestionSetResult): string[] {
  const modes = report.modes.filter((mode) => set.modes[mode]?.notFound);
  if (modes.length === 0) return [];
  const { minCoverage, minSimilarity } = report.thresholds;
  const lines = [
    '',
    `"Not found" with minCoverage ${minCoverage} and minSimilarity ${minSimilarity} (${set.heldOut} questions about held-out articles, ${set.answerable} answerable):`,
    '',
    ...table(
      ['mode', 'held-out → not found (want high)', 'answerable → not found (want low)'],
      modes.map((mode) => {
        const notFound = set.modes[mode]!.notFound!;
        return [mode, percent(notFound.heldOutNotFound), percent(notFound.answerableNotFound)];
      }),
    ),
    '',
    `Coverage sweep (minSimilarity kept at ${minSimilarity}):`,
    '',
    ...sweepTable('minCoverage', modes, Object.fromEntries(modes.map((mode) => [mode, set.modes[mode]!.notFound!.coverageSweep]))),
  ];
  const withVectors = modes.filter((mode) => set.modes[mode]!.notFound!.similaritySweep);
  if (withVectors.length > 0) {
    lines.push(
      '',
      `Similarity sweep (minCoverage kept at ${minCoverage}):`,
      '',
      ...sweepTable('minSimilarity', withVectors, Object.fromEntries(withVectors.map((mode) => [mode, set.modes[mode]!.notFound!.similaritySweep!]))),
    );
  }
  return lines;
}

/** The report as Markdown, ready to paste into the README. */
export function renderReport(report: EvalReport, notes: string[] = []): string {
  const { index } = report;
  const lines = [
    `# Retrieval eval: ${path.basename(report.dataset)}`,
    '',
    `- Index: ${index.articles} articles, ${index.paragraphs} paragraphs (one Article each) → ${index.chunks} chunks, built in ${index.seconds.toFixed(1)} s.`,
    `- Model: ${report.model ? `${report.model.id} (${report.model.dimension} dimensions)` : 'none (lexical only)'}; modes: ${report.modes.join(', ')}.`,
    ...(index.heldOutTitles.length > 0 ? [`- Held out (not indexed): ${index.heldOutTitles.join(', ')}.`] : []),
    ...(index.emptyParagraphs.length > 0 ? [`- Left empty by cleaning (not indexed): ${index.emptyParagraphs.join(', ')}.`] : []),
    ...notes.map((note) => `- ${note}`),
    `- A question counts at rank k when one of the first k passages (chunks of one paragraph merged as the bot merges them, ` +
      `a paragraph counted once) is its paragraph; MRR is over the ${report.depth} candidates per ranking (beyond: 0). ` +
      'Latency: one question, retrieval without highlights (embedding, search, fusion, chunk reads, merging, coverage; dense only ' +
      'also runs the lexical search, whose term weights coverage needs), after a warm-up.',
  ];
  for (const set of report.questionSets) {
    lines.push(
      '',
      `## Questions: ${path.basename(set.file)} (${set.answerable} answerable${set.heldOut > 0 ? `, ${set.heldOut} about held-out articles` : ''})`,
      '',
      ...rankingTable(report, set),
      ...notFoundSection(report, set),
    );
  }
  return `${lines.join('\n')}\n`;
}
