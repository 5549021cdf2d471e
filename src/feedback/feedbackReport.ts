import type { FeedbackRecord } from './feedbackLog.ts';
import { groupQuestions, type GroupableQuestion, type GroupOptions, type QuestionGroup } from './groupQuestions.ts';

export interface FeedbackReport {
  days: number;
  /** ISO time the period starts. */
  since: string;
  groups: QuestionGroup[];
  totals: { notFound: number; down: number; up: number };
}

export interface FeedbackReportOptions {
  days: number;
  now: number;
  group?: Partial<GroupOptions>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The period /feedback and npm run feedback look back over unless told otherwise. */
export const DEFAULT_FEEDBACK_DAYS = 7;

/** The questions of the last `days` that found nothing or got 👎, grouped by what they ask. */
export function buildFeedbackReport(records: FeedbackRecord[], options: FeedbackReportOptions): FeedbackReport {
  if (!(Number.isInteger(options.days) && options.days > 0)) throw new RangeError('days must be a whole number > 0');
  const since = new Date(options.now - options.days * DAY_MS).toISOString();
  // A voter who clicks twice on one answer counts once, with their last vote.
  const votes = new Map<string, number>();
  records.forEach((record, i) => {
    if (record.type === 'vote') votes.set(JSON.stringify([record.user, record.question, record.generation, record.offset]), i);
  });
  const recent = records.filter(
    (record, i) => record.at >= since && (record.type !== 'vote' || votes.get(JSON.stringify([record.user, record.question, record.generation, record.offset])) === i),
  );
  const unanswered = recent.flatMap((record): GroupableQuestion[] => {
    if (record.type === 'not-found') return [{ question: record.question, kind: 'not-found', at: record.at }];
    return record.vote === 'down' ? [{ question: record.question, kind: 'down', at: record.at }] : [];
  });
  return {
    days: options.days,
    since,
    groups: groupQuestions(unanswered, options.group),
    totals: {
      notFound: recent.filter((record) => record.type === 'not-found').length,
      down: recent.filter((record) => record.type === 'vote' && record.vote === 'down').length,
      up: recent.filter((record) => record.type === 'vote' && record.vote === 'up').length,
    },
  };
}

/** The report as plain text for the terminal (`npm run feedback`). */
export function formatFeedbackReport(report: FeedbackReport): string {
  const header = `Questions that found nothing or got 👎 in the last ${report.days} days (since ${report.since.slice(0, 10)}): ` +
    `${report.totals.notFound} not found, ${report.totals.down} 👎, ${report.totals.up} 👍.`;
  if (report.groups.length === 0) return `${header}\nNothing to review.`;
  const lines = [header, ''];
  for (const group of report.groups) {
    lines.push(`${String(group.count).padStart(4)}×  ${group.question}   (${group.notFound} not found, ${group.down} 👎; last ${group.lastAt.slice(0, 10)})`);
    for (const variant of group.variants.slice(1)) lines.push(`        also: ${variant}`);
  }
  return lines.join('\n');
}
