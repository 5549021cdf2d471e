import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../botContext.ts';
import type { ButtonAction } from '../customId.ts';

/** Handles the clicks on one kind of button; the action comes decoded from the button's custom id. */
export type ButtonHandler<K extends ButtonAction['kind']> = (
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: K }>,
  ctx: BotContext,
) => Promise<void>;

export type ButtonHandlers = { [K in ButtonAction['kind']]: ButtonHandler<K> };
