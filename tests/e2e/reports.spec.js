// A manager reads all five reports (each without WCAG 2.1 A/AA violations), changes the
// period with the plain GET form, and downloads a report as CSV.
'use strict';

const { test, expect } = require('@playwright/test');
const { submitWithoutBrowserValidation, visit } = require('./helpers');

const MANAGER_EMAIL = process.env.LOKET_E2E_MANAGER_EMAIL || 'manager@example.org';
const MANAGER_PASSWORD = process.env.LOKET_E2E_MANAGER_PASSWORD || 'e2e-manager-wachtwoord-123';

test.beforeEach(async ({ page }) => {
  await visit(page, '/aanmelden?terug=/rapporten');
  const form = page.locator('main form');
  await form.locator('input[name=email]').fill(MANAGER_EMAIL);
  await form.locator('input[name=password]').fill(MANAGER_PASSWORD);
  await submitWithoutBrowserValidation(form);
  await expect(page).toHaveURL(/\/rapporten$/);
});

test('a manager reads every report, accessible, and picks a period', async ({ page }) => {
  // Eight pages, each checked by axe.
  test.setTimeout(120000);
  await visit(page, '/rapporten');
  await expect(page.locator('header nav a[href="/rapporten"]')).toHaveCount(1);
  const slugs = ['wachttijden', 'afspraken', 'telefoon', 'klachten-en-meldingen', 'beleid'];
  for (const slug of slugs) {
    await expect(page.locator(`main a[href="/rapporten/${slug}"]`)).toHaveCount(1);
  }
  // 2025: the Lier plan (2020-2025) still runs, so the policy report has tables too.
  for (const slug of slugs) {
    await visit(page, `/rapporten/${slug}?jaar=2025`);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.locator('main table caption').first()).toBeVisible();
  }
  // The policy report of 2022 has the recorded missed-call share of seed 001 and its history.
  await visit(page, '/rapporten/beleid?jaar=2022');
  await expect(page.locator('main')).toContainText('01/16/SAP/01');
  await expect(page.locator('main')).toContainText('11,56 %');
  await expect(page.locator('main svg.chart').first()).toBeVisible();

  // The period picker is a plain GET form.
  await visit(page, '/rapporten/telefoon');
  await page.locator('main form.period-picker input[name=jaar]').fill('2025');
  await page.locator('main form.period-picker select[name=deel]').selectOption('k2');
  await page.locator('main form.period-picker button[type=submit]').click();
  await expect(page).toHaveURL(/\/rapporten\/telefoon\?jaar=2025&deel=k2$/);
  await expect(page.locator('main h1')).toContainText('2025-04-01 – 2025-06-30');
});

test('a manager downloads a report as CSV', async ({ page }) => {
  await visit(page, '/rapporten/beleid?jaar=2022');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('main a[href*="/export.csv"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('beleid-2022.csv');
  const path = await download.path();
  const text = require('fs').readFileSync(path, 'utf8');
  expect(text).toContain('01/16/SAP/01');
  expect(text).toContain('11,56 %');
});
