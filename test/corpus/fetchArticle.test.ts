import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArticle, reservedAddressKind, type ResolvedAddress } from '../../src/corpus/fetchArticle.ts';
import { ArticleInputError } from '../../src/errors.ts';

const page = '<html><head><title>Winter aid</title></head><body><article><p>Ministers agreed to send generators before the winter.</p></article></body></html>';

describe('downloading an article from a URL', () => {
  let server: Server;
  let base: string;
  let port: number;
  const hits: string[] = [];
  const routes: Record<string, (res: ServerResponse, req: IncomingMessage) => void> = {
    '/article.html': (res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page),
    '/notes.md': (res) => res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Notes\n\nSome notes.'),
    '/moved': (res) => res.writeHead(301, { location: '/article.html' }).end(),
    '/to-private': (res) => res.writeHead(302, { location: 'http://10.0.0.7/secret' }).end(),
    '/to-file': (res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
    '/image.png': (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10)),
    '/declared-large': (res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000000' }).end(),
    '/streamed-large': (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 20; i += 1) res.write('x'.repeat(1000));
      res.end();
    },
    '/slow': () => undefined,
    '/missing': (res) => res.writeHead(404).end(),
    '/arabic-1256': (res) => res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1256' }).end(Buffer.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7])),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res, req);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const local = { allowPrivate: true, timeoutMs: 2_000, maxBytes: 10_000 };
  const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (error: unknown) => {
    expect(error).toBeInstanceOf(ArticleInputError);
    return (error as Error).message;
  });

  it('downloads a page, following redirects, and names it after the last segment of its address', async () => {
    const fetched = await fetchArticle(`${base}/moved`, local);
    expect(fetched).toMatchObject({ format: 'html', fileName: 'article.html', url: `${base}/article.html` });
    expect(Buffer.from(fetched.bytes).toString()).toBe(page);
    expect(await fetchArticle(`${base}/notes.md`, local)).toMatchObject({ format: 'markdown', fileName: 'notes.md' });
  });

  it('refuses a host that resolves to a private address, without connecting to it', async () => {
    const asked: string[] = [];
    const lookup = async (host: string): Promise<ResolvedAddress[]> => {
      asked.push(host);
      return [{ address: '10.1.2.3', family: 4 }];
    };
    const before = hits.length;
    expect(await refusal(fetchArticle(`http://news.example:${port}/article.html`, { ...local, allowPrivate: false, lookup }))).toBe(
      'news.example (10.1.2.3) is a private network address; only public web addresses can be added (ALLOW_PRIVATE_URLS is off).',
    );
    expect(asked).toEqual(['news.example']);
    expect(hits.length).toBe(before);
  });

  it('refuses a host when any one of its addresses is not public', async () => {
    const lookup = async (): Promise<ResolvedAddress[]> => [{ address: '93.184.215.14', family: 4 }, { address: 'fe80::1', family: 6 }];
    expect(await refusal(fetchArticle('http://mixed.example/a', { ...local, allowPrivate: false, lookup }))).toContain('fe80::1) is a link-local address');
  });

  it('checks every redirect hop again, and connects to the address it checked', async () => {
    // The page server stands in for a public host here: only 10.0.0.0/8 counts as private.
    const publicHost = { allowPrivate: false, lookup: async () => [{ address: '127.0.0.1', family: 4 }], blockedAddress: (ip: string) => (ip.startsWith('10.') ? 'a private network address' : undefined) };
    expect(await fetchArticle(`http://public.example:${port}/moved`, { ...local, ...publicHost })).toMatchObject({ format: 'html' });
    expect(await refusal(fetchArticle(`http://public.example:${port}/to-private`, { ...local, ...publicHost }))).toContain('10.0.0.7 is a private network address');
    expect(await refusal(fetchArticle(`${base}/to-file`, local))).toBe('Only http and https addresses can be added, not file.');
    expect(await refusal(fetchArticle(`${base}/loop`, { ...local, maxRedirects: 3 }))).toBe(`${base}/loop redirects more than 3 times.`);
  });

  it('refuses other schemes, credentials, malformed addresses and literal private IPs', async () => {
    expect(await refusal(fetchArticle('ftp://example.org/a.txt'))).toBe('Only http and https addresses can be added, not ftp.');
    expect(await refusal(fetchArticle('https://user:pass@example.org/'))).toBe('Addresses with a user name or password cannot be added.');
    expect(await refusal(fetchArticle('example.org/article'))).toContain('is not a valid URL');
    expect(await refusal(fetchArticle('http://169.254.169.254/latest/meta-data/'))).toContain('is a link-local address');
    expect(await refusal(fetchArticle('http://2130706433/'))).toContain('127.0.0.1 is a loopback address');
    expect(await refusal(fetchArticle('http://[::ffff:10.0.0.1]/'))).toContain('is a private network address');
  });

  it('refuses a literal loopback or private address in every notation the URL parser accepts, before connecting', async () => {
    // The URL parser rewrites each host to its standard form (::127.0.0.1 becomes ::7f00:1): the message names what arrives.
    const literals: Array<[host: string, arrives: string, kind: string]> = [
      ['127.0.0.1', '127.0.0.1', 'a loopback address'],
      ['2130706433', '127.0.0.1', 'a loopback address'],
      ['0x7f.1', '127.0.0.1', 'a loopback address'],
      ['017700000001', '127.0.0.1', 'a loopback address'],
      ['[::1]', '::1', 'a loopback address'],
      ['[::127.0.0.1]', '::7f00:1', 'a loopback address'],
      ['[::ffff:127.0.0.1]', '::ffff:7f00:1', 'a loopback address'],
      ['[::ffff:7f00:1]', '::ffff:7f00:1', 'a loopback address'],
      ['[64:ff9b::127.0.0.1]', '64:ff9b::7f00:1', 'a loopback address'],
      ['[2002:7f00:1::]', '2002:7f00:1::', 'a loopback address'],
      ['[2001::1]', '2001::1', 'a Teredo tunnel address'],
      ['[fc00::1]', 'fc00::1', 'a unique local (private) IPv6 address'],
      ['[ff02::1]', 'ff02::1', 'a multicast address'],
    ];
    const before = hits.length;
    for (const [host, arrives, kind] of literals) {
      expect(await refusal(fetchArticle(`http://${host}:${port}/article.html`, { ...local, allowPrivate: false }))).toBe(
        `${arrives} is ${kind}; only public web addresses can be added (ALLOW_PRIVATE_URLS is off).`,
      );
    }
    expect(hits.length).toBe(before);
  });

  it('refuses an IPv6 address with a zone id as an invalid URL, since the URL parser does not accept one', async () => {
    expect(await refusal(fetchArticle('http://[fe80::1%25eth0]/'))).toBe(
      '"http://[fe80::1%25eth0]/" is not a valid URL; give a full address such as https://example.com/news/article.',
    );
  });

  it('refuses a host name that resolves to any kind of non-public address, without connecting', async () => {
    const answers: Array<[address: string, family: number, kind: string]> = [
      ['127.0.0.1', 4, 'a loopback address'],
      ['0.0.0.0', 4, 'an unspecified ("this network") address'],
      ['100.64.0.1', 4, 'a carrier-grade NAT (shared) address'],
      ['192.0.2.10', 4, 'a documentation address'],
      ['198.18.0.1', 4, 'a benchmarking address'],
      ['224.0.0.1', 4, 'a multicast address'],
      ['::1', 6, 'a loopback address'],
      ['::7f00:1', 6, 'a loopback address'],
      ['::ffff:127.0.0.1', 6, 'a loopback address'],
      ['64:ff9b::a9fe:a9fe', 6, 'a link-local address'],
      ['2002:a00:1::', 6, 'a private network address'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 6, 'a Teredo tunnel address'],
      ['fd00::1', 6, 'a unique local (private) IPv6 address'],
    ];
    const before = hits.length;
    for (const [address, family, kind] of answers) {
      const lookup = async (): Promise<ResolvedAddress[]> => [{ address, family }];
      expect(await refusal(fetchArticle(`http://news.example:${port}/article.html`, { ...local, allowPrivate: false, lookup }))).toBe(
        `news.example (${address}) is ${kind}; only public web addresses can be added (ALLOW_PRIVATE_URLS is off).`,
      );
    }
    expect(hits.length).toBe(before);
  });

  it('refuses what is not an article, too large or too slow', async () => {
    expect(await refusal(fetchArticle(`${base}/image.png`, local))).toBe(
      'The address serves image/png, not an article; pages (text/html), text/plain and text/markdown can be added.',
    );
    expect(await refusal(fetchArticle(`${base}/declared-large`, local))).toContain('over the 10000-byte limit');
    expect(await refusal(fetchArticle(`${base}/streamed-large`, local))).toContain('over the 10000-byte limit');
    expect(await refusal(fetchArticle(`${base}/missing`, local))).toBe(`127.0.0.1:${port} answered HTTP 404 for /missing; check the address.`);
    expect(await refusal(fetchArticle(`${base}/slow`, { ...local, timeoutMs: 150 }))).toBe(`127.0.0.1:${port} did not send the page within 0.15 s (URL_FETCH_TIMEOUT_SECONDS).`);
  });

  it('turns a page in another declared charset into UTF-8', async () => {
    const fetched = await fetchArticle(`${base}/arabic-1256`, local);
    expect(Buffer.from(fetched.bytes).toString('utf8')).toBe('مرحبا');
  });
});

describe('which addresses are not public', () => {
  it('names private, loopback, link-local, CGNAT, multicast, unspecified and reserved IPv4 ranges', () => {
    expect(reservedAddressKind('10.255.0.1')).toBe('a private network address');
    expect(reservedAddressKind('172.31.255.255')).toBe('a private network address');
    expect(reservedAddressKind('172.32.0.1')).toBeUndefined();
    expect(reservedAddressKind('192.168.1.1')).toBe('a private network address');
    expect(reservedAddressKind('127.8.8.8')).toBe('a loopback address');
    expect(reservedAddressKind('169.254.169.254')).toBe('a link-local address');
    expect(reservedAddressKind('100.64.0.1')).toBe('a carrier-grade NAT (shared) address');
    expect(reservedAddressKind('100.128.0.1')).toBeUndefined();
    expect(reservedAddressKind('224.0.0.251')).toBe('a multicast address');
    expect(reservedAddressKind('0.0.0.0')).toBe('an unspecified ("this network") address');
    expect(reservedAddressKind('255.255.255.255')).toBe('a reserved address');
    expect(reservedAddressKind('93.184.215.14')).toBeUndefined();
  });

  it('names IPv6 loopback, unspecified, unique local, link-local and multicast, and IPv4 hidden in IPv6', () => {
    expect(reservedAddressKind('::1')).toBe('a loopback address');
    expect(reservedAddressKind('::')).toBe('an unspecified address');
    expect(reservedAddressKind('fd12:3456::1')).toBe('a unique local (private) IPv6 address');
    expect(reservedAddressKind('fe80::1%eth0')).toBe('a link-local address');
    expect(reservedAddressKind('ff02::1')).toBe('a multicast address');
    expect(reservedAddressKind('::ffff:127.0.0.1')).toBe('a loopback address');
    expect(reservedAddressKind('::ffff:7f00:1')).toBe('a loopback address');
    expect(reservedAddressKind('64:ff9b::a00:1')).toBe('a private network address');
    expect(reservedAddressKind('2002:c0a8:0101::1')).toBe('a private network address');
    expect(reservedAddressKind('2606:4700:4700::1111')).toBeUndefined();
    expect(reservedAddressKind('example.org')).toBe('not an IP address');
  });

  it('judges an IPv4 address carried inside IPv6 (compatible, translated, NAT64, 6to4) by that IPv4 address', () => {
    expect(reservedAddressKind('::127.0.0.1')).toBe('a loopback address');
    expect(reservedAddressKind('::7f00:1')).toBe('a loopback address');
    expect(reservedAddressKind('::ffff:0:7f00:1')).toBe('a loopback address');
    expect(reservedAddressKind('64:ff9b::127.0.0.1')).toBe('a loopback address');
    expect(reservedAddressKind('2002:7f00:1::')).toBe('a loopback address');
    expect(reservedAddressKind('2002:a9fe:a9fe::1')).toBe('a link-local address');
  });

  it('names Teredo, documentation, benchmarking, discard, site-local, local-use NAT64 and other reserved IPv6 ranges', () => {
    expect(reservedAddressKind('2001::1')).toBe('a Teredo tunnel address');
    expect(reservedAddressKind('2001:db8::1')).toBe('a documentation address');
    expect(reservedAddressKind('3fff::1')).toBe('a documentation address');
    expect(reservedAddressKind('2001:2::1')).toBe('a benchmarking address');
    expect(reservedAddressKind('100::1')).toBe('a discard-only address');
    expect(reservedAddressKind('fec0::1')).toBe('a site-local address');
    expect(reservedAddressKind('64:ff9b:1::1')).toBe('a local-use NAT64 address');
    expect(reservedAddressKind('::5db8:d70e')).toBe('a deprecated IPv4-compatible address');
    expect(reservedAddressKind('4000::1')).toBe('a reserved address');
    expect(reservedAddressKind('fc00::1')).toBe('a unique local (private) IPv6 address');
  });

  it('names IPv4 documentation, benchmarking and reserved ranges', () => {
    expect(reservedAddressKind('192.0.2.1')).toBe('a documentation address');
    expect(reservedAddressKind('198.51.100.7')).toBe('a documentation address');
    expect(reservedAddressKind('203.0.113.9')).toBe('a documentation address');
    expect(reservedAddressKind('198.19.255.1')).toBe('a benchmarking address');
    expect(reservedAddressKind('192.0.0.8')).toBe('a reserved address');
    expect(reservedAddressKind('240.0.0.1')).toBe('a reserved address');
  });

  it('lets public addresses through, also when IPv4-mapped, behind NAT64 or in 6to4', () => {
    expect(reservedAddressKind('93.184.215.14')).toBeUndefined();
    expect(reservedAddressKind('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBeUndefined();
    expect(reservedAddressKind('::ffff:93.184.215.14')).toBeUndefined();
    expect(reservedAddressKind('64:ff9b::5db8:d70e')).toBeUndefined();
    expect(reservedAddressKind('2002:5db8:d70e::1')).toBeUndefined();
  });

  it('reads only the standard notations: a number or hex form is not taken for an address', () => {
    expect(reservedAddressKind('2130706433')).toBe('not an IP address');
    expect(reservedAddressKind('0x7f.1')).toBe('not an IP address');
  });
});
