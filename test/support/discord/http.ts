import type { IncomingMessage } from 'node:http';
import type { RequestRules, RuleNote } from './rules.ts';

export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  key: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** The path below `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The matched route, e.g. `POST /channels/:channelId/messages`; null when the stand-in has no such route. */
  route: string | null;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Parsed JSON, or `payload_json` of a multipart body; null when there was none. */
  body: any;
  files: UploadedFile[];
  status: number;
  response: unknown;
  /** Headers of the answer beyond content-type (rate-limit headers, for instance). */
  responseHeaders: Record<string, string>;
  /** Rules this request broke; refused unless relaxed (then listed in `relaxed`). */
  violations: RuleNote[];
  relaxed: RuleNote[];
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: any;
  files: UploadedFile[];
  /** The stand-in's rules as they apply to this request. */
  rules: RequestRules;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: RouteRequest) => RouteResponse;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern, segments: pattern.split('/').slice(1), handler });
    return this;
  }

  has(route: string): boolean {
    return this.routes.some((r) => `${r.method} ${r.pattern}` === route);
  }

  /** First match wins, so literal routes (`/users/@me`) must be added before parameterised ones. */
  match(method: string, path: string): { route: string; params: Record<string, string>; handler: Handler } | null {
    const parts = path.split('/').slice(1);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((segment, i) => {
        if (segment.startsWith(':')) return Boolean((params[segment.slice(1)] = parts[i]!));
        return segment === parts[i];
      });
      if (matches) return { route: `${method} ${route.pattern}`, params, handler: route.handler };
    }
    return null;
  }
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('application/json')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  return { body: raw.toString('utf8'), files: [] };
}

/** discord.js sends files as `files[n]` parts next to a `payload_json` part holding the JSON body. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: UploadedFile[] }> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  let body: Record<string, unknown> | null = null;
  const files: UploadedFile[] = [];
  for (const [key, value] of form) {
    if (typeof value === 'string') {
      const fields = key === 'payload_json' ? (JSON.parse(value) as Record<string, unknown>) : { [key]: value };
      body = { ...(body ?? {}), ...fields };
    } else {
      files.push({ key, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}
