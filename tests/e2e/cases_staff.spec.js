// A handler works a report: signs in, opens the inbox and the case, asks a wrong thing first
// (the message at the field, what was typed kept), then schedules it. Every page is checked
// with axe (WCAG 2.1 A/AA). The report is put in the database directly, so this spec does not
// depend on the resident's form.
'use strict';

const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const {
  expectNoAxeViolations,
  followLink,
  submitWithoutBrowserValidation,
  visit,
} = require('./helpers');

const HANDLER_EMAIL = process.env.LOKET_E2E_HANDLER_EMAIL || 'behandelaar@example.org';
const HANDLER_PASSWORD = process.env.LOKET_E2E_HANDLER_PASSWORD || 'e2e-behandelaar-123';

/** Runs SQL on the app's SQLite database (tests/e2e/run.sh says where it is). */
function sql(statement) {
  const db = process.env.LOKET_E2E_DATABASE;
  if (!db) throw new Error('LOKET_E2E_DATABASE is not set: run the tests with tests/e2e/run.sh');
  return execFileSync('sqlite3', [db, statement], { encoding: 'utf8' }).trim();
}

/** A new street-lighting report, as the intake would have stored it; returns its reference. */
function seedReport() {
  const number = String(900000 + Math.floor(Math.random() * 99999));
  const reference = `M-2026-${number}`;
  const token = crypto.randomBytes(32).toString('hex');
  const now = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
  const due = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
  sql(`INSERT INTO service_case (kind, reference, tracking_token, channel, status, category_id,
      department_id, description, address, latitude, longitude, name, email, phone, language,
      expectation, received_at, received_day, due_on, extension_reason, forwarded_to, inadmissible_reason,
      outcome, ombudsman_norms, improvement_actions, closing_text, satisfaction_comment,
      reopen_count, updated_at)
    SELECT 'report', '${reference}', '${token}', 'web', 'received', c.id, d.id,
      'De straatlamp voor Kerkstraat 4 brandt niet.', 'Kerkstraat 4, 2500 Lier', 51.1313, 4.5704,
      'Ann Peeters', 'ann.peeters@example.org', '', 'nl', '', '${now}', '${today}', '${due}', '', '', '', '',
      '[]', '', '', '', 0, '${now}'
    FROM case_category c JOIN department d ON d.name = c.department
    WHERE c.kind = 'report' AND c.code = 'straatverlichting'`);
  return reference;
}

/** Tomorrow in Brussels as YYYY-MM-DD. */
function tomorrow() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(
    new Date(Date.now() + 86400000),
  );
}

test('a handler opens the inbox and a case, and schedules the work', async ({ page }) => {
  // Five axe runs on long pages: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  const reference = seedReport();

  await visit(page, '/aanmelden');
  const login = page.locator('form').filter({ has: page.locator('input[name=email]') });
  await login.locator('input[name=email]').fill(HANDLER_EMAIL);
  await login.locator('input[name=password]').fill(HANDLER_PASSWORD);
  expect(await submitWithoutBrowserValidation(login)).toBeLessThan(400);

  // The navigation leads to the inbox; the new report is in it.
  await followLink(page.locator('nav a[href="/balie/meldingen"]'));
  await expect(page.locator('h1')).toHaveText('Meldingen en klachten');
  await expectNoAxeViolations(page);
  const row = page.locator('table.inbox tr', { hasText: reference });
  await expect(row).toContainText('Straatverlichting');
  await expect(row).toContainText('Ontvangen');

  // The filters are a plain form: only reports, open ones.
  await page.locator('select[name=soort]').selectOption('report');
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('form.inbox-filters button[type=submit]').click(),
  ]);
  await expect(page).toHaveURL(/soort=report/);
  await expect(page.locator('table.inbox')).toContainText(reference);

  await followLink(page.locator('table.inbox a', { hasText: reference }));
  await expect(page.locator('h1')).toHaveText(`Melding ${reference}`);
  await expect(page.locator('main')).toContainText('De straatlamp voor Kerkstraat 4 brandt niet.');
  await expectNoAxeViolations(page);

  // A date in the past: the message at the field, what was typed kept.
  const schedule = page.locator('#actie-schedule form');
  await schedule.locator('[name=on]').fill('2020-01-01');
  await schedule.locator('[name=message]').fill('De ploeg komt langs.');
  expect(await submitWithoutBrowserValidation(schedule)).toBe(422);
  await expect(page.locator('#schedule-on-error')).toContainText('Deze datum is voorbij.');
  await expect(page.locator('#schedule-on')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#schedule-message')).toHaveValue('De ploeg komt langs.');
  await expect(page.locator('.error[role=alert] a[href="#schedule-on"]')).toHaveCount(1);
  await expectNoAxeViolations(page);

  await page.locator('#schedule-on').fill(tomorrow());
  expect(await submitWithoutBrowserValidation(page.locator('#actie-schedule form'))).toBe(200);
  await expect(page.locator('main [role=status]')).toContainText('De stap is opgeslagen.');
  await expect(page.locator('.case-status')).toContainText('Ingepland');
  await expect(page.locator('.case-history')).toContainText('De ploeg komt langs.');
  await expectNoAxeViolations(page);
});
