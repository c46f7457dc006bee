// The public side: home, product search, a product page, its policy links, the policy tree.
// Runs against the Lier seed data. Every page visited is checked with axe (WCAG 2.1 A/AA).
'use strict';

const { test, expect } = require('@playwright/test');
const {
  expectNoAxeViolations,
  expectLanguageSwitch,
  expectVisibleLabel,
  followLink,
  submitAndWait,
  visit,
} = require('./helpers');

const EID = '/producten/identiteitskaart';
// Lier's action codes look like 01/16/SAP/01/01 (objective/objective/SAP/plan/action).
const ACTION_CODE = /\b\d{2}\/\d{2}\/[A-Z]+\/\d{2}\/\d{2}\b/;

/** The result links of a search page (links to products inside <main>). */
function productLinks(page) {
  return page.locator('main a[href^="/producten/"]');
}

test.describe('home and search', () => {
  test('home has the municipality, a labelled search form, and the search works', async ({ page }) => {
    await visit(page, '/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('h1')).toContainText('Lier');

    const form = page.locator('form[role=search]');
    await expect(form).toHaveCount(1);
    expect((await form.getAttribute('method')) || 'get').toMatch(/^get$/i);
    expect(new URL(await form.getAttribute('action'), page.url()).pathname).toBe('/producten');

    const q = form.locator('input[name=q]');
    await expectVisibleLabel(page, q);

    await q.fill('identiteitskaart');
    expect(await submitAndWait(form)).toBe(200);
    await expect(page).toHaveURL(/\/producten\?(.*&)?q=identiteitskaart(&|$)/);
    await expectLanguageSwitch(page);
    await expectNoAxeViolations(page);
    const eid = page.locator(`main a[href="${EID}"]`);
    await expect(eid.first()).toBeVisible();
    await expect(eid.first()).toContainText(/identiteitskaart/i);
  });

  test('results are links inside main', async ({ page }) => {
    await visit(page, '/producten?q=identiteitskaart');
    expect(await productLinks(page).count()).toBeGreaterThan(0);
    await expect(page.locator(`main a[href="${EID}"]`).first()).toContainText(/identiteitskaart/i);
  });

  for (const [query, href] of [
    ['Identiteits kaart', EID],
    ['eid', EID],
    ['rijbewijs', '/producten/rijbewijs'],
  ]) {
    test(`searching "${query}" finds ${href}`, async ({ page }) => {
      await visit(page, `/producten?q=${encodeURIComponent(query)}`);
      await expect(page.locator(`main a[href="${href}"]`).first()).toBeVisible();
    });
  }

  test('a query that matches nothing says so and lists no product', async ({ page }) => {
    await visit(page, '/producten?q=xqzvbnmwk');
    await expect(productLinks(page)).toHaveCount(0);
    await expect(page.locator('main')).toContainText(/\bgeen\b/i);
  });
});

test.describe('product page and policy', () => {
  test('the eID page says what to bring and which policy actions it realises', async ({ page }) => {
    await visit(page, EID);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('h1')).toContainText(/identiteitskaart/i);

    const bring = page.locator('section').filter({
      has: page.getByRole('heading', { name: 'Wat moet je meebrengen?', exact: true }),
    });
    await expect(bring).toHaveCount(1);
    await expect(bring).toBeVisible();

    const policy = page.locator('section').filter({
      has: page.getByRole('heading', { name: 'Beleid', exact: true }),
    });
    await expect(policy).toHaveCount(1);
    const actionLinks = policy.locator('a[href^="/beleid/"]');
    expect(await actionLinks.count()).toBeGreaterThan(0);
    // Lier links every product to "gebruiksvriendelijke en toegankelijke kanalen".
    await expect(policy).toContainText('01/16/SAP/01/01');

    const first = actionLinks.first();
    const code = ((await first.innerText()).match(ACTION_CODE) || [])[0];
    expect(code, `an action code in the link text "${await first.innerText()}"`).toBeTruthy();

    await followLink(first);
    await expect(page).toHaveURL(/\/beleid\//);
    await expect(page.locator('h1')).toContainText(code);
    await expect(page.locator(`main a[href="${EID}"]`).first()).toBeVisible();
    await expectLanguageSwitch(page);
    await expectNoAxeViolations(page);
  });

  test('the policy page shows the plan as a tree of nested lists', async ({ page }) => {
    await visit(page, '/beleid');
    expect(await page.locator('main ul ul').count()).toBeGreaterThan(0);
    await expect(page.locator('main ul li').filter({ hasText: '01/16' }).first()).toBeVisible();
    await expect(page.locator('main ul ul li').filter({ hasText: '01/16/SAP/01' }).first()).toBeVisible();
  });
});

test.describe('language', () => {
  test('the switch on a public page turns the UI to English and back', async ({ page }) => {
    await visit(page, EID);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await followLink(page.locator('a[hreflang=en]'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // Back on the page where the switch was used.
    expect(new URL(page.url()).pathname).toBe(EID);
    await expectLanguageSwitch(page);
    await expectNoAxeViolations(page);

    // The choice sticks for the next page.
    await visit(page, '/producten');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await followLink(page.locator('a[hreflang=nl]'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expectNoAxeViolations(page);
  });
});
