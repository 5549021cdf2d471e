import { scopeOf } from '../invoker.ts';
import { interactionLanguage } from '../language.ts';
import { renderArticlesPage } from '../render/articlesPage.ts';
import type { ButtonHandler } from './button.ts';

/** The previous or next page of /articles, in place. */
export const articlesPage: ButtonHandler<'articles'> = async (interaction, action, ctx) => {
  const articles = await ctx.app.articles(scopeOf({ guildId: interaction.guildId, userId: interaction.user.id }));
  await interaction.update(renderArticlesPage(articles, action.page, interactionLanguage(interaction)));
};
