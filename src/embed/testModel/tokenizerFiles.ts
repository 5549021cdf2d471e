import { ARABIC_MARKS_PATTERN } from './normalize.ts';
import { CONTINUATION_PREFIX, MAX_WORD_CHARS, SPECIAL_TOKENS, type Vocabulary } from './vocabulary.ts';

export const MAX_LENGTH = 512;

const [PAD, UNK, CLS, SEP, MASK] = SPECIAL_TOKENS;

/** tokenizer.json in the Hugging Face tokenizers format (BERT uncased with an Arabic mark filter). */
export function tokenizerJson(vocabulary: Vocabulary): object {
  const vocab = Object.fromEntries(vocabulary.tokens.map((token, id) => [token, id]));
  const idOf = (token: string): number => vocabulary.tokens.indexOf(token);
  const special = (token: string) => ({ id: token, ids: [idOf(token)], tokens: [token] });
  const specialPart = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  const sequencePart = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
        { type: 'Replace', pattern: { Regex: ARABIC_MARKS_PATTERN }, content: '' },
      ],
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [specialPart(CLS, 0), sequencePart('A', 0), specialPart(SEP, 0)],
      pair: [specialPart(CLS, 0), sequencePart('A', 0), specialPart(SEP, 0), sequencePart('B', 1), specialPart(SEP, 1)],
      special_tokens: { [CLS]: special(CLS), [SEP]: special(SEP) },
    },
    decoder: { type: 'WordPiece', prefix: CONTINUATION_PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: UNK,
      continuing_subword_prefix: CONTINUATION_PREFIX,
      max_input_chars_per_word: MAX_WORD_CHARS,
      vocab,
    },
  };
}

export function tokenizerConfigJson(): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    strip_accents: true,
    tokenize_chinese_chars: true,
    model_max_length: MAX_LENGTH,
    clean_up_tokenization_spaces: true,
    ...specialTokensMapJson(),
  };
}

export function specialTokensMapJson(): object {
  return { pad_token: PAD, unk_token: UNK, cls_token: CLS, sep_token: SEP, mask_token: MASK };
}
