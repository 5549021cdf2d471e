// Shared by the crash-safety test and its child process (reindexForever.ts).

/** Where the child freezes to be killed, in the order a reindex gets there. */
export const KILL_POINTS = ['embedding', 'writing', 'beforePublish', 'published', 'removing'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/** Whether the generation being written is live once the child is killed at this point. */
export function publishedBefore(point: KillPoint): boolean {
  return point === 'published' || point === 'removing';
}

export const counterTitle = (round: number) => `Round ${round}`;

/** The article the child rewrites each round: three paragraphs, so three chunks embedded one by one. */
export function counterArticle(round: number): string {
  const paragraph = (topic: string) =>
    `This is round number ${round} of the report on the soldiers in Kursk, ${topic}. ` +
    `Reporters counted the units, the vehicles and the supply lines again in round ${round}, and the officers ` +
    `described how the positions along the border changed since the previous round of the report. ` +
    `The figures of round ${round} replace the earlier ones, which readers should no longer rely on.`;
  return [
    `---\ntitle: ${counterTitle(round)}\nlanguage: en\n---`,
    paragraph('first the infantry and the artillery that arrived during the autumn'),
    paragraph('then the air defence systems, including the Patriot batteries sent from abroad'),
    paragraph('and finally the engineers who built the new trenches and the field hospitals'),
  ].join('\n\n');
}
