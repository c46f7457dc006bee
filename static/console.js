// Counter console: reloads when a call in this cluster happens elsewhere (server-sent events),
// and every 15 seconds for new tickets, but never while the clerk is using a form control or
// after they pressed a button: a reload then would cancel their click (Volgende, Geholpen).
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const console_ = document.querySelector('.console[data-events]');
  if (!console_) return;
  const busy = () => {
    const active = document.activeElement;
    return active && active.closest('form') && active.tagName === 'SELECT';
  };
  let submitting = false;
  document.addEventListener('submit', () => {
    submitting = true;
  });
  const reload = () => {
    if (!busy() && !submitting) window.location.reload();
  };
  if ('EventSource' in window) {
    const source = new EventSource(console_.dataset.events);
    source.addEventListener('message', (event) => {
      try {
        const call = JSON.parse(event.data);
        if (String(call.counter_id) !== console_.dataset.counter) reload();
      } catch (_) {
        // Not a call: ignore.
      }
    });
  }
  window.setInterval(reload, 15000);
});
