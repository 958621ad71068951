import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiTokenDirect, type RunningServer, startServer } from '@headwater/server';
import type { Page } from 'playwright-core';
import { buildUi } from './build-ui.js';

/** The server reads the UI's files from here when set (see the server's `serve-ui.ts`). */
const UI_DIR_ENV = 'HEADWATER__SERVER__UI_DIR';

export interface UiServer {
  server: RunningServer;
  /** The server's temporary home; removed by `close`. Scratch files may go here too. */
  home: string;
  url: string;
  /** The first-start admin token (USER). */
  adminToken: string;
  /** A RUNNER token, for playing the agent's part. */
  runnerToken: string;
  /** GraphQL as a given token; throws with the API's error code in the message. */
  gql<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A real Headwater server on a fresh SQLite database in a temporary home, serving a build of
 * the web app made from the current source.
 */
export async function startUiServer(): Promise<UiServer> {
  const home = await mkdtemp(join(tmpdir(), 'headwater-ui-'));
  const uiDir = await buildUi(join(home, 'ui'));
  const previousUiDir = process.env[UI_DIR_ENV];
  process.env[UI_DIR_ENV] = uiDir;
  const databaseUrl = join(home, 'headwater.db');
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    databaseUrl,
    homeDir: home,
    services: false,
    print: () => {},
  });
  const adminToken = server.initialToken?.token;
  if (!adminToken) throw new Error('A fresh server should have printed an admin token.');
  const { token: runnerToken } = await createApiTokenDirect({
    databaseUrl,
    homeDir: home,
    name: 'test agent',
    scope: 'RUNNER',
  });

  const gql = async <T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (error) throw new Error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
    return body.data as T;
  };

  return {
    server,
    home,
    url: server.url,
    adminToken,
    runnerToken,
    gql,
    async close() {
      await server.close();
      if (previousUiDir === undefined) delete process.env[UI_DIR_ENV];
      else process.env[UI_DIR_ENV] = previousUiDir;
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Signs `page` in to `hw` with the admin token and waits for the dashboard. */
export async function signInAsAdmin(page: Page, hw: UiServer): Promise<void> {
  await page.goto(hw.url);
  await page.getByLabel('API token').fill(hw.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}
