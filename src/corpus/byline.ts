/** "By Jane Doe", "BY JANE DOE", "Reporting by …", "بقلم: …", "كتب - …", "كتبت …": an author line. */
const AUTHOR_OPENER = /^(?:(?:By|BY)\s+\p{Lu}|(?:Written|Reported|Reporting|Words|Text) by\s+\p{Lu}|(?:بقلم|كتب|كتبت)(?:\s*[:\-–—])?\s+\S)/u;
const AUTHOR_ROLE = /\b(?:correspondent|reporter|editor|writer|contributor)s?\b|(?:^|\s)(?:مراسل|مراسلة|مراسلنا|محرر|محررة)(?:\s|$)/iu;
/** Separators between the author, the place and the date of a byline. */
const BYLINE_SEPARATOR = /\s*[·|•]\s*/u;

const MONTHS = new Set([
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  ...['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'],
  ...['يناير', 'فبراير', 'مارس', 'أبريل', 'ابريل', 'إبريل', 'مايو', 'يونيو', 'يونيه', 'يوليو', 'يوليه', 'أغسطس', 'اغسطس'],
  ...['سبتمبر', 'أكتوبر', 'اكتوبر', 'نوفمبر', 'ديسمبر'],
  // The Levantine names; كانون and تشرين take الأول or الثاني after them.
  ...['كانون', 'شباط', 'آذار', 'اذار', 'نيسان', 'أيار', 'ايار', 'حزيران', 'تموز', 'آب', 'أيلول', 'ايلول', 'تشرين'],
]);
const WEEKDAYS = new Set([
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  ...['الأحد', 'الاحد', 'الاثنين', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الاربعاء', 'الخميس', 'الجمعة', 'السبت'],
]);
/** Words of a dateline that are not dates themselves ("Updated 12 Nov 2024 10:30 GMT"). */
const DATE_LABELS = new Set([
  ...['published', 'updated', 'posted', 'gmt', 'utc', 'am', 'pm'],
  ...['نشر', 'نُشر', 'تحديث', 'آخر', 'بتاريخ', 'الساعة', 'الأول', 'الثاني', 'م', 'ص'],
]);
/** 12/11/2024, 2024-11-12, 12.11.24 */
const NUMERIC_DATE = /^\p{Nd}{1,4}[./-]\p{Nd}{1,2}[./-]\p{Nd}{1,4}$/u;
/** A day, a year or a time: 12, 12th, 2024, 10:30. */
const DAY_YEAR_OR_TIME = /^(?:\p{Nd}{1,4}(?:st|nd|rd|th)?|\p{Nd}{1,2}:\p{Nd}{2})$/u;

function dateWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,،]+/u)
    .map((word) => word.replace(/^[([]+|[.:)\]]+$/gu, ''))
    .filter(Boolean);
}

/**
 * A line that is mostly a date: a month, a weekday or a numeric date, with more than half of its
 * words date words. "Elections on 5 November" is not ("elections" and "on" are half of it).
 */
function isMostlyDate(text: string): boolean {
  const words = dateWords(text);
  const anchored = words.some((word) => MONTHS.has(word) || WEEKDAYS.has(word) || NUMERIC_DATE.test(word));
  if (!anchored) return false;
  const dated = words.filter((word) => MONTHS.has(word) || WEEKDAYS.has(word) || DATE_LABELS.has(word) || NUMERIC_DATE.test(word) || DAY_YEAR_OR_TIME.test(word));
  return dated.length * 2 > words.length;
}

/**
 * A byline or dateline: "By Jane Doe, Brussels correspondent · 12 November 2024", "بقلم: سارة
 * أحمد", "Thursday 14 November 2024", "Jane Doe | 14 November 2024". Short and without a full
 * stop, such a line would otherwise pass for a section heading.
 */
export function looksLikeByline(text: string): boolean {
  if (AUTHOR_OPENER.test(text) || isMostlyDate(text)) return true;
  const parts = text.split(BYLINE_SEPARATOR).filter(Boolean);
  return parts.length > 1 && parts.some((part) => AUTHOR_OPENER.test(part) || AUTHOR_ROLE.test(part) || isMostlyDate(part));
}
