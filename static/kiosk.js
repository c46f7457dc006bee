// Kiosk ticket page: a print button for the 80 mm ticket printer, and back to the start screen
// after 30 seconds (without JavaScript the page has a link back).
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const print = document.querySelector('[data-print]');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }
  const ticket = document.querySelector('[data-return]');
  if (ticket) {
    const seconds = Number(ticket.dataset.returnAfter || 30);
    window.setTimeout(() => {
      window.location.assign(ticket.dataset.return);
    }, seconds * 1000);
  }
});
