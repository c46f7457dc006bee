// Every admin page an administrator works with, in Dutch and after an invalid submission:
// each must have zero WCAG 2.1 A/AA violations (axe) and keep what was typed.
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

test('the admin pages pass axe', async ({ page }) => {
  // Twenty pages, each analysed by axe: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(180_000);
  for (const path of ['/beheer', '/beheer/diensten', '/beheer/diensten/nieuw', '/beheer/sluitingsdagen',
    '/beheer/beleid', '/beheer/beleid/nieuw', '/beheer/gebruikers', '/beheer/gebruikers/nieuw',
    '/beheer/uitgaande-mail', '/balie/agenda', '/beheer/afdelingen', '/beheer/audit',
    '/beheer/privacy', '/beheer/privacy?email=niemand%40example.org',
    '/mijn-account/tweestapsverificatie']) {
    await visit(page, path);
  }
  await visit(page, '/beheer/diensten');
  await followLink(page.locator('main table a').first());
  await expectNoAxeViolations(page);
  await followLink(page.locator('main a[href$="/openingsuren"]').first());
  await expectNoAxeViolations(page);
  await visit(page, '/beheer');
  await followLink(page.locator('main a[href$="/loketten"]').first());
  await expectNoAxeViolations(page);
  await visit(page, '/beheer/beleid');
  await followLink(page.locator('main a[href$="/koppelingen"]').first());
  await expectNoAxeViolations(page);
});

test('invalid hours and closing days come back with messages, still accessible', async ({ page }) => {
  await visit(page, '/beheer/diensten');
  await followLink(page.locator('main table a[href$="/openingsuren"]').first());
  const form = page.locator('main form');
  await form.locator('[name=d0_0_opens]').fill('12:00');
  await form.locator('[name=d0_0_closes]').fill('09:00');
  expect(await submitWithoutBrowserValidation(form)).toBe(422);
  await expect(page.locator('#d0_0-error')).toContainText('Het sluitingsuur moet na het openingsuur liggen.');
  await expect(page.locator('[name=d0_0_opens]')).toHaveValue('12:00');
  await expectNoAxeViolations(page);

  await visit(page, '/beheer/sluitingsdagen');
  const closing = page.locator('main form.form');
  await closing.locator('[name=reason]').fill('Personeelsdag');
  expect(await submitWithoutBrowserValidation(closing)).toBe(422);
  await expect(page.locator('#date-error')).toContainText('Vul een geldige datum in.');
  await expect(page.locator('[name=reason]')).toHaveValue('Personeelsdag');
  await expectNoAxeViolations(page);
});

test('an invalid counter comes back next to its field, still accessible', async ({ page }) => {
  await visit(page, '/beheer');
  await followLink(page.locator('main a[href$="/loketten"]').first());
  const form = page.locator('main form.form');
  await form.locator('[name=counter_code]').fill('B 9');
  expect(await submitWithoutBrowserValidation(form)).toBe(422);
  await expect(page.locator('#counter_code-error')).toContainText('alleen letters en cijfers');
  await expect(page.locator('#counter_name-error')).toContainText('Vul een naam in.');
  await expect(page.locator('#counter_code')).toHaveValue('B 9');
  await expect(page.locator('#counter_code')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
});
