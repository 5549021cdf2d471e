// Transformers.js 2.17 ships no declaration for its hub module, which the embedder uses to fetch model files.
declare module '@xenova/transformers/src/utils/hub.js' {
  export function getModelFile(
    pathOrRepoId: string,
    filename: string,
    fatal?: boolean,
    options?: Record<string, unknown>,
  ): Promise<Uint8Array | null>;
}
