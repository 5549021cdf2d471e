import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env, pipeline, type Tensor } from '@xenova/transformers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../src/embed/testModel/index.ts';

const MODEL_ID = 'test-org/bilingual-mini';

// Paragraphs of the seed article (shared/seed/000_f2224f1830d751bd.txt), kept here so the test is self-contained.
const ARTICLE = `أمريكا تتعهد برد حازم على التدخل العسكري لكوريا الشمالية إلى جانب روسيا في أوكرانيا

في 13 نوفمبر 2024، أدان وزير الخارجية الأمريكي أنتوني بلينكين بشدة في بروكسل الانخراط العسكري لكوريا الشمالية. إلى جانب روسيا في الصراع الأوكراني. وذكر أن المشاركة المباشرة للقوات الكورية الشمالية في القتال تتطلب استجابة حاسمة من المجتمع الدولي.

وأكدت الولايات المتحدة أن أكثر من 10 آلاف جندي كوري شمالي تم نشرهم في روسيا، وخاصة في منطقة كورسك، حيث يشاركون. بنشاط في العمليات القتالية إلى جانب القوات الروسية.

وقد أدت هذه الشراكة إلى زيادة التبادلات، بما في ذلك الواردات الروسية من المنتجات الكورية الشمالية مثل الملابس والصابون والبيرة، . على الرغم من العقوبات الدولية القائمة.

في هذا السياق الجيوسياسي المتوتر، يواجه المجتمع الدولي تحدياً كبيراً. وبالإضافة إلى التعاون العسكري، عمّق البلدان علاقاتهما الاقتصادية والسياسية.`;

const QUESTION = 'How many soldiers were sent to Kursk?';
const RELATED = 'وأكدت الولايات المتحدة أن أكثر من 10 آلاف جندي كوري شمالي تم نشرهم في روسيا، وخاصة في منطقة كورسك';
const UNRELATED = 'الواردات الروسية من المنتجات الكورية الشمالية مثل الملابس والصابون والبيرة';

type Extractor = Awaited<ReturnType<typeof pipeline<'feature-extraction'>>>;

let root: string;
let extractor: Extractor;

async function embed(texts: string[]): Promise<number[][]> {
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  return output.tolist() as number[][];
}

const dot = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length))
    .sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name))] as const)));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bilingual-mini-'));
  await makeTestModel({ outDir: join(root, MODEL_ID), texts: [ARTICLE] });
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.useFSCache = false;
  env.localModelPath = root;
  extractor = await pipeline('feature-extraction', MODEL_ID, { quantized: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('test embedding model', () => {
  it('loads offline in the feature-extraction pipeline and returns unit vectors', async () => {
    const output = await extractor(['first text', 'النص الثاني'], { pooling: 'mean', normalize: true });
    expect(output.dims).toEqual([2, 64]);
    for (const vector of output.tolist() as number[][]) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });

  it('puts an English question near the Arabic passage that shares its words', async () => {
    const [question = [], related = [], unrelated = []] = await embed([QUESTION, RELATED, UNRELATED]);
    expect(dot(question, related)).toBeGreaterThan(0.35);
    expect(dot(question, related) - dot(question, unrelated)).toBeGreaterThan(0.2);
  });

  it('matches an Arabic question to an English passage', async () => {
    const [question = [], related = [], unrelated = []] = await embed([
      'كم عدد الجنود الذين أرسلتهم كوريا الشمالية إلى كورسك؟',
      'North Korean soldiers are fighting in the Kursk region.',
      'Imports of soap and beer grew.',
    ]);
    expect(dot(question, related) - dot(question, unrelated)).toBeGreaterThan(0.3);
  });

  it('gives a paired word, its Arabic forms with proclitics and its diacritized spelling one vector', async () => {
    const [soldiers, ...forms] = await embed(['soldiers', 'الجنود', 'والجنود', 'للجنود', 'جندي']);
    for (const form of forms) expect(dot(soldiers ?? [], form)).toBeGreaterThan(0.999);
    const [plain = [], marked = []] = await embed(['تحديا كبيرا عمق أوكرانيا', 'تحدياً كبيراً عمّق اوكرانيا']);
    expect(dot(plain, marked)).toBeGreaterThan(0.9999);
  });

  it('has a whole-word token for every word of the texts', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
    const tokens = (tokenizer.encode(ARTICLE) as number[]).map((id) => tokenizer.model.vocab[id] as string);
    expect(tokens.filter((token) => token === '[UNK]' || token.startsWith('##'))).toEqual([]);
  });

  it('falls back to letters, not [UNK], for unseen words', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
    const tokens = (tokenizer.encode('zebra مستشفى') as number[]).map((id) => tokenizer.model.vocab[id] as string);
    expect(tokens).not.toContain('[UNK]');
    expect(tokens).toContain('##b');
  });

  it('truncates a 10,000-word input to 512 tokens', async () => {
    const long = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? 'كورسك' : 'soldiers')).join(' ');
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
    const encoded = tokenizer(long, { truncation: true });
    expect((encoded.input_ids as Tensor).dims).toEqual([1, 512]);
    expect((await extractor(long, { pooling: 'mean', normalize: true })).dims).toEqual([1, 64]);
  });

  it('gives a text the same vector alone and padded in a batch', async () => {
    const [alone = []] = await embed([QUESTION]);
    const [batched = []] = await embed([QUESTION, `${ARTICLE} ${ARTICLE}`]);
    batched.forEach((x, i) => expect(x).toBeCloseTo(alone[i] ?? NaN, 5));
  });

  it('runs directly in onnxruntime-node from the file path', async () => {
    const session = await ort.InferenceSession.create(join(root, MODEL_ID, 'onnx', 'model_quantized.onnx'));
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids', 'token_type_ids']);
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
    const encoded = tokenizer([QUESTION, RELATED], { padding: true, truncation: true });
    const feeds = Object.fromEntries(
      ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => {
        const tensor = encoded[name] as Tensor;
        return [name, new ort.Tensor('int64', tensor.data as BigInt64Array, tensor.dims)];
      }),
    );
    const { last_hidden_state: hidden } = await session.run(feeds);
    expect(hidden?.type).toBe('float32');
    expect(hidden?.dims).toEqual([2, (encoded.input_ids as Tensor).dims[1], 64]);
  });

  it('loads the unquantized file with the same results', async () => {
    const full = await pipeline('feature-extraction', MODEL_ID, { quantized: false });
    const [unquantized = []] = (await full([QUESTION], { pooling: 'mean', normalize: true })).tolist() as number[][];
    const [quantized = []] = await embed([QUESTION]);
    expect(dot(unquantized, quantized)).toBeCloseTo(1, 6);
  });

  it('writes byte-identical files for the same inputs', async () => {
    const [a, b] = [join(root, 'again-a'), join(root, 'again-b')];
    const first = await makeTestModel({ outDir: a, texts: [ARTICLE] });
    const second = await makeTestModel({ outDir: b, texts: [ARTICLE] });
    expect(second.vocabSize).toBe(first.vocabSize);
    const [filesA, filesB] = [await filesOf(a), await filesOf(b)];
    expect([...filesA.keys()]).toEqual([
      '/config.json',
      '/onnx/model.onnx',
      '/onnx/model_quantized.onnx',
      '/special_tokens_map.json',
      '/tokenizer.json',
      '/tokenizer_config.json',
    ]);
    for (const [name, bytes] of filesA) expect(bytes.equals(filesB.get(name) ?? Buffer.alloc(0)), name).toBe(true);
  });
});
