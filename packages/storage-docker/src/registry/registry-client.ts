import { createHash } from 'node:crypto';
import { RegistryRefusedError } from '../errors/registry-refused-error.js';
import { RegistryUnreachableError } from '../errors/registry-unreachable-error.js';
import type { ImageReference } from './image-reference.js';
import type { RegistryAuth } from './registry-auth.js';

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** The parts of `fetch` the registry client uses; injectable for registries behind a proxy. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function parseChallenge(
  header: string | null,
): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const match = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const part of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[part[1]!] = part[2]!;
  return { scheme: match[1]!.toLowerCase(), params };
}

async function registryMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string; detail?: unknown }[] };
    const errors = body.errors?.map((e) => [e.code, e.message].filter(Boolean).join(': ')).filter(Boolean);
    if (errors?.length) return errors.join('; ');
  } catch {}
  return `HTTP ${response.status} ${response.statusText}${text ? ` ${text.slice(0, 200).trim()}` : ''}`;
}

/**
 * A minimal client for the registry HTTP API (distribution spec v2): reads manifest
 * digests, answering Basic and Bearer token challenges with the given credentials.
 */
export class RegistryClient {
  private bearer: string | undefined;

  constructor(
    private readonly reference: ImageReference,
    private readonly auth: RegistryAuth | undefined,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  /**
   * The digest the registry serves for `tag`, or `undefined` when the tag does not exist.
   * Throws {@link RegistryUnreachableError} or {@link RegistryRefusedError}.
   */
  async manifestDigest(tag: string, signal?: AbortSignal): Promise<string | undefined> {
    const url = `${this.reference.apiBaseUrl}/v2/${this.reference.repository}/manifests/${encodeURIComponent(tag)}`;
    const head = await this.request(url, 'HEAD', signal);
    if (head.status === 404) return undefined;
    const digest = head.ok ? head.headers.get('docker-content-digest') : undefined;
    if (digest) return digest;
    // A HEAD answer has no body: ask again with GET for the registry's own error message.
    const response = await this.request(url, 'GET', signal);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await this.refused(response);
    return `sha256:${createHash('sha256')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex')}`;
  }

  private async request(url: string, method: string, signal?: AbortSignal): Promise<Response> {
    const send = (authorization?: string) =>
      this.fetchImpl(url, {
        method,
        headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) },
        signal,
      }).catch((error: unknown) => {
        if (signal?.aborted) throw error;
        throw new RegistryUnreachableError({
          registry: this.reference.registry,
          reason: describeNetworkError(error),
          cause: error,
        });
      });
    let response = await send(this.bearer && `Bearer ${this.bearer}`);
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    if (challenge?.scheme === 'basic' && this.auth && 'username' in this.auth) {
      const basic = Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64');
      response = await send(`Basic ${basic}`);
    } else if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      this.bearer = await this.token(challenge.params, signal);
      response = await send(`Bearer ${this.bearer}`);
    }
    return response;
  }

  private async token(params: Record<string, string>, signal?: AbortSignal): Promise<string> {
    const url = new URL(params.realm!);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${this.reference.repository}:pull`);
    const headers: Record<string, string> = {};
    const init: RequestInit = { method: 'GET', headers, signal };
    if (this.auth && 'username' in this.auth) {
      headers.authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    } else if (this.auth) {
      const body = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.auth.identityToken,
        service: params.service ?? '',
        scope: url.searchParams.get('scope') ?? '',
        client_id: 'headwater',
      });
      Object.assign(init, { method: 'POST', body });
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await this.fetchImpl(url.href, init).catch((error: unknown) => {
      throw new RegistryUnreachableError({
        registry: url.host,
        reason: `token service: ${describeNetworkError(error)}`,
        cause: error,
      });
    });
    if (!response.ok) throw await this.refused(response);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw await this.refused(response);
    return token;
  }

  private async refused(response: Response): Promise<RegistryRefusedError> {
    return new RegistryRefusedError({
      registry: this.reference.registry,
      image: this.reference.name,
      registryMessage: await registryMessage(response),
      status: response.status,
      authenticated: this.auth !== undefined,
    });
  }
}
