// Parses an iCalendar file with Mozilla's ical.js (Thunderbird's parser) and prints its events as
// JSON. Timed events are converted to UTC through the VTIMEZONEs the feed carries: ical.js has no
// time-zone database of its own, so a wrong VTIMEZONE shows as a wrong instant.
//
// Usage: node parse_ics.mjs FILE  ->  {"calendar": {...}, "events": [...]}
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const text = readFileSync(process.argv[2], 'utf8');
const root = new ICAL.Component(ICAL.parse(text));
for (const vtz of root.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(vtz);
}
const iso = (t) => {
  if (t.isDate) return t.toString();
  const tzid = t.zone && t.zone.tzid;
  if (!tzid || tzid === 'floating') throw new Error(`floating time ${t}`);
  if (!ICAL.TimezoneService.has(tzid) && tzid !== 'UTC') throw new Error(`no VTIMEZONE for ${tzid}`);
  return new Date(t.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
};
const events = root.getAllSubcomponents('vevent').map((ve) => {
  const ev = new ICAL.Event(ve);
  return {
    uid: ev.uid,
    summary: ev.summary,
    description: ev.description || '',
    location: ev.location || '',
    status: ve.getFirstPropertyValue('status') || '',
    sequence: ev.sequence,
    transp: ve.getFirstPropertyValue('transp') || 'OPAQUE',
    start: iso(ev.startDate),
    end: iso(ev.endDate),
    all_day: ev.startDate.isDate,
  };
});
const calendar = {};
for (const k of ['method', 'name', 'x-wr-calname', 'refresh-interval']) {
  const v = root.getFirstPropertyValue(k);
  calendar[k.toUpperCase()] = v == null ? '' : String(v);
}
process.stdout.write(JSON.stringify({ calendar, events }));
