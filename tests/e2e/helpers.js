// Shared helpers for Loket's browser tests.
'use strict';

const { expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Turns axe violations into a list a person can act on. */
function formatViolations(url, violations) {
  const lines = [`${violations.length} accessibility violation(s) (WCAG 2.1 A/AA) on ${url}:`];
  for (const v of violations) {
    lines.push('', `- ${v.id} [${v.impact || 'n/a'}]: ${v.help}`, `  ${v.helpUrl}`);
    for (const node of v.nodes) {
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ');
      // Not "at ...": Playwright would take such lines for a stack trace.
      lines.push(`    target: ${target}`);
      if (node.failureSummary) {
        for (const s of node.failureSummary.split('\n')) lines.push(`      ${s.trim()}`);
      }
      if (node.html) lines.push(`      ${node.html.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
  return lines.join('\n');
}

/**
 * Runs axe-core (WCAG 2.0/2.1, levels A and AA) on the page as it is now, and fails the test
 * with a readable list of the violations (rule id, help text, target nodes) if there are any.
 */
async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations;
  // Compare the count, not the objects: the message carries the readable list, and the
  // report stays free of axe's full result objects.
  expect(violations.length, formatViolations(page.url(), violations)).toBe(0);
}

/**
 * Opens a path, checks that it answered without an error status, that it has the link to the
 * other language, and that axe finds nothing. Returns the response.
 */
async function visit(page, path) {
  const response = await page.goto(path);
  expect(response, `no response for ${path}`).not.toBeNull();
  expect(response.status(), `HTTP status of ${path}`).toBeLessThan(400);
  await expectLanguageSwitch(page);
  await expectNoAxeViolations(page);
  return response;
}

/** Every page offers the other language: a[hreflang=en] in Dutch, a[hreflang=nl] in English. */
async function expectLanguageSwitch(page) {
  const lang = await page.locator('html').getAttribute('lang');
  expect(['nl', 'en'], `<html lang> of ${page.url()}`).toContain(lang);
  const other = lang === 'nl' ? 'en' : 'nl';
  await expect(page.locator(`a[hreflang=${other}]`), `language switch on ${page.url()}`).toHaveCount(1);
}

/** The input's visible label: <label for=id> or a <label> around it. */
async function expectVisibleLabel(page, input) {
  await expect(input).toHaveCount(1);
  const id = await input.getAttribute('id');
  let label = input.locator('xpath=ancestor::label');
  if (id && (await page.locator(`label[for="${id}"]`).count()) > 0) {
    label = page.locator(`label[for="${id}"]`);
  }
  await expect(label, 'a visible <label> for the input').toBeVisible();
  await expect(label).not.toHaveText(/^\s*$/);
}

/**
 * Submits a form the way a browser without JavaScript validation would: the server's own
 * checks are under test, so the browser's (required, type=email) are switched off first.
 * Returns the HTTP status of the page that answers.
 */
async function submitWithoutBrowserValidation(form) {
  await form.evaluate((f) => {
    f.noValidate = true;
  });
  return submitAndWait(form);
}

/**
 * Clicks the form's submit button and waits for the page that answers to load. Returns the
 * HTTP status of that page (a re-rendered form with errors may answer 400 or 422).
 */
async function submitAndWait(form) {
  const page = form.page();
  await Promise.all([
    page.waitForEvent('load'),
    form.locator('button[type=submit], input[type=submit], button:not([type])').first().click(),
  ]);
  return navigationStatus(page);
}

/** Follows a link, waits for the page to load and checks it answered without an error. */
async function followLink(link) {
  const page = link.page();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForEvent('load'), link.click()]);
  expect(await navigationStatus(page), `HTTP status after following ${href}`).toBeLessThan(400);
}

/** The HTTP status of the document now in the page (after redirects). */
async function navigationStatus(page) {
  return page.evaluate(() => performance.getEntriesByType('navigation')[0].responseStatus);
}

module.exports = {
  expectNoAxeViolations,
  expectLanguageSwitch,
  expectVisibleLabel,
  followLink,
  formatViolations,
  navigationStatus,
  submitAndWait,
  submitWithoutBrowserValidation,
  visit,
  WCAG_TAGS,
};
