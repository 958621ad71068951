import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@headwater/testing';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.HEADWATER_TEST_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the UI tests save their screenshots (git-ignored). */
export const ARTIFACTS_DIR = join(repoRoot, 'test-artifacts', 'ui');

/**
 * Whether the browser tests can run. In CI a missing Chromium is an error, never a silent skip;
 * elsewhere the suite is skipped with a loud message naming what to install.
 */
export function chromiumAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium is missing at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\`.`;
  if (env.CI === 'true' || env.CI === '1') throw new Error(`${message} (CI never skips these tests.)`);
  console.warn(`\n!!! SKIPPING UI TESTS: ${message}\n`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
}

/** Saves a full-page screenshot as `test-artifacts/ui/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
