import type { ColdStartRow } from './sections/coldStart.ts';
import type { GrowthResult } from './sections/growth.ts';
import type { IndexingResult } from './sections/indexing.ts';
import type { LibrariesResult } from './sections/libraries.ts';
import type { MemoryResult } from './sections/memory.ts';
import type { QuestionPathResult, QuestionTimings } from './sections/questionPath.ts';
import type { StoreRow, StoresResult } from './sections/stores.ts';
import type { Summary } from './stats.ts';

export const REPORT_FORMAT = 1;

export interface Skipped {
  skipped: string;
}

export interface TargetCheck {
  name: string;
  value: number;
  target: string;
  met: boolean;
}

/** Everything `npm run bench` measured; written as JSON with --json and printed as Markdown tables. */
export interface BenchReport {
  format: typeof REPORT_FORMAT;
  startedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverage: { start: number[]; end: number[] } };
  /** The model measured, or null when the run used synthetic vectors only. */
  model: { id: string; quantized: boolean; threads: number; batchSize: number; dimension: number } | null;
  settings: { hnsw: { m: number; efConstruction: number; efSearch: number }; chunk: { maxTokens: number; overlapSentences: number } };
  options: { quick: boolean; sections: string[]; sizes: number[]; seed: number; corpus: string };
  questionPath: QuestionPathResult | Skipped;
  /** The same questions against the memory section's large index (synthetic clustered vectors). */
  questionPathLarge: (QuestionTimings & { chunks: number }) | Skipped;
  indexing: IndexingResult | Skipped;
  growth: GrowthResult | Skipped;
  memory: MemoryResult | Skipped;
  coldStart: ColdStartRow[] | Skipped;
  libraries: LibrariesResult | Skipped;
  /** The local store beside the PostgreSQL store (PGlite, and DATABASE_URL's server when set). */
  stores: StoresResult | Skipped;
  targets: TargetCheck[];
}

export function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && 'skipped' in value;
}

const MB = 1024 * 1024;

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function digitsFor(value: number): number {
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
}

/** A figure of a few runs: median and [min–max]. */
export function runs(summary: Summary, unit = '', digits?: number): string {
  const d = digits ?? digitsFor(summary.median);
  const spread = summary.n > 1 ? ` [${fixed(summary.min, d)}–${fixed(summary.max, d)}]` : '';
  return `${fixed(summary.median, d)}${unit}${spread}`;
}

/** A latency over many operations: p50 / p95 / p99. */
export function latency(summary: Summary, digits?: number): string {
  const d = digits ?? digitsFor(summary.median);
  return `${fixed(summary.median, d)} / ${fixed(summary.p95, d)} / ${fixed(summary.p99, d)}`;
}

function megabytes(bytes: number): string {
  return `${fixed(bytes / MB, bytes >= 100 * MB ? 0 : 1)} MB`;
}

function count(value: number): string {
  return value >= 1_000_000 && value % 1_000_000 === 0 ? `${value / 1_000_000}M` : value >= 1000 && value % 1000 === 0 ? `${value / 1000}k` : String(value);
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function questionPathSection(result: QuestionPathResult, large: (QuestionTimings & { chunks: number }) | Skipped): string {
  const stages: Array<[string, (timings: QuestionTimings) => Summary]> = [
    ['query embedding', (timings) => timings.stages.embed],
    ['dense search (HNSW)', (timings) => timings.stages.dense],
    ['lexical search (BM25)', (timings) => timings.stages.lexical],
    ['fusion (RRF)', (timings) => timings.stages.fusion],
    ['chunk reads', (timings) => timings.stages.chunkRead],
    ['rest of the answer (merge, relevance, highlights)', (timings) => timings.stages.rest],
    ['**end to end (App.ask)**', (timings) => timings.endToEnd],
  ];
  const columns: Array<[string, QuestionTimings]> = [[`${count(result.chunks)} chunks, ms p50 / p95 / p99`, result]];
  if (!isSkipped(large)) columns.push([`${count(large.chunks)} chunks, ms p50 / p95 / p99`, large]);
  const ratios = columns.map(([title, timings]) => `${title.split(',')[0]}: **${fixed(timings.ratio, 2)}** (per question ${runs(timings.pairedRatio, '', 2)})`);
  return [
    `### Question path (${result.questions} questions${isSkipped(large) ? '' : `; ${large.questions} at ${count(large.chunks)}`})`,
    '',
    `Vectors at ${count(result.chunks)}: ${result.vectors.fromModel} chunks from the model, ${result.vectors.synthetic} synthetic (${result.vectors.how}).` +
      (isSkipped(large) ? '' : ` At ${count(large.chunks)}: the memory section's index (generated chunks, synthetic clustered vectors; the query vector comes from the model).`),
    '',
    table(
      ['stage', ...columns.map(([title]) => title)],
      stages.map(([name, pick]) => [name, ...columns.map(([, timings]) => latency(pick(timings), 2))]),
    ),
    '',
    `End-to-end / query embedding (p50), target ≤ 1.2 at 10k: ${ratios.join('; ')}.`,
  ].join('\n');
}

function indexingSection(result: IndexingResult): string {
  const pairRow = (pair: { batchSize: number; threads: number; raw: Summary; reindex: Summary; ratio: Summary }) => [
    String(pair.batchSize),
    String(pair.threads),
    runs(pair.raw, '', 1),
    runs(pair.reindex, '', 1),
    runs(pair.ratio, '', 2),
  ];
  const steps = Object.entries(result.steps).map(([name, summary]) => [name, runs(summary, ' ms')]);
  return [
    `### Indexing (${result.chunks} chunks in ${result.articles} articles, ${fixed(result.tokensPerChunk, 0)} tokens per chunk)`,
    '',
    'Chunks per second, median [min–max] of paired runs: a full reindex against the same model called directly (RawOrtEmbedder: same tokenizer, batches and threads, mean pooling in plain JS).',
    '',
    table(['batch', 'threads', 'raw ONNX chunks/s', 'full reindex chunks/s', 'reindex / raw'], [pairRow(result), ...result.sweep.map(pairRow)]),
    '',
    `Where the time goes, ms per run: raw path ${runs(result.split.raw.model, ' ms')} in onnxruntime, ${runs(result.split.raw.outside, ' ms')} outside (tokenizing, pooling); ` +
      `reindex ${runs(result.split.reindex.model, ' ms')} in onnxruntime, ${runs(result.split.reindex.embedderOutsideModel, ' ms')} in the embedder around it (tokenizing, pooling, sentence vectors), ` +
      `${runs(result.split.reindex.outsideEmbedder, ' ms')} outside the embedder (chunking, HNSW, lexical, store, checksums, fsync). ` +
      `Ratio from those medians: ${fixed(result.ratioFromParts, 2)}.`,
    '',
    `Vectors agree with the plain-tokenizer path: lowest cosine ${fixed(result.agreement.minCosine, 6)} over ${result.agreement.passages} passages. ` +
      `Padding computed by the model: ${fixed(result.padding.sortedPerCall * 100, 1)}% of real tokens with each call sorted by length (${fixed(result.padding.unsorted * 100, 1)}% unsorted).`,
    '',
    'Non-model steps on the same chunks, each timed alone:',
    '',
    table(['step', 'ms'], steps),
  ].join('\n');
}

function growthSection(result: GrowthResult): string {
  const rows = result.rows.map((row) => [
    count(row.size),
    row.kind,
    `${fixed(row.build.buildMs / 1000, 1)} s`,
    megabytes(row.build.fileBytes),
    runs(row.measure.loadMs, ' ms'),
    megabytes(row.measure.rssBytes),
    latency(row.measure.queryMs, 3),
    fixed(row.measure.recallAt10, 3),
    runs(row.measure.bruteForceJsMs, ' ms'),
    row.measure.bruteForceNativeMs ? runs(row.measure.bruteForceNativeMs, ' ms') : 'n/a',
    `${fixed(row.speedupJs, 0)}× / ${row.speedupNative === undefined ? 'n/a' : `${fixed(row.speedupNative, 1)}×`}`,
  ]);
  const sweep = result.rows.map((row) => [count(row.size), row.kind, ...row.measure.efSweep.map((point) => `${fixed(point.recallAt10, 3)} @ ${fixed(point.queryMs.median, 2)} ms`)]);
  const efs = result.rows[0]?.measure.efSweep.map((point) => `ef=${point.ef}`) ?? [];
  const store = result.store.map((row) => [
    count(row.size),
    megabytes(row.build.segmentBytes),
    runs(row.measure.manifestMs, ' ms'),
    runs(row.measure.storeOpenMs, ' ms'),
    runs(row.measure.metadataMs, ' ms'),
    row.hnswLoadMs === undefined ? 'n/a' : `${fixed(row.hnswLoadMs, 0)} ms`,
    `${fixed(row.measure.verifyMs, 0)} ms`,
    megabytes(row.measure.rssBytes),
    latency(row.measure.get40Ms, 2),
  ]);
  return [
    `### Growth (${result.dimension} dimensions, M=${result.m}, efConstruction=${result.efConstruction}, efSearch=${result.efSearch})`,
    '',
    `Uniform: ${result.vectors.uniform}. Clustered: ${result.vectors.clustered}. Builds: ${result.builds}.`,
    '',
    table(
      ['chunks', 'vectors', 'build', 'file', 'load', 'memory', 'query ms p50/p95/p99 (k=10)', 'recall@10', 'exact JS scan', 'exact native scan', 'speed-up (JS / native)'],
      rows,
    ),
    '',
    'Recall@10 and p50 query time by efSearch:',
    '',
    table(['chunks', 'vectors', ...efs], sweep),
    '',
    'Chunk store (manifest + locations table + open segments; the checksum pass is what IndexSnapshot adds at open):',
    '',
    table(['chunks', 'segment', 'manifest', 'locations + open', 'metadata total', 'HNSW load', 'sha256 of files', 'memory', '40 chunk reads ms p50/p95/p99'], store),
  ].join('\n');
}

function memorySection(result: MemoryResult): string {
  const row = (name: string, key: keyof MemoryResult['probes'], extra: number | undefined) => [
    name,
    megabytes(result.probes[key].peak.median),
    megabytes(result.probes[key].rss.median),
    extra === undefined ? '' : megabytes(extra),
    runs(result.probes[key].loadMs, ' ms'),
  ];
  return [
    `### Memory (bot with the model and ${result.chunks} chunks; each line a fresh process, median of ${result.runs})`,
    '',
    table(
      ['process', 'peak RSS', 'settled RSS', 'part (RSS − runtime)', 'load'],
      [
        row('runtime (Node, tsx, the bot’s modules)', 'runtime', undefined),
        row('+ model', 'model', result.breakdown.model),
        row('+ HNSW index', 'hnsw', result.breakdown.hnsw),
        row('+ chunk store (manifest, locations)', 'store', result.breakdown.store),
        row('+ lexical index', 'lexical', result.breakdown.lexical),
        row('**bot (all, 3 questions answered)**', 'bot', undefined),
      ],
    ),
    '',
    `Sum of the parts: ${megabytes(result.breakdown.sumOfParts)}; bot peak ${megabytes(result.botPeak)} (target < ${megabytes(result.target)}). ` +
      `Index files: ${Object.entries(result.indexBytes)
        .map(([name, bytes]) => `${name} ${megabytes(bytes)}`)
        .join(', ')}.`,
  ].join('\n');
}

function coldStartSection(rows: ColdStartRow[]): string {
  return [
    '### Cold start (process start to ready: local model, existing index)',
    '',
    table(
      ['index', 'ready', 'imports', 'model load', 'index open', 'first answer'],
      rows.map((row) => [
        `${row.label} (${row.chunks} chunks)`,
        runs(row.readyMs, ' ms'),
        runs(row.importsMs, ' ms'),
        runs(row.modelMs, ' ms'),
        runs(row.indexMs, ' ms'),
        runs(row.firstAnswerMs, ' ms'),
      ]),
    ),
  ].join('\n');
}

function librariesSection(result: LibrariesResult): string {
  return [
    `### Libraries (${result.libraries} server libraries of ${result.chunksEach} chunks, and the shared one; ${result.build.reused ? 'cached' : `built in ${fixed(result.build.seconds, 0)} s`})`,
    '',
    table(
      ['question', 'ms p50 / p95 / p99'],
      [
        ['shared library alone (the single-library path)', latency(result.single)],
        ["a server's first question (opens its library)", latency(result.cold)],
        ['a server with its library open (its library + the shared one)', latency(result.open)],
      ],
    ),
    '',
    `Vectors: ${result.vectors}. Open / single-library p50: ${fixed(result.openRatio, 2)}. Resident memory: ${megabytes(result.rss.sharedOnly)} with the shared library, ` +
      `${megabytes(result.rss.allOpen)} with all ${result.libraries + 1} open (${megabytes(result.rss.perLibrary)} a library).`,
  ].join('\n');
}

function storeRowCells(row: StoreRow): string[] {
  const pair = (summary: Summary) => `${fixed(summary.median, 2)} / ${fixed(summary.p95, 2)}`;
  return [
    count(row.chunks),
    row.label,
    `${fixed(row.fullReindexSeconds, 1)} s`,
    fixed(row.chunksPerSecond, 0),
    `${fixed(row.oneArticleSeconds, 2)} s (${row.oneArticleChunks} chunks)`,
    pair(row.dense),
    pair(row.lexical),
    pair(row.chunkRead),
  ];
}

function storeRatioCells(row: StoreRow): string[] | undefined {
  const ratio = row.overLocal;
  if (!ratio) return undefined;
  const times = (value: number) => `${fixed(value, 1)}×`;
  return ['', `*${row.label.split(' (')[0]} / local*`, times(ratio.fullReindex), '', times(ratio.oneArticle), times(ratio.dense), times(ratio.lexical), times(ratio.chunkRead)];
}

function storesSection(result: StoresResult): string {
  const rows = result.rows.flatMap((row) => [storeRowCells(row), storeRatioCells(row)].filter((cells) => cells !== undefined));
  const hasServer = result.rows.some((row) => row.store === 'server');
  return [
    `### Stores (local files beside PostgreSQL; same corpus, synthetic vectors, ${result.questions} questions)`,
    '',
    table(
      ['chunks', 'store', 'full reindex', 'chunks/s', 'one article changed', 'dense k=40 ms p50 / p95', 'lexical k=40 ms p50 / p95', 'chunk reads ms p50 / p95'],
      rows,
    ),
    '',
    'Ratios are of the times (p50 for latencies): above 1 the PostgreSQL store is slower. PGlite is PostgreSQL compiled to WebAssembly, run in the process that measures it ' +
      `and served over one socket session, so every statement runs in turn: a PostgreSQL server is faster${hasServer ? '' : ' (set DATABASE_URL to measure one beside it)'}. ` +
      'Chunk reads are the top 5 of each ranking. The library the benchmark writes in a database is removed afterwards.',
  ].join('\n');
}

/** The report as Markdown: a header, one table per section, and the targets. */
export function renderReport(report: BenchReport): string {
  const parts = [
    `## Benchmark (${report.machine.cpus} cores, ${report.model ? `model ${report.model.id}` : 'no model: synthetic vectors'}, ${report.options.quick ? 'quick' : 'full'} run, ${fixed(report.seconds, 0)} s)`,
    '',
    `Node ${report.machine.node}, ${report.machine.cpuModel}, ${fixed(report.machine.memoryGiB, 0)} GiB; load average ${report.machine.loadAverage.start.map((v) => fixed(v, 1)).join(' ')} at start, ` +
      `${report.machine.loadAverage.end.map((v) => fixed(v, 1)).join(' ')} at the end. Corpus: ${report.options.corpus}. ` +
      'Figures of a few runs are "median [min–max]"; latencies of many operations are "p50 / p95 / p99".',
  ];
  const add = <T>(value: T | Skipped, title: string, render: (value: T) => string) => {
    parts.push('', isSkipped(value) ? `### ${title}\n\nSkipped: ${value.skipped}.` : render(value));
  };
  add(report.questionPath, 'Question path', (result: QuestionPathResult) => questionPathSection(result, report.questionPathLarge));
  add(report.indexing, 'Indexing', indexingSection);
  add(report.growth, 'Growth', growthSection);
  add(report.memory, 'Memory', memorySection);
  add(report.coldStart, 'Cold start', coldStartSection);
  add(report.libraries, 'Libraries', librariesSection);
  add(report.stores, 'Stores', storesSection);
  if (report.targets.length > 0) {
    parts.push(
      '',
      '### Targets',
      '',
      table(
        ['target', 'measured', 'goal', 'met'],
        report.targets.map((check) => [check.name, fixed(check.value, check.value >= 100 ? 0 : 3), check.target, check.met ? 'yes' : '**no**']),
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}
