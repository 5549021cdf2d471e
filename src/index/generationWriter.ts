import fs from 'node:fs/promises';
import path from 'node:path';
import { ChunkLocations, SegmentWriter } from './chunkStore.ts';
import { fileDigest, newGenerationName, publishGeneration, removeStaleGenerations, temporaryFolder, writeFileDurably } from './generations.ts';
import type { HnswIndex } from './hnswIndex.ts';
import { INDEX_FORMAT_VERSION, indexFiles, type Manifest } from './manifest.ts';

/** What the manifest says about the generation besides its files. */
export type GenerationContents = Omit<Manifest, 'formatVersion' | 'createdAt' | 'segments' | 'files'>;

/**
 * The one writer of an index generation (reindex and the benchmark both use it): files are written
 * into a temporary folder, every file's size and checksum go into the manifest, and only a
 * complete folder is published. Nothing touches the live generation.
 */
export class GenerationWriter {
  private readonly segments: string[] = [];
  private readonly written = new Set<string>();

  private constructor(
    readonly indexDir: string,
    readonly generation: string,
    readonly createdAt: Date,
  ) {}

  /** Starts a generation in a fresh temporary folder under `indexDir`. */
  static async begin(indexDir: string, now: Date): Promise<GenerationWriter> {
    const writer = new GenerationWriter(indexDir, newGenerationName(now), now);
    await fs.rm(writer.folder, { recursive: true, force: true });
    await fs.mkdir(writer.folder, { recursive: true });
    return writer;
  }

  /** Where the files are written until the generation is published. */
  get folder(): string {
    return temporaryFolder(this.indexDir, this.generation);
  }

  /** Segments of the generation so far, in order: a chunk's segment number indexes this list. */
  get segmentCount(): number {
    return this.segments.length;
  }

  /** Carries an unchanged segment over from an earlier generation (a hard link: nothing is copied where links work). */
  async carrySegment(fromFolder: string, segment: string): Promise<void> {
    await linkOrCopy(path.join(fromFolder, segment), path.join(this.folder, segment));
    this.add(segment);
  }

  /** A new segment file for chunks written by this generation. */
  async newSegment(locations: ChunkLocations): Promise<SegmentWriter> {
    const name = `chunks-${this.generation}${this.segments.length > 0 ? `-${this.segments.length}` : ''}.jsonl`;
    const writer = await SegmentWriter.create(path.join(this.folder, name), this.segments.length, locations);
    this.add(name);
    return writer;
  }

  async writeLocations(locations: ChunkLocations, labels: number): Promise<void> {
    await this.writeFile(indexFiles.locations, locations.toBytes(labels));
  }

  /** Carries any other unchanged file over from an earlier generation, by hard link where links work. */
  async carryFile(fromFolder: string, name: string): Promise<void> {
    await linkOrCopy(path.join(fromFolder, name), path.join(this.folder, name));
    this.written.add(name);
  }

  async writeVectors(vectors: HnswIndex): Promise<void> {
    await vectors.write(path.join(this.folder, indexFiles.vectors));
    this.written.add(indexFiles.vectors);
  }

  /** Uses an HNSW file written elsewhere as this generation's vector index. */
  async linkVectors(file: string): Promise<void> {
    await linkOrCopy(file, path.join(this.folder, indexFiles.vectors));
    this.written.add(indexFiles.vectors);
  }

  /**
   * Writes the manifest and publishes the generation; `beforePublish` runs once everything is
   * written (tests fail there on purpose). Generations other than this one and `keep` are removed.
   */
  async publish(contents: GenerationContents, options: { keep?: string[]; beforePublish?: () => Promise<void> | void } = {}): Promise<Manifest> {
    const files: Manifest['files'] = {};
    for (const name of [...this.segments, ...this.written]) files[name] = await fileDigest(path.join(this.folder, name));
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: this.createdAt.toISOString(),
      ...contents,
      segments: [...this.segments],
      files,
    };
    await writeFileDurably(path.join(this.folder, indexFiles.manifest), JSON.stringify(manifest));
    await options.beforePublish?.();
    await publishGeneration(this.indexDir, this.generation);
    await removeStaleGenerations(this.indexDir, [this.generation, ...(options.keep ?? [])]);
    return manifest;
  }

  /** Writes a file of the generation, flushed to disk. */
  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    await writeFileDurably(path.join(this.folder, name), data);
    this.written.add(name);
  }

  private add(segment: string): void {
    this.segments.push(segment);
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await fs.link(from, to).catch(() => fs.copyFile(from, to));
}
