import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import ipaddr, { type IPv4, type IPv6 } from 'ipaddr.js';
import { settingDefault } from '../config/settings.ts';
import { ArticleInputError, errorMessage } from '../errors.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (the DNS seam tests replace). */
export type LookupAddresses = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchArticleOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Allow loopback, private, link-local and other non-public addresses (tests only). */
  allowPrivate: boolean;
  maxRedirects: number;
  lookup: LookupAddresses;
  /** Why an address must not be fetched, or undefined when it may; the default refuses every non-public range. */
  blockedAddress: (address: string) => string | undefined;
}

export type FetchedFormat = 'html' | 'text' | 'markdown';

export interface FetchedArticle {
  /** The body as UTF-8 (transcoded when the page declared another charset). */
  bytes: Uint8Array;
  format: FetchedFormat;
  /** A file name for it: the last segment of the URL's path with the extension of its format. */
  fileName: string;
  /** The address the article was finally read from, after redirects. */
  url: string;
}

const systemLookup: LookupAddresses = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export const defaultFetchArticleOptions: FetchArticleOptions = {
  timeoutMs: settingDefault('URL_FETCH_TIMEOUT_SECONDS') * 1000,
  maxBytes: settingDefault('MAX_UPLOAD_BYTES'),
  allowPrivate: settingDefault('ALLOW_PRIVATE_URLS'),
  maxRedirects: 5,
  lookup: systemLookup,
  blockedAddress: reservedAddressKind,
};

const formats: Record<string, FetchedFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};
const extensions: Record<FetchedFormat, string> = { html: '.html', text: '.txt', markdown: '.md' };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** ipaddr.js range names that are the public internet (AS112 and AMT are anycast services anyone can reach). */
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'amt', 'as112v6']);

const IPV4_KINDS: Record<string, string> = {
  unspecified: 'an unspecified ("this network") address',
  // 255.255.255.255 is also the top of the reserved 240.0.0.0/4.
  broadcast: 'a reserved address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private network address',
  reserved: 'a reserved address',
};

const IPV6_KINDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  deprecatedSiteLocal: 'a site-local address',
  uniqueLocal: 'a unique local (private) IPv6 address',
  multicast: 'a multicast address',
  teredo: 'a Teredo tunnel address',
  benchmarking: 'a benchmarking address',
  discard: 'a discard-only address',
  reserved: 'a reserved address',
};

// ipaddr.js files these under "reserved"; the message names them more plainly.
const IPV4_NAMED_RANGES = cidrKinds<IPv4>([
  ['192.0.2.0/24', 'a documentation address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['198.18.0.0/15', 'a benchmarking address'],
]);
const IPV6_NAMED_RANGES = cidrKinds<IPv6>([
  ['2001:db8::/32', 'a documentation address'],
  ['3fff::/20', 'a documentation address'],
]);
const NAT64_WELL_KNOWN_PREFIX = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

function cidrKinds<T extends IPv4 | IPv6>(ranges: Array<[cidr: string, kind: string]>): Array<[range: [T, number], kind: string]> {
  return ranges.map(([cidr, kind]) => [ipaddr.parseCIDR(cidr) as [T, number], kind]);
}

function ipv4Kind(ip: IPv4): string | undefined {
  const range = ip.range();
  if (PUBLIC_RANGES.has(range)) return undefined;
  return IPV4_NAMED_RANGES.find(([cidr]) => ip.match(cidr))?.[1] ?? IPV4_KINDS[range] ?? 'a reserved address';
}

/** The IPv4 address held in two 16-bit groups of an IPv6 address. */
function embeddedIPv4(ip: IPv6, firstGroup: number): IPv4 {
  const high = ip.parts[firstGroup]!;
  const low = ip.parts[firstGroup + 1]!;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The kind of an IPv6 address ipaddr.js calls plain unicast: IPv4-compatible (::a.b.c.d) and anything outside 2000::/3 are not public. */
function unicastIPv6Kind(ip: IPv6): string | undefined {
  if (ip.parts.slice(0, 6).every((part) => part === 0)) return ipv4Kind(embeddedIPv4(ip, 6)) ?? 'a deprecated IPv4-compatible address';
  return ip.match(GLOBAL_UNICAST) ? undefined : 'a reserved address';
}

function ipv6Kind(ip: IPv6): string | undefined {
  const range = ip.range();
  // Addresses that carry an IPv4 address are as public as the address they carry.
  if (range === 'rfc6145') return ipv4Kind(embeddedIPv4(ip, 6));
  if (range === 'rfc6052') return ip.match(NAT64_WELL_KNOWN_PREFIX) ? ipv4Kind(embeddedIPv4(ip, 6)) : 'a local-use NAT64 address';
  if (range === '6to4') return ipv4Kind(embeddedIPv4(ip, 1));
  if (range === 'unicast') return unicastIPv6Kind(ip);
  if (PUBLIC_RANGES.has(range)) return undefined;
  return IPV6_NAMED_RANGES.find(([cidr]) => ip.match(cidr))?.[1] ?? IPV6_KINDS[range] ?? 'a reserved address';
}

/**
 * What kind of non-public address this is ("a loopback address", "a private network address"…),
 * or undefined for a public one. Accepts IPv4 and IPv6, including IPv4 inside IPv6 (mapped,
 * compatible, translated, NAT64, 6to4), which is judged by the IPv4 address it carries.
 */
export function reservedAddressKind(address: string): string | undefined {
  // net.isIP accepts only the standard notations; ipaddr.js alone would also read "0x7f.1" or "2130706433".
  if (!net.isIP(address)) return 'not an IP address';
  // process() turns an IPv4-mapped address (::ffff:a.b.c.d) into the IPv4 address it maps.
  const ip = ipaddr.process(address);
  return ip instanceof ipaddr.IPv4 ? ipv4Kind(ip) : ipv6Kind(ip);
}

function refuse(host: string, address: string, kind: string): ArticleInputError {
  const shown = host === address ? address : `${host} (${address})`;
  return new ArticleInputError(`${shown} is ${kind}; only public web addresses can be added (ALLOW_PRIVATE_URLS is off).`);
}

/** A DNS lookup for http.request that refuses a host when any of its addresses is not public. */
function guardedLookup(options: FetchArticleOptions): net.LookupFunction {
  const check = async (hostname: string): Promise<ResolvedAddress[]> => {
    let addresses: ResolvedAddress[];
    try {
      addresses = await options.lookup(hostname);
    } catch (error) {
      throw new ArticleInputError(`${hostname} cannot be found (${errorMessage(error)}).`, { cause: error });
    }
    if (addresses.length === 0) throw new ArticleInputError(`${hostname} has no address (DNS lookup found nothing).`);
    for (const { address } of addresses) {
      const kind = options.allowPrivate ? undefined : options.blockedAddress(address);
      if (kind) throw refuse(hostname, address, kind);
    }
    return addresses;
  };
  return (hostname, lookupOptions, callback) => {
    check(hostname).then(
      (addresses) => {
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

function checkUrl(raw: string, options: FetchArticleOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ArticleInputError(`"${raw.slice(0, 200)}" is not a valid URL; give a full address such as https://example.com/news/article.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArticleInputError(`Only http and https addresses can be added, not ${url.protocol.replace(/:$/u, '')}.`);
  }
  if (url.username || url.password) throw new ArticleInputError('Addresses with a user name or password cannot be added.');
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  // Literal IPs never reach the DNS lookup, so they are checked here.
  if (net.isIP(host) && !options.allowPrivate) {
    const kind = options.blockedAddress(host);
    if (kind) throw refuse(host, host, kind);
  }
  return url;
}

function get(url: URL, options: FetchArticleOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, {
      lookup: guardedLookup(options),
      signal,
      headers: { accept: 'text/html, text/markdown, text/plain;q=0.9', 'user-agent': 'article-qa-bot (+/add-article)' },
    });
    request.on('response', resolve);
    request.on('error', reject);
  });
}

async function readBody(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) throw tooLarge(declared, maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      response.destroy();
      throw tooLarge(total, maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(bytes: number, max: number): ArticleInputError {
  return new ArticleInputError(`The page is over the ${max}-byte limit (at least ${bytes} bytes; MAX_UPLOAD_BYTES).`);
}

/** The declared charset: the Content-Type header's, else an HTML <meta charset>. */
function declaredCharset(contentType: string, body: Buffer, format: FetchedFormat): string | undefined {
  const header = /charset\s*=\s*"?([\w.:-]+)/iu.exec(contentType)?.[1];
  if (header || format !== 'html') return header?.toLowerCase();
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(body.subarray(0, 4096).toString('latin1'))?.[1]?.toLowerCase();
}

function toUtf8(body: Buffer, charset: string | undefined): Uint8Array {
  if (!charset || ['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(charset)) return body;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new ArticleInputError(`The page is encoded as ${charset}, which cannot be read; save it as UTF-8 and attach the file instead.`);
  }
  try {
    return Buffer.from(decoder.decode(body), 'utf8');
  } catch {
    throw new ArticleInputError(`The page says it is encoded as ${charset} but is not; save it as UTF-8 and attach the file instead.`);
  }
}

function fileNameFor(url: URL, format: FetchedFormat): string {
  let segment = '';
  try {
    segment = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  } catch {
    segment = '';
  }
  const stem = path.basename(segment, path.extname(segment)) || url.hostname;
  return `${stem}${extensions[format]}`;
}

/**
 * Downloads an article from an http(s) address for /add-article. Every hop, redirects included, is
 * checked before connecting: the scheme, and (unless `allowPrivate`) every address the host
 * resolves to, which is also the address then connected to, so a DNS answer cannot change in
 * between. The size, time and content type are limited. Throws ArticleInputError with the reason.
 */
export async function fetchArticle(rawUrl: string, options: Partial<FetchArticleOptions> = {}): Promise<FetchedArticle> {
  const settings: FetchArticleOptions = { ...defaultFetchArticleOptions, ...options };
  if (!(settings.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
  if (!(settings.maxBytes > 0)) throw new RangeError('maxBytes must be > 0');
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let url = checkUrl(rawUrl.trim(), settings);
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await get(url, settings, signal);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new ArticleInputError(`${url.host} answered with a redirect (HTTP ${status}) but no address to go to.`);
        if (hop >= settings.maxRedirects) throw new ArticleInputError(`${rawUrl} redirects more than ${settings.maxRedirects} times.`);
        url = checkUrl(new URL(location, url).href, settings);
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw new ArticleInputError(`${url.host} answered HTTP ${status} for ${url.pathname}; check the address.`);
      }
      const contentType = response.headers['content-type'] ?? '';
      const mime = contentType.split(';')[0]!.trim().toLowerCase();
      const format = formats[mime];
      if (!format) {
        response.resume();
        throw new ArticleInputError(`The address serves ${mime || 'no content type'}, not an article; pages (text/html), text/plain and text/markdown can be added.`);
      }
      const body = await readBody(response, settings.maxBytes);
      return { bytes: toUtf8(body, declaredCharset(contentType, body, format)), format, fileName: fileNameFor(url, format), url: url.href };
    }
  } catch (error) {
    if (signal.aborted) {
      throw new ArticleInputError(`${url.host} did not send the page within ${settings.timeoutMs / 1000} s (URL_FETCH_TIMEOUT_SECONDS).`, { cause: error });
    }
    if (error instanceof ArticleInputError) throw error;
    throw new ArticleInputError(`${url.host} cannot be reached (${errorMessage(error)}).`, { cause: error });
  }
}
