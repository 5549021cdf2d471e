/**
 * The rules of Discord the stand-in enforces, each by name so that a test can bypass one on purpose:
 *
 *   startDiscordStandIn({ relax: ['interactionDeadline'] })   // for the whole stand-in
 *   const restore = standIn.relax('embedUrls'); ... restore()  // for a while
 *   standIn.button(id, { messageId, relax: ['componentOnMessage'] }) // for one dispatch
 *
 * Incoming rules are about what the stand-in SENDS the bot (Discord could never send it otherwise):
 * breaking one throws a StandInRefusal from the call that would build the payload. Outgoing rules are
 * about what the BOT sends: breaking one gets the HTTP error Discord answers and is recorded in
 * `standIn.violations`. A relaxed rule lets the thing through and records it in `relaxedViolations`.
 */

export const incomingRules = {
  optionLength: 'string option values are at most 6,000 characters (or the max_length the command registered)',
  contentLength: 'message content is at most 2,000 characters (4,000 when the author has Nitro)',
  attachmentLimit: 'an attachment is no larger than the limit the payload advertises (10 MiB by default)',
  attachmentSizeMatches: "an attachment's `size` is the length of the file served at its URL",
  customIdLength: 'a clicked custom_id is at most 100 characters',
  componentOnMessage: 'a click is for an enabled button on the referenced message, in the channel (and guild) of that message',
  registeredCommand: 'once commands are registered (PUT), only those commands, with their options, are invoked',
  memberPermissions: "a member invokes a command only with the command's default_member_permissions (or Administrator)",
  commandContexts: "a command is invoked only in the contexts it registered (a guild command never from a DM)",
  botInGuild: 'interactions and messages come only from guilds the bot is in (none from one it has left)',
} as const;

export const outgoingRules = {
  messageLimits: 'content ≤ 2,000, ≤ 10 embeds within their text limits (6,000 in all), ≤ 5 rows, and never an empty message',
  componentLimits: 'buttons: custom_id ≤ 100 and unique in the message, label ≤ 80, ≤ 5 per row, a label or an emoji',
  embedUrls: 'embed urls (url, author/footer icons, image, thumbnail) are http(s) and at most 2,048 characters',
  interactionDeadline: 'the first response to an interaction arrives within 3 s of its creation',
  tokenLifetime: 'an interaction token is used (follow-ups, edits) for 15 minutes at most',
  replyToDeleted: 'a reply with fail_if_not_exists (the default) to a message that no longer exists is refused',
  retryAfter: 'after a 429, the same route is not called again before retry_after has passed',
} as const;

export type IncomingRule = keyof typeof incomingRules;
export type OutgoingRule = keyof typeof outgoingRules;
export type StandInRule = IncomingRule | OutgoingRule;

export const allRules = [...Object.keys(incomingRules), ...Object.keys(outgoingRules)] as StandInRule[];

export interface Violation {
  rule: StandInRule;
  /** `bot` for a request the bot made, `test` for a payload a test had the stand-in send. */
  side: 'bot' | 'test';
  message: string;
  /** For a bot request: e.g. `PATCH /webhooks/1/tok/messages/@original` and the status it got. */
  request?: string;
  status?: number;
}

/** Thrown when a test asks the stand-in to send something Discord never would; relax the rule to send it anyway. */
export class StandInRefusal extends Error {
  constructor(
    readonly rule: IncomingRule,
    detail: string,
  ) {
    super(`Discord would not send this (${rule}: ${incomingRules[rule]}): ${detail}. Relax '${rule}' to send it on purpose.`);
    this.name = 'StandInRefusal';
  }
}

/** Which rules are relaxed: for the whole stand-in, and for a while (`relax()` returns the undo). */
export class RuleBook {
  readonly violations: Violation[] = [];
  readonly relaxedViolations: Violation[] = [];
  private readonly relaxed = new Map<StandInRule, number>();

  constructor(relax: readonly StandInRule[] = []) {
    for (const rule of relax) this.add(rule);
  }

  relax(rules: readonly StandInRule[]): () => void {
    for (const rule of rules) this.add(rule);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      for (const rule of rules) this.relaxed.set(rule, (this.relaxed.get(rule) ?? 1) - 1);
    };
  }

  isRelaxed(rule: StandInRule, extra: readonly StandInRule[] = []): boolean {
    return (this.relaxed.get(rule) ?? 0) > 0 || extra.includes(rule);
  }

  /** For a payload a test builds: throws unless the rule is relaxed (then notes it). */
  incoming(rule: IncomingRule, detail: string, extra: readonly StandInRule[] = []): void {
    if (!this.isRelaxed(rule, extra)) throw new StandInRefusal(rule, detail);
    this.relaxedViolations.push({ rule, side: 'test', message: detail });
  }

  private add(rule: StandInRule): void {
    if (!allRules.includes(rule)) throw new Error(`The stand-in has no rule '${String(rule)}' (it has: ${allRules.join(', ')})`);
    this.relaxed.set(rule, (this.relaxed.get(rule) ?? 0) + 1);
  }
}

/** A rule an outgoing request broke, as a route handler reports it. */
export interface RuleNote {
  rule: OutgoingRule;
  message: string;
}

/**
 * The rule checks of one REST request. `breaks` answers whether the request must be refused: false
 * when the rule is relaxed (noted as relaxed). The notes are recorded with the request once answered.
 */
export class RequestRules {
  readonly broken: RuleNote[] = [];
  readonly relaxed: RuleNote[] = [];

  constructor(private readonly book: RuleBook) {}

  breaks(rule: OutgoingRule, message: string): boolean {
    if (this.book.isRelaxed(rule)) {
      this.relaxed.push({ rule, message });
      return false;
    }
    this.broken.push({ rule, message });
    return true;
  }
}
