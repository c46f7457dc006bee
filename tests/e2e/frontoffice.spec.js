// A morning at the front office: a walk-in takes a ticket at the kiosk, a resident checks in
// for an appointment, a clerk calls the next visitor and the call display shows it live
// (server-sent events). Every page is checked with axe (WCAG 2.1 A/AA).
'use strict';

const { test, expect } = require('@playwright/test');
const {
  expectNoAxeViolations,
  followLink,
  submitAndWait,
  submitWithoutBrowserValidation,
  visit,
} = require('./helpers');

const CLERK_EMAIL = process.env.LOKET_E2E_FRONTOFFICE_EMAIL || 'balie@example.org';
const CLERK_PASSWORD = process.env.LOKET_E2E_FRONTOFFICE_PASSWORD || 'e2e-balie-wachtwoord-123';

/** Today's date in Brussels as YYYY-MM-DD. */
function todayInBrussels() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
}

test.describe.serial('front office', () => {
  let walkIn = '';

  test('a walk-in takes a ticket at the kiosk', async ({ page }) => {
    await visit(page, '/kiosk');
    await expect(page.locator('h1')).toHaveText('Welkom. Waarvoor kom je?');
    await expect(page.locator('nav a[href="/beleid"]')).toHaveCount(0);
    const form = page.locator('main form[action="/kiosk/volgnummer"]').filter({
      has: page.locator('input[name=cluster][value=burgerzaken]'),
    });
    expect(await submitAndWait(form)).toBe(200);
    await expect(page).toHaveURL(/\/kiosk\/volgnummer\/\d+$/);
    const number = page.locator('.ticket-number');
    await expect(number).toHaveText(/^B\d{3}$/);
    walkIn = (await number.textContent()).trim();
    await expect(page.locator('.ticket-cluster')).toHaveText('Burgerzaken');
    await expect(page.locator('main')).toContainText('Je wordt opgeroepen.');
    // The print button appears with JavaScript; the page offers a way back without it.
    await expect(page.locator('button[data-print]')).toBeVisible();
    await expect(page.locator('main a[href="/kiosk"]')).toHaveCount(1);
    await expectNoAxeViolations(page);
  });

  test('a resident with an appointment checks in at the kiosk', async ({ page }) => {
    // Book the first free time through the booking pages and read the reference.
    await visit(page, '/afspraak/identiteitskaart');
    const time = page.locator('main input[type=radio][name=start]').first();
    const start = await time.getAttribute('value');
    await time.check();
    expect(await submitAndWait(page.locator('main form.times-form'))).toBe(200);
    const details = page.locator('main form.form');
    await details.locator('[name=name]').fill('Jan Janssens');
    await details.locator('[name=email]').fill('jan.janssens@example.org');
    expect(await submitAndWait(details)).toBe(200);
    await expect(page.locator('h1')).toHaveText('Je afspraak is gemaakt');
    const text = await page.locator('main').textContent();
    const reference = /A-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec(text)[0];

    // An unknown reference: the message at the field, and what was typed is kept.
    await visit(page, '/kiosk');
    const checkIn = page.locator('main form[action="/kiosk/inchecken"]');
    await checkIn.locator('[name=reference]').fill('A-2222-ZZZZ');
    expect(await submitWithoutBrowserValidation(checkIn)).toBe(422);
    await expect(page.locator('#reference-error')).toContainText('We vinden geen afspraak');
    await expect(page.locator('[name=reference]')).toHaveValue('A-2222-ZZZZ');
    await expect(page.locator('[name=reference]')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page);

    // The real reference, typed in lower case as a scanner or a person might.
    await page.locator('[name=reference]').fill(reference.toLowerCase());
    const bookedDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(
      new Date(start),
    );
    if (bookedDay === todayInBrussels()) {
      expect(await submitAndWait(page.locator('main form[action="/kiosk/inchecken"]'))).toBe(200);
      await expect(page.locator('main [role=status]')).toContainText('Je bent ingecheckt');
      await expect(page.locator('.ticket-number')).toHaveText(/^B\d{3}$/);
    } else {
      // The two-hour notice left no time today: the kiosk says the appointment is not today.
      expect(await submitAndWait(page.locator('main form[action="/kiosk/inchecken"]'))).toBe(422);
      await expect(page.locator('#reference-error')).toHaveText(/Je afspraak is niet vandaag/);
      await expect(page.locator('[name=reference]')).toHaveValue(reference.toLowerCase());
    }
    await expectNoAxeViolations(page);
  });

  test('a clerk calls the next visitor and the display shows it live', async ({ page, context }) => {
    await visit(page, '/aanmelden');
    const login = page.locator('form').filter({ has: page.locator('input[name=email]') });
    await login.locator('input[name=email]').fill(CLERK_EMAIL);
    await login.locator('input[name=password]').fill(CLERK_PASSWORD);
    expect(await submitWithoutBrowserValidation(login)).toBeLessThan(400);

    await visit(page, '/balie');
    await page.locator('select[name=loket]').selectOption({ label: 'Loket 1 (Burgerzaken)' });
    expect(await submitAndWait(page.locator('main form[action="/balie/kies"]'))).toBe(200);
    await expect(page).toHaveURL(/\/balie\/loket\/\d+$/);
    await expect(page.locator('h1')).toHaveText('Loket 1 · Burgerzaken');
    await expect(page.locator('main table').first()).toContainText(walkIn);
    await expectNoAxeViolations(page);

    // The hall display, in a second page of the same browser.
    const display = await context.newPage();
    await visit(display, '/scherm/burgerzaken');
    await expect(display.locator('table.calls[data-live=on]')).toHaveCount(1);

    expect(await submitAndWait(page.locator('main form[action$="/volgende"]'))).toBe(200);
    await expect(page.locator('.console-ticket')).toHaveText(walkIn);
    await expectNoAxeViolations(page);

    await expect(display.locator('#calls tr.newest .call-ticket')).toHaveText(walkIn, {
      timeout: 2000,
    });
    await expect(display.locator('#calls tr.newest .call-counter')).toHaveText('Loket 1');
    await expectNoAxeViolations(display);

    // Served: the console has nobody at the counter; the display keeps the call.
    expect(await submitAndWait(page.locator('main form[action$="/klaar"]').first())).toBe(200);
    await expect(page.locator('main [role=status]')).toHaveText('Het bezoek is afgesloten.');
    await followLink(page.locator('main a[href="/scherm/burgerzaken"]'));
    await expect(page.locator('#calls .call-ticket').first()).toHaveText(walkIn);
    await display.close();
  });

  test('two counters pressing Volgende at the same moment call two different visitors', async ({ page, context }) => {
    // Two fresh walk-ins for Burgerzaken.
    const tickets = [];
    for (let i = 0; i < 2; i++) {
      await visit(page, '/kiosk');
      const form = page.locator('main form[action="/kiosk/volgnummer"]').filter({
        has: page.locator('input[name=cluster][value=burgerzaken]'),
      });
      expect(await submitAndWait(form)).toBe(200);
      tickets.push((await page.locator('.ticket-number').textContent()).trim());
    }
    await visit(page, '/aanmelden');
    const login = page.locator('form').filter({ has: page.locator('input[name=email]') });
    await login.locator('input[name=email]').fill(CLERK_EMAIL);
    await login.locator('input[name=password]').fill(CLERK_PASSWORD);
    expect(await submitWithoutBrowserValidation(login)).toBeLessThan(400);

    const consoles = [page, await context.newPage()];
    for (const clerk of consoles) {
      // A console reloads itself when another counter calls (the previous test proves it live).
      // Here that reload could land between a console's answer and our reading of it, so the
      // event stream stays shut: this test is about the server calling each visitor once.
      await clerk.route('**/scherm/events*', (route) => route.abort());
    }
    for (const [i, clerk] of consoles.entries()) {
      await visit(clerk, '/balie');
      await clerk.locator('select[name=loket]').selectOption({ label: `Loket ${i + 1} (Burgerzaken)` });
      expect(await submitAndWait(clerk.locator('main form[action="/balie/kies"]'))).toBe(200);
      // Whoever these counters still serve from earlier tests is done first.
      const done = clerk.locator('main form[action$="/klaar"]');
      if (await done.count()) {
        expect(await submitAndWait(done.first())).toBe(200);
      }
    }
    await Promise.all(consoles.map((clerk) => submitAndWait(clerk.locator('main form[action$="/volgende"]'))));
    const called = [];
    for (const clerk of consoles) {
      called.push((await clerk.locator('.console-ticket').textContent()).trim());
      await expectNoAxeViolations(clerk);
    }
    expect(called[0]).not.toBe(called[1]);
    expect(called.sort()).toEqual([...tickets].sort());
    await consoles[1].close();
  });
});
