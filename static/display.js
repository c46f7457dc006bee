// Call display: new calls arrive as server-sent events (EventSource reconnects by itself), go
// on top, are highlighted, sound a short chime (Web Audio, no file) and, with ?spreek=1, are
// spoken with the browser's speech synthesis.
'use strict';

const SHOWN = 8;

function chime() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  try {
    const audio = chime.context || (chime.context = new Context());
    if (audio.state === 'suspended') audio.resume();
    const start = audio.currentTime;
    [880, 660].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      const at = start + i * 0.35;
      volume.gain.setValueAtTime(0.0001, at);
      volume.gain.exponentialRampToValueAtTime(0.4, at + 0.03);
      volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      tone.connect(volume).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.65);
    });
  } catch (_) {
    // No sound is better than no display.
  }
}

// "B007" -> "B 7": read as a letter and a number.
function spokenTicket(ticket) {
  const match = /^([A-Z])0*(\d+)$/.exec(ticket);
  return match ? `${match[1]} ${match[2]}` : ticket;
}

function speak(table, call) {
  if (!('speechSynthesis' in window)) return;
  const text = `${table.dataset.say} ${spokenTicket(call.ticket)}, ${call.counter}`;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = table.dataset.voice || 'nl-BE';
  window.speechSynthesis.speak(utterance);
}

function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

document.addEventListener('DOMContentLoaded', () => {
  const table = document.querySelector('table.calls[data-events]');
  if (!table || !('EventSource' in window)) return;
  const body = table.querySelector('tbody');
  const spoken = new URLSearchParams(window.location.search).get('spreek') === '1';
  const source = new EventSource(table.dataset.events);
  source.addEventListener('open', () => {
    table.dataset.live = 'on';
  });
  source.addEventListener('message', (event) => {
    let call;
    try {
      call = JSON.parse(event.data);
    } catch (_) {
      return;
    }
    const at = new Date(call.at);
    const time = Number.isNaN(at.getTime())
      ? ''
      : at.toLocaleTimeString('nl-BE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Brussels' });
    const row = document.createElement('tr');
    row.append(cell('call-ticket', call.ticket), cell('call-counter', call.counter), cell('call-time', time));
    body.querySelectorAll('tr.empty').forEach((r) => r.remove());
    body.querySelectorAll('tr.newest').forEach((r) => r.classList.remove('newest'));
    row.classList.add('newest', 'arrived');
    body.prepend(row);
    while (body.rows.length > SHOWN) body.deleteRow(body.rows.length - 1);
    chime();
    if (spoken) speak(table, call);
  });
});
