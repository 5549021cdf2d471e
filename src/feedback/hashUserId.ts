import { createHash } from 'node:crypto';

/**
 * What the feedback log keeps of a user: enough to tell one asker's repeated votes from many
 * askers', not the Discord id itself.
 */
export function hashUserId(userId: string): string {
  return createHash('sha256').update(`feedback-user:${userId}`).digest('hex').slice(0, 16);
}
