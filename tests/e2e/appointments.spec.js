// A resident books an appointment, sees the confirmation, moves it and cancels it, without an
// account, all through plain forms; every page is checked with axe (WCAG 2.1 A/AA).
'use strict';

const { test, expect } = require('@playwright/test');
const {
  expectNoAxeViolations,
  followLink,
  submitAndWait,
  submitWithoutBrowserValidation,
  visit,
} = require('./helpers');

test.describe('appointments', () => {
  test('book, move and cancel an identity card appointment', async ({ page }) => {
    await visit(page, '/producten/identiteitskaart');
    await followLink(page.locator('main a[href="/afspraak/identiteitskaart"]'));
    await expectNoAxeViolations(page);
    await expect(page.locator('h1')).toHaveText('Kies een dag en een uur');

    // Pick the second free time of the first day that has any, and go on.
    const times = page.locator('main input[type=radio][name=start]');
    expect(await times.count()).toBeGreaterThan(1);
    await times.nth(1).check();
    expect(await submitAndWait(page.locator('main form.times-form'))).toBe(200);
    await expect(page.locator('h1')).toHaveText('Jouw gegevens');
    await expectNoAxeViolations(page);

    // A wrong e-mail address: the form comes back with the message and what was typed.
    const details = page.locator('main form.form');
    await details.locator('[name=name]').fill('An Peeters');
    await details.locator('[name=email]').fill('an@');
    expect(await submitWithoutBrowserValidation(details)).toBe(422);
    await expect(page.locator('#email-error')).toContainText('Vul een geldig e-mailadres in');
    await expect(page.locator('[name=name]')).toHaveValue('An Peeters');
    await expect(page.locator('[name=email]')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page);

    await page.locator('[name=email]').fill('an.peeters@example.org');
    expect(await submitAndWait(page.locator('main form.form'))).toBe(200);
    await expect(page.locator('h1')).toHaveText('Je afspraak is gemaakt');
    await expect(page.locator('main')).toContainText(/A-[2-9A-Z]{4}-[2-9A-Z]{4}/);
    await expect(page.locator('main .qr svg')).toHaveCount(1);
    await expect(page.locator('main a[href$="/agenda.ics"]')).toHaveCount(1);
    await expect(page.locator('main')).toContainText('Wat moet je meebrengen?');
    await expectNoAxeViolations(page);
    const manageUrl = new URL(page.url()).pathname;

    // Move it to a time in the following week.
    await followLink(page.locator('main a[href$="/verplaatsen"]'));
    await expect(page.locator('h1')).toHaveText('Kies een nieuw uur');
    await followLink(page.locator('main a', { hasText: 'Volgende week' }).first());
    await expectNoAxeViolations(page);
    await page.locator('main input[type=radio][name=start]').first().check();
    expect(await submitAndWait(page.locator('main form.times-form'))).toBe(200);
    await expect(page.locator('main [role=status]')).toContainText('Je afspraak is gewijzigd');
    await expect(page).toHaveURL(new RegExp(manageUrl));
    await expectNoAxeViolations(page);

    // Ask for an earlier time, then cancel.
    expect(await submitAndWait(page.locator('main form[action$="/wachtlijst"]'))).toBe(200);
    await expect(page.locator('main')).toContainText('We mailen je als er een vroeger uur vrijkomt.');
    expect(await submitAndWait(page.locator('main form[action$="/annuleren"]'))).toBe(200);
    await expect(page.locator('h1')).toHaveText('Je afspraak is geannuleerd');
    await expect(page.locator('main form[action$="/annuleren"]')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('the list of bookable products and the English booking page', async ({ page }) => {
    await visit(page, '/afspraak');
    await expect(page.locator('main a[href="/afspraak/identiteitskaart"]')).toHaveCount(1);
    await followLink(page.locator('a[hreflang=en]'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await visit(page, '/afspraak/identiteitskaart');
    await expect(page.locator('h1')).toHaveText('Choose a day and a time');
    await followLink(page.locator('a[hreflang=nl]'));
  });
});
