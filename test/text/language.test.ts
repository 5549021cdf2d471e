import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/language.ts';

describe('detectLanguage', () => {
  it('recognizes short Arabic and English questions', () => {
    expect(detectLanguage('كم عدد القتلى؟')).toBe('ar');
    expect(detectLanguage('Who won?')).toBe('en');
    expect(detectLanguage('ماذا قال الرئيس')).toBe('ar');
  });

  it('goes by the majority of words when scripts are mixed', () => {
    expect(detectLanguage('What did Netanyahu say about غزة?')).toBe('en');
    expect(detectLanguage('ما هي شركة OpenAI؟')).toBe('ar');
  });

  it('counts words, not letters, so a long Latin name does not outweigh an Arabic question', () => {
    expect(detectLanguage('من هو Mark Zuckerberg؟')).toBe('ar');
  });

  it('gives a tie to Arabic', () => {
    expect(detectLanguage('ما هو ISIS؟')).toBe('ar');
  });

  it('ignores digits and punctuation', () => {
    expect(detectLanguage('2024 ... Gaza!!! 100%')).toBe('en');
    expect(detectLanguage('٢٠٢٤؟ غزة')).toBe('ar');
  });

  it('says other for empty text, numbers only, or another script', () => {
    expect(detectLanguage('')).toBe('other');
    expect(detectLanguage('2024, 10.5 ٣')).toBe('other');
    expect(detectLanguage('Что случилось в Москве?')).toBe('other');
  });
});
