/**
 * The question in a Discord message or option, without Discord's markup: mentions of users, roles,
 * channels and commands, custom emoji, @everyone/@here, code spans and fences, bold/italic/
 * strikethrough/spoiler markers and block quotes. What is left is the text a reader sees.
 */
export function questionText(raw: string): string {
  return raw
    .replace(/<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>/gu, ' ')
    .replace(/<a?:(\w+):\d+>/gu, ' ')
    .replace(/@(everyone|here)\b/gu, ' ')
    .replace(/```[\s\S]*?```|`([^`]*)`/gu, (match, inner: string | undefined) => inner ?? match.slice(3, -3))
    .replace(/(\*\*|__|~~|\|\||\*|_)(?=\S)([\s\S]*?\S)\1/gu, '$2')
    .replace(/^>+\s?/gmu, '');
}
