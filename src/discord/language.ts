import type { UiLanguage } from '../answer/strings.ts';

/**
 * The language of the bot's own words where no question sets it (admin commands, lists): the
 * user's Discord language when it is Arabic, English otherwise (also when a server leaves the
 * locale out).
 */
export function interactionLanguage(interaction: { locale?: string | null }): UiLanguage {
  const locale: unknown = interaction.locale;
  return typeof locale === 'string' && locale.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}
