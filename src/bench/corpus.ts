import fs from 'node:fs';
import path from 'node:path';
import { chunkArticle } from '../chunk/chunkArticle.ts';
import type { Chunk } from '../chunk/types.ts';
import { parseArticle } from '../corpus/parseArticle.ts';
import type { Article } from '../corpus/types.ts';
import { Random } from './random.ts';

export interface CorpusOptions {
  seed: number;
  /** Folder holding xquad.ar.json and xquad.en.json; read in place, never copied. Without it, text comes from a built-in word list. */
  xquadDir: string | undefined;
  /** Share of Arabic articles; the rest are English. */
  arabicShare: number;
  /** Paragraphs per article, inclusive range. */
  paragraphs: [number, number];
}

export const defaultCorpusOptions: CorpusOptions = { seed: 1, xquadDir: undefined, arabicShare: 0.6, paragraphs: [3, 8] };

export interface GeneratedArticle {
  file: string;
  language: 'ar' | 'en';
  /** The file's text: front-matter and Markdown body. */
  text: string;
}

interface Sources {
  /** Paragraphs per language, each a list of sentences. */
  paragraphs: { ar: string[][]; en: string[][] };
  /** Words per language, drawn on to vary sentences. */
  words: { ar: string[]; en: string[] };
  origin: 'xquad' | 'word-list';
}

// The fallback when XQuAD is not on disk: news-like words, enough for text of the right shape and length.
const FALLBACK_WORDS = {
  ar: 'أكد الوزير أن الحكومة ستواصل العمل مع الشركاء الدوليين من أجل تعزيز الأمن والاستقرار في المنطقة وقال المتحدث باسم الوزارة إن المحادثات التي جرت في العاصمة تناولت التعاون الاقتصادي والتجاري بين البلدين وأضاف أن الاتفاق الجديد يشمل مشاريع في مجالات الطاقة والصحة والتعليم والنقل وأشار التقرير إلى ارتفاع معدلات النمو خلال العام الماضي رغم التحديات التي تواجه الاقتصاد العالمي ودعا المجلس إلى وقف إطلاق النار وحماية المدنيين وتقديم المساعدات الإنسانية للسكان المتضررين'.split(' '),
  en: 'the minister said that government would continue working with international partners to strengthen security and stability in region a spokesman for ministry told reporters talks held in capital covered economic trade cooperation between two countries new agreement includes projects energy health education transport report pointed rise growth rates during last year despite challenges facing global economy council called for ceasefire protection of civilians delivery humanitarian aid affected residents officials expected further meetings next month'.split(' '),
};

const SENTENCE_END = /(?<=[.!?؟])\s+/u;

function fromXquad(dir: string): Sources {
  const read = (language: 'ar' | 'en'): string[][] => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, `xquad.${language}.json`), 'utf8')) as {
      data: Array<{ paragraphs: Array<{ context: string }> }>;
    };
    return json.data.flatMap((article) => article.paragraphs.map((paragraph) => paragraph.context.trim().split(SENTENCE_END).filter(Boolean)));
  };
  const paragraphs = { ar: read('ar'), en: read('en') };
  const wordsOf = (list: string[][]) => [...new Set(list.flat().join(' ').split(/\s+/u).filter((word) => /^[\p{L}]{3,}$/u.test(word)))];
  return { paragraphs, words: { ar: wordsOf(paragraphs.ar), en: wordsOf(paragraphs.en) }, origin: 'xquad' };
}

function fromWordList(random: Random): Sources {
  const make = (words: string[], end: string) =>
    Array.from({ length: 240 }, () =>
      Array.from({ length: 3 + random.int(5) }, () => {
        const length = 10 + random.int(18);
        return `${Array.from({ length }, () => random.pick(words)).join(' ')}${end}`;
      }),
    );
  return { paragraphs: { ar: make(FALLBACK_WORDS.ar, '.'), en: make(FALLBACK_WORDS.en, '.') }, words: FALLBACK_WORDS, origin: 'word-list' };
}

const sourceCache = new Map<string, Sources>();

function sources(options: CorpusOptions): Sources {
  const key = options.xquadDir && fs.existsSync(path.join(options.xquadDir, 'xquad.ar.json')) ? options.xquadDir : '';
  let found = sourceCache.get(key);
  if (!found) {
    found = key ? fromXquad(key) : fromWordList(new Random(7));
    sourceCache.set(key, found);
  }
  return found;
}

/** Where the generated text comes from: XQuAD paragraphs (varied) or the built-in word list. */
export function corpusOrigin(options: CorpusOptions): Sources['origin'] {
  return sources(options).origin;
}

/** A made-up proper name, so that articles do not share all their vocabulary. */
function name(random: Random, language: 'ar' | 'en'): string {
  const syllables = language === 'ar' ? ['با', 'سي', 'رو', 'نا', 'كم', 'ليم', 'دار', 'فو', 'تا', 'جي'] : ['ka', 'ro', 'mi', 'lan', 'do', 've', 'sar', 'ti', 'bu', 'nor'];
  const word = Array.from({ length: 2 + random.int(2) }, () => random.pick(syllables)).join('');
  return language === 'en' ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** One source paragraph, varied: sentences shuffled, some words swapped, numbers changed, a name put in. */
function vary(sentences: string[], words: string[], names: string[], random: Random): string {
  const order = random.next() < 0.5 ? random.shuffle([...sentences]) : [...sentences];
  return order
    .map((sentence) =>
      sentence
        .split(' ')
        .map((word) => {
          if (/^\d+$/u.test(word)) return String(1 + random.int(2000));
          // Only bare words are swapped, so punctuation (and sentence ends) stay where they were.
          if (!/^\p{L}+$/u.test(word)) return word;
          const roll = random.next();
          if (roll < 0.08) return random.pick(words);
          if (roll < 0.1) return random.pick(names);
          return word;
        })
        .join(' '),
    )
    .join(' ');
}

/**
 * Generates `count` news-like articles, Arabic and English, from a seed. With XQuAD available its
 * paragraphs are the raw material, varied so that no two articles are the same text.
 */
export function generateArticles(count: number, options: Partial<CorpusOptions> = {}): GeneratedArticle[] {
  const settings = { ...defaultCorpusOptions, ...options };
  if (!(count >= 0)) throw new RangeError('count must be >= 0');
  const { paragraphs, words } = sources(settings);
  const random = new Random(settings.seed);
  const articles: GeneratedArticle[] = [];
  for (let n = 0; n < count; n += 1) {
    const language = random.next() < settings.arabicShare ? 'ar' : 'en';
    const names = [name(random, language), name(random, language), name(random, language)];
    const [low, high] = settings.paragraphs;
    const body: string[] = [];
    const paragraphCount = low + random.int(high - low + 1);
    for (let p = 0; p < paragraphCount; p += 1) {
      if (p > 0 && random.next() < 0.15) body.push(`## ${vary([random.pick(paragraphs[language])[0]!], words[language], names, random).split(' ').slice(0, 6).join(' ')}`);
      body.push(vary(random.pick(paragraphs[language]), words[language], names, random));
    }
    const title = `${names[0]} ${vary([random.pick(paragraphs[language])[0]!], words[language], names, random).split(' ').slice(0, 8).join(' ')}`.replace(/[.:"]/gu, '');
    const day = String(1 + (n % 28)).padStart(2, '0');
    const text = [
      '---',
      `title: "${title}"`,
      `source: Bench Wire`,
      `url: https://example.org/bench/${n}`,
      `published: 2024-01-${day}`,
      `language: ${language}`,
      '---',
      '',
      body.join('\n\n'),
      '',
    ].join('\n');
    articles.push({ file: `bench-${String(n).padStart(6, '0')}.md`, language, text });
  }
  return articles;
}

export interface ParsedCorpus {
  articles: Article[];
  chunks: number;
}

/**
 * Generates and parses articles until their chunks (with the given chunker settings) reach
 * `targetChunks`; the last article may overshoot a little.
 */
export function corpusWithChunks(targetChunks: number, chunk: { maxTokens: number; overlapSentences: number }, options: Partial<CorpusOptions> = {}): ParsedCorpus {
  const articles: Article[] = [];
  let chunks = 0;
  let generated = 0;
  let batch = 16;
  while (chunks < targetChunks) {
    // Articles are generated from the same seed each time, so take the next ones from a longer list.
    const more = generateArticles(generated + batch, options).slice(generated);
    for (const generatedArticle of more) {
      if (chunks >= targetChunks) break;
      const article = parseArticle(Buffer.from(generatedArticle.text, 'utf8'), generatedArticle.file);
      chunks += chunkArticle(article, chunk).length;
      articles.push(article);
    }
    generated += batch;
    batch *= 2;
  }
  return { articles, chunks };
}

/** The chunks of a parsed corpus, as the indexer cuts them. */
export function chunksOf(corpus: ParsedCorpus, chunk: { maxTokens: number; overlapSentences: number }): Chunk[] {
  return corpus.articles.flatMap((article) => chunkArticle(article, chunk));
}
