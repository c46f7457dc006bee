// Staff side: signing in, the admin dashboard, the product form's server-side validation, and
// the language switch. Needs an admin account (tests/e2e/run.sh creates it). Every page
// visited is checked with axe (WCAG 2.1 A/AA).
'use strict';

const { test, expect } = require('@playwright/test');
const {
  expectNoAxeViolations,
  expectLanguageSwitch,
  expectVisibleLabel,
  followLink,
  submitWithoutBrowserValidation,
  visit,
} = require('./helpers');

const ADMIN_EMAIL = process.env.LOKET_E2E_ADMIN_EMAIL || 'admin@example.org';
const ADMIN_PASSWORD = process.env.LOKET_E2E_ADMIN_PASSWORD || 'e2e-wachtwoord-123';

// A Dutch message that says a field must be filled in.
const DUTCH_REQUIRED = /verplicht|vul\b|invullen|ontbreekt|\bleeg\b|\bnodig\b/i;

/** After a form was sent and the page re-rendered: checks it, axe included. */
async function checkPage(page) {
  await expectLanguageSwitch(page);
  await expectNoAxeViolations(page);
}

/** The sign-in form: the form holding the e-mail input. */
function loginForm(page) {
  return page.locator('form').filter({ has: page.locator('input[name=email]') });
}

async function signIn(page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await visit(page, '/aanmelden');
  const form = loginForm(page);
  await form.locator('input[name=email]').fill(email);
  await form.locator('input[name=password]').fill(password);
  const status = await submitWithoutBrowserValidation(form);
  expect(status, 'HTTP status after signing in').toBeLessThan(500);
}

/** The element(s) that aria-describedby of a field points at. */
function describedBy(page, ids) {
  const selector = (ids || '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => `[id="${id}"]`)
    .join(', ');
  return page.locator(selector || '#no-aria-describedby');
}

test.describe('signing in', () => {
  test('the sign-in page has labelled fields and a submit button', async ({ page }) => {
    await visit(page, '/aanmelden');
    const form = loginForm(page);
    await expect(form).toHaveCount(1);
    await expectVisibleLabel(page, form.locator('input[name=email]'));
    await expectVisibleLabel(page, form.locator('input[name=password]'));
    await expect(form.locator('input[name=password]')).toHaveAttribute('type', 'password');
    await expect(form.locator('button[type=submit], input[type=submit]').first()).toBeVisible();
  });

  test('a staff page sends an anonymous visitor to the sign-in page', async ({ page }) => {
    await page.goto('/beheer');
    await expect(page).toHaveURL(/\/aanmelden/);
    await checkPage(page);
  });

  test('a wrong password shows an error and keeps the e-mail address', async ({ page }) => {
    await signIn(page, ADMIN_EMAIL, 'dit-is-niet-het-wachtwoord');
    await expect(page).toHaveURL(/\/aanmelden/);
    const error = page.locator('main [role=alert], main .error').first();
    await expect(error).toBeVisible();
    await expect(error).not.toHaveText(/^\s*$/);
    await expect(loginForm(page).locator('input[name=email]')).toHaveValue(ADMIN_EMAIL);
    await checkPage(page);
  });

  test('the admin lands on /beheer', async ({ page }) => {
    await signIn(page);
    await expect(page).toHaveURL(/\/beheer\/?$/);
    await expect(page.locator('h1')).toHaveText(/^\s*Beheer\s*$/);
    await checkPage(page);
  });
});

test.describe('admin', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
    await expect(page).toHaveURL(/\/beheer\/?$/);
  });

  test('the product form re-renders with a Dutch message when the name is empty', async ({ page }) => {
    // From the dashboard to the product list.
    await followLink(page.locator('main a[href="/beheer/producten"]').first());
    await expect(page).toHaveURL(/\/beheer\/producten\/?$/);
    await checkPage(page);
    const editLinks = page.locator('main a[href^="/beheer/producten/"]');
    expect(await editLinks.count()).toBeGreaterThan(1);

    // The eID's edit form.
    const eid = editLinks.filter({ hasText: /identiteitskaart/i }).first();
    await expect(eid).toBeVisible();
    await followLink(eid);
    const editUrl = page.url();
    await checkPage(page);

    const form = page.locator('main form').filter({ has: page.locator('[name=name]') });
    await expect(form).toHaveCount(1);
    expect(await form.getAttribute('method')).toMatch(/^post$/i);
    const name = form.locator('[name=name]');
    const summary = form.locator('[name=summary]');
    await expectVisibleLabel(page, name);
    await expectVisibleLabel(page, summary);
    const originalName = await name.inputValue();
    expect(originalName).toMatch(/identiteitskaart/i);

    const typedSummary = `Samenvatting uit de browsertest ${Date.now()}`;
    await name.fill('');
    await summary.fill(typedSummary);
    const status = await submitWithoutBrowserValidation(form);
    expect([200, 400, 422], `HTTP status of the re-rendered form (${status})`).toContain(status);

    // Re-rendered: the same form, the message on the name field, what was typed kept.
    const again = page.locator('main form').filter({ has: page.locator('[name=name]') });
    await expect(again).toHaveCount(1);
    const nameAgain = again.locator('[name=name]');
    await expect(nameAgain).toHaveValue('');
    await expect(nameAgain).toHaveAttribute('aria-invalid', 'true');
    const message = describedBy(page, await nameAgain.getAttribute('aria-describedby'));
    await expect(message.first(), 'the message that aria-describedby of the name points at').toBeVisible();
    await expect(message.filter({ hasText: DUTCH_REQUIRED }).first()).toBeVisible();
    await expect(again.locator('[name=summary]')).toHaveValue(typedSummary);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await checkPage(page);

    // Nothing was saved.
    await visit(page, editUrl);
    await expect(page.locator('main form [name=name]')).toHaveValue(originalName);
    await expect(page.locator('main form [name=summary]')).not.toHaveValue(typedSummary);
  });

  test('the language switch works on the admin pages too', async ({ page }) => {
    await checkPage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await followLink(page.locator('a[hreflang=en]'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveURL(/\/beheer\/?$/);
    await expect(page.locator('h1')).not.toHaveText(/^\s*Beheer\s*$/);
    await checkPage(page);
  });
});
