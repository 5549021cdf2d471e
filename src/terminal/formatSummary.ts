import type { ReindexReport } from '../app/app.ts';

/** How many skipped files the summary names; the rest are counted (the log names every one). */
const SKIPPED_NAMED = 3;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "2 files skipped: a.pdf (unsupported file type…), b.md (…)." with at most a few named. */
function skippedLine(skipped: ReindexReport['skipped']): string {
  const named = skipped.slice(0, SKIPPED_NAMED).map(({ file, reason }) => `${file} (${reason.replace(/\.$/, '')})`);
  const rest = skipped.length - named.length;
  return `${plural(skipped.length, 'file', 'files')} skipped: ${named.join(', ')}${rest > 0 ? `, and ${rest} more (the log names each)` : ''}.`;
}

/** "1 added, 0 updated, 0 removed, 2 unchanged", with the articles embedded after a model failure only when there are some. */
function articleCounts({ articles }: ReindexReport): string {
  const embedded = articles.embedded.length > 0 ? `${articles.embedded.length} embedded after an earlier model failure, ` : '';
  return (
    `${articles.added.length} added, ${articles.updated.length} updated, ${articles.removed.length} removed, ` +
    `${embedded}${articles.unchanged} unchanged (${articles.total} in all)`
  );
}

/** The few lines `npm run index` (and the chat's /reindex) ends with. */
export function formatSummary(summary: ReindexReport, indexWhere: string, modelProblem: string | undefined): string {
  const { chunks } = summary;
  const lines = [
    `${summary.full ? 'Built' : 'Updated'} the index in ${indexWhere} in ${summary.seconds.toFixed(1)} s.`,
    `Articles: ${articleCounts(summary)}.`,
    `Chunks: ${chunks.added} added, ${chunks.removed} removed, ${chunks.total} in all.`,
  ];
  if (summary.skipped.length > 0) lines.push(skippedLine(summary.skipped));
  if (chunks.withoutVectors > 0) {
    lines.push(
      `${chunks.withoutVectors} chunks have no vectors yet (found by keyword search only); they are embedded by the next reindex once the model loads.`,
    );
  }
  if (modelProblem) lines.push(`Model: ${modelProblem}`);
  return lines.join('\n');
}
