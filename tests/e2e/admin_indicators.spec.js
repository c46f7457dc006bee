// Indicators under /beheer: an administrator defines a manual indicator, gives it a target and
// enters a measurement; every page and every form with errors passes axe (WCAG 2.1 AA).
'use strict';

const { test, expect } = require('@playwright/test');
const { expectNoAxeViolations, followLink, submitWithoutBrowserValidation, visit } = require('./helpers');

const ADMIN_EMAIL = process.env.LOKET_E2E_ADMIN_EMAIL || 'admin@example.org';
const ADMIN_PASSWORD = process.env.LOKET_E2E_ADMIN_PASSWORD || 'e2e-wachtwoord-123';

test.beforeEach(async ({ page }) => {
  await visit(page, '/aanmelden');
  const form = page.locator('main form');
  await form.locator('input[name=email]').fill(ADMIN_EMAIL);
  await form.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await submitWithoutBrowserValidation(form);
  await expect(page).toHaveURL(/\/beheer$/);
});

test('an administrator creates an indicator, adds a target and a measurement', async ({ page }) => {
  test.setTimeout(120_000);
  // Unique per run: the browser tests share one database.
  const code = `E2E-${Date.now()}`;
  await visit(page, '/beheer');
  await followLink(page.locator('main a[href="/beheer/indicatoren"]'));
  await expectNoAxeViolations(page);
  await expect(page.locator('main table')).toContainText('01/16/SAP/01-I01');
  await followLink(page.locator('main a[href="/beheer/indicatoren/nieuw"]'));
  await expectNoAxeViolations(page);

  const form = page.locator('main form.form');
  await form.locator('[name=code]').fill(code);
  await form.locator('[name=definition]').fill('Aandeel bezoekers dat tevreden is, uit de jaarlijkse bevraging.');
  await form.locator('[name=source]').selectOption('manual');
  await form.locator('[name=unit]').selectOption('percent');
  await form.locator('[name=direction]').selectOption('ge');
  // No name: the form comes back with the message on the field and everything else kept.
  expect(await submitWithoutBrowserValidation(form)).toBe(422);
  await expect(page.locator('#name-error')).toContainText('Vul een naam in.');
  await expect(page.locator('[name=code]')).toHaveValue(code);
  await expect(page.locator('[name=source]')).toHaveValue('manual');
  await expectNoAxeViolations(page);
  await page.locator('[name=name]').fill('Aandeel tevreden bezoekers');
  expect(await submitWithoutBrowserValidation(page.locator('main form.form').first())).toBe(200);
  await expect(page).toHaveURL(/\/beheer\/indicatoren\/\d+\?opgeslagen=1$/);
  await expect(page.locator('[role=status]')).toContainText('De wijzigingen zijn bewaard.');
  await expectNoAxeViolations(page);

  const target = page.locator('form[action$="/streefwaarden"]');
  await target.locator('[name=target_from]').fill('2026-01-01');
  await target.locator('[name=target_value]').fill('tachtig');
  expect(await submitWithoutBrowserValidation(target)).toBe(422);
  await expect(page.locator('#target_value-error')).toContainText('Vul een getal in');
  await expect(page.locator('[name=target_value]')).toHaveValue('tachtig');
  await expectNoAxeViolations(page);
  await page.locator('[name=target_value]').fill('80');
  expect(await submitWithoutBrowserValidation(page.locator('form[action$="/streefwaarden"]'))).toBe(200);
  await expect(page.locator('#streefwaarden + table')).toContainText('≥ 80 %');
  await expectNoAxeViolations(page);

  await followLink(page.locator('main a[href$="/metingen"]'));
  await expectNoAxeViolations(page);
  const measurement = page.locator('main form.form');
  await measurement.locator('[name=value]').fill('85,5');
  expect(await submitWithoutBrowserValidation(measurement)).toBe(200);
  await expect(page.locator('main table')).toContainText('85,5');
  await expect(page.locator('main table')).toContainText(ADMIN_EMAIL);
  await expectNoAxeViolations(page);

  await visit(page, '/beheer/indicatoren');
  await expect(page.locator('main table tr', { hasText: code })).toContainText('≥ 80');
});
