import type { ReindexSummary } from '../app/app.ts';

/** The few lines `npm run index` ends with. */
export function formatSummary(summary: ReindexSummary, indexDir: string, modelProblem: string | undefined): string {
  const { articles, chunks } = summary;
  const lines = [
    `${summary.full ? 'Built' : 'Updated'} the index in ${indexDir} in ${summary.seconds.toFixed(1)} s.`,
    `Articles: ${articles.added.length} added, ${articles.updated.length} updated, ${articles.removed.length} removed, ` +
      `${articles.embedded.length} embedded after an earlier model failure, ${articles.unchanged} unchanged (${articles.total} in all).`,
    `Chunks: ${chunks.added} added, ${chunks.removed} removed, ${chunks.total} in all.`,
  ];
  if (chunks.withoutVectors > 0) {
    lines.push(
      `${chunks.withoutVectors} chunks have no vectors yet (found by keyword search only); they are embedded by the next reindex once the model loads.`,
    );
  }
  if (modelProblem) lines.push(`Model: ${modelProblem}`);
  return lines.join('\n');
}
