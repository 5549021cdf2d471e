import { profileFor, type ModelProfile } from '../embed/profiles.ts';
import type { Embedder, PassageEmbedding, PassageInput } from '../embed/types.ts';
import { hashString, Random } from './random.ts';
import { perturb } from './vectors.ts';

export const SYNTHETIC_MODEL_ID = 'bench/synthetic-vectors';

/**
 * An embedder without a model, for measuring everything but the model: each text gets a fixed
 * pseudo-random unit vector from a hash of its words' first letters, around one shared direction
 * (so vectors sit at cosine ~0.7, as e5's do). The vectors carry no meaning; the cost is ~nothing.
 */
export class SyntheticEmbedder implements Embedder {
  readonly modelId = SYNTHETIC_MODEL_ID;
  readonly profile: ModelProfile = profileFor(SYNTHETIC_MODEL_ID);
  private readonly common: Float32Array;

  constructor(readonly dimension = 384) {
    const random = new Random(99);
    this.common = perturb(new Float32Array(dimension), 1, random);
  }

  private vectorFor(text: string): Float32Array {
    return perturb(this.common, 1, new Random(hashString(text)));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    if (!text.trim()) throw new RangeError('Cannot embed an empty question');
    return this.vectorFor(text);
  }

  async embedPassages(passages: PassageInput[]): Promise<PassageEmbedding[]> {
    return passages.map((passage) => ({
      vector: this.vectorFor(passage.text),
      sentences: passage.sentences.map((sentence) => this.vectorFor(passage.text.slice(sentence.start, sentence.end))),
    }));
  }

  async dispose(): Promise<void> {}
}

/**
 * Wraps a real embedder so that only the first `realBudget` passages are embedded by the model; the
 * others get a real vector of an earlier passage with noise added (and so do their sentences). An
 * index of 10k chunks is then built in a minute, with vectors spread the way the model spreads them.
 */
export class MixedEmbedder implements Embedder {
  private readonly pool: PassageEmbedding[] = [];
  private readonly random = new Random(4242);
  private seen = 0;
  realPassages = 0;
  syntheticPassages = 0;

  constructor(
    private readonly real: Embedder,
    private readonly realBudget: number,
    /** Size of the noise added to a borrowed vector (0.5 gives cosine ~0.9 to it). */
    private readonly noise = 0.5,
  ) {}

  get modelId(): string {
    return this.real.modelId;
  }

  get dimension(): number {
    return this.real.dimension;
  }

  get profile(): ModelProfile {
    return this.real.profile;
  }

  embedQuery(text: string): Promise<Float32Array> {
    return this.real.embedQuery(text);
  }

  async embedPassages(passages: PassageInput[]): Promise<PassageEmbedding[]> {
    const realCount = Math.max(0, Math.min(passages.length, this.realBudget - this.seen));
    const real = realCount > 0 ? await this.real.embedPassages(passages.slice(0, realCount)) : [];
    this.pool.push(...real);
    this.realPassages += realCount;
    const synthetic = passages.slice(realCount).map((passage): PassageEmbedding => {
      const base = this.pool[this.random.int(this.pool.length)];
      if (!base) throw new RangeError('MixedEmbedder needs a real budget of at least one passage');
      return {
        vector: perturb(base.vector, this.noise, this.random),
        sentences: passage.sentences.map(() => perturb(base.vector, this.noise, this.random)),
      };
    });
    this.syntheticPassages += synthetic.length;
    this.seen += passages.length;
    return [...real, ...synthetic];
  }

  dispose(): Promise<void> {
    return this.real.dispose();
  }
}
