// A resident files a report and a complaint through plain forms, follows both on the tracking
// page, adds information and withdraws; every page is checked with axe (WCAG 2.1 A/AA).
'use strict';

const { test, expect } = require('@playwright/test');
const {
  expectNoAxeViolations,
  followLink,
  submitAndWait,
  submitWithoutBrowserValidation,
  visit,
} = require('./helpers');

// A 2 x 2 PNG, built here so the test needs no files.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4Y2wMRAwQCgAj6gTJ2R4cRwAAAABJRU5ErkJggg==',
  'base64'
);

test.describe('reports and complaints', () => {
  // Many pages, each checked with axe: more than the default 30 s on a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test('file a report with a photo and follow it', async ({ page }) => {
    await visit(page, '/');
    await followLink(page.locator('main a[href="/melding"]'));
    await expectNoAxeViolations(page);
    await expect(page.locator('h1')).toHaveText('Iets melden');

    await followLink(page.locator('main a[href="/melding/straatverlichting"]'));
    await expectNoAxeViolations(page);
    await expect(page.locator('h1')).toContainText('Straatverlichting');
    await expect(page.locator('main')).toContainText('Zonder e-mailadres');

    // Nothing filled in: the form comes back with messages, linked from the summary.
    const form = page.locator('main form[enctype="multipart/form-data"]');
    await form.locator('[name=email]').fill('jan.peeters@example.org');
    expect(await submitWithoutBrowserValidation(form)).toBe(422);
    await expect(page.locator('#description-error')).toContainText('Beschrijf wat er aan de hand is.');
    await expect(page.locator('#address-error')).toContainText('Geef een adres of plaats');
    await expect(page.locator('.error a[href="#description"]')).toHaveCount(1);
    await expect(page.locator('[name=email]')).toHaveValue('jan.peeters@example.org');
    await expectNoAxeViolations(page);

    await page.locator('[name=description]').fill('De straatlamp voor nummer 12 brandt niet meer.');
    await page.locator('[name=address]').fill('Kesselsesteenweg 12, Lier');
    await page.locator('[name=photos]').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG });
    expect(await submitAndWait(page.locator('main form[enctype="multipart/form-data"]'))).toBe(200);
    await expect(page.locator('h1')).toHaveText('We hebben je melding ontvangen');
    await expect(page.locator('main .case-reference')).toHaveText(/^M-\d{4}-\d{6}$/);
    await expect(page.locator('main')).toContainText('We stuurden een bevestiging');
    await expectNoAxeViolations(page);
    const reference = (await page.locator('main .case-reference').textContent()).trim();

    // The tracking page: status, the description, the photo, the history.
    await followLink(page.locator('main a.case-link'));
    await expectNoAxeViolations(page);
    await expect(page.locator('h1')).toContainText(reference);
    await expect(page.locator('main .case-status')).toHaveText('Ontvangen');
    await expect(page.locator('main .case-description')).toContainText('brandt niet meer');
    await expect(page.locator('main .case-photos img')).toHaveCount(1);

    // Add information, then withdraw.
    await page.locator('main form[action$="/aanvullen"] [name=text]').fill('Het is de lamp bij de bushalte.');
    expect(await submitAndWait(page.locator('main form[action$="/aanvullen"]'))).toBe(200);
    await expect(page.locator('main [role=status]')).toContainText('We hebben je bericht toegevoegd');
    await expect(page.locator('main .case-history')).toContainText('Het is de lamp bij de bushalte.');
    await expectNoAxeViolations(page);

    expect(await submitAndWait(page.locator('main form[action$="/intrekken"]'))).toBe(200);
    await expect(page.locator('main [role=status]')).toContainText('Je hebt dit ingetrokken');
    await expect(page.locator('main .case-status')).toHaveText('Stopgezet');
    await expect(page.locator('main form[action$="/intrekken"]')).toHaveCount(0);
    await expectNoAxeViolations(page);

    // The category list and the form again, now with the withdrawn report gone from the list.
    await visit(page, '/melding/straatverlichting');
    await visit(page, '/melding');
  });

  test('file a complaint and follow it', async ({ page }) => {
    await visit(page, '/klacht');
    await expect(page.locator('h1')).toHaveText('Een klacht indienen');
    await expect(page.locator('main')).toContainText('Binnen 10 dagen');
    await expect(page.locator('main a[href="/melding"]')).toHaveCount(1);

    const form = page.locator('main form[action="/klacht"]');
    await form.locator('[name=description]').fill('Ik kreeg <b>geen</b> antwoord op mijn brief.');
    expect(await submitWithoutBrowserValidation(form)).toBe(422);
    await expect(page.locator('#name-error')).toContainText('Een klacht zonder naam kunnen we niet behandelen');
    await expect(page.locator('#category-error')).toContainText('Kies waarover je klacht gaat.');
    await expect(page.locator('[name=description]')).toHaveValue('Ik kreeg <b>geen</b> antwoord op mijn brief.');
    await expectNoAxeViolations(page);

    await page.locator('[name=name]').fill('An Peeters');
    await page.locator('[name=email]').fill('an.peeters@example.org');
    await page.locator('main input[name=category]').first().check();
    await page.locator('[name=about]').selectOption({ label: 'Dienstverlening' });
    await page.locator('[name=expectation]').fill('Een antwoord op mijn brief.');
    expect(await submitAndWait(page.locator('main form[action="/klacht"]'))).toBe(200);
    await expect(page.locator('h1')).toHaveText('We hebben je klacht ontvangen');
    await expect(page.locator('main .case-reference')).toHaveText(/^K-\d{4}-\d{6}$/);
    await expect(page.locator('main')).toContainText('Binnen 10 dagen laten we je weten');
    await expectNoAxeViolations(page);

    await followLink(page.locator('main a.case-link'));
    await expectNoAxeViolations(page);
    await expect(page.locator('main .case-description')).toHaveText('Ik kreeg <b>geen</b> antwoord op mijn brief.');
    await expect(page.locator('main form[action$="/intrekken"]')).toHaveCount(1);
    await expect(page.locator('main form[action$="/tevredenheid"]')).toHaveCount(0);

    // The English tracking page.
    await followLink(page.locator('a[hreflang=en]'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('main .case-status')).toHaveText('Received');
    await expectNoAxeViolations(page);
    await followLink(page.locator('a[hreflang=nl]'));
  });
});
