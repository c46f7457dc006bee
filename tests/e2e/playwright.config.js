// Playwright configuration for Loket's browser tests.
//
// The browser is Debian's Chromium (apt-get install chromium), never a Playwright download:
// this machine cannot fetch browser builds. Point CHROMIUM elsewhere to use another binary.
// The app must already be running at LOKET_E2E_URL; tests/e2e/run.sh starts one for you.
'use strict';

const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: __dirname,
  testMatch: '*.spec.js',
  outputDir: 'test-results',
  // One app, one database: the tests run one after the other.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: process.env.LOKET_E2E_URL || 'http://127.0.0.1:18080',
    browserName: 'chromium',
    headless: true,
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
    javaScriptEnabled: true,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
});
