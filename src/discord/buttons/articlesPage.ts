import { interactionLanguage } from '../language.ts';
import { renderArticlesPage } from '../render/articlesPage.ts';
import type { ButtonHandler } from './button.ts';

/** The previous or next page of /articles, in place. */
export const articlesPage: ButtonHandler<'articles'> = async (interaction, action, ctx) => {
  await interaction.update(renderArticlesPage(ctx.app.articles(), action.page, interactionLanguage(interaction)));
};
