import { ArticleInputError, errorMessage } from '../errors.ts';

export interface AttachmentLike {
  url: string;
  name: string;
  size: number;
}

/** The bytes of a Discord attachment, refusing one over `maxBytes` before and while downloading it. */
export async function downloadAttachment(attachment: AttachmentLike, options: { maxBytes: number; timeoutMs: number }): Promise<Uint8Array> {
  const tooLarge = (bytes: number) =>
    new ArticleInputError(`${attachment.name}: the file is ${bytes} bytes, over the ${options.maxBytes}-byte limit (MAX_UPLOAD_BYTES).`);
  if (attachment.size > options.maxBytes) throw tooLarge(attachment.size);
  let response: Response;
  try {
    response = await fetch(attachment.url, { signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    throw new ArticleInputError(`${attachment.name}: the file could not be downloaded from Discord (${errorMessage(error)}); try again.`, { cause: error });
  }
  if (!response.ok || !response.body) throw new ArticleInputError(`${attachment.name}: Discord answered HTTP ${response.status} for the file; try again.`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > options.maxBytes) throw tooLarge(total);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
