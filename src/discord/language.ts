import type { UiLanguage } from '../answer/strings.ts';

/**
 * The language of the bot's own words where no question sets it (admin commands, lists): the
 * user's Discord language when it is Arabic, English otherwise.
 */
export function interactionLanguage(interaction: { locale: string }): UiLanguage {
  return interaction.locale.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}
