// Parses an iCalendar to-do feed with Mozilla's ical.js (Thunderbird's parser, which shows a
// subscription's tasks) and prints its VTODOs as JSON, in the same shape as parse_todo.py.
//
// Usage: node parse_todo.mjs FILE  ->  {"calendar": {...}, "todos": [...]}
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const text = readFileSync(process.argv[2], 'utf8');
const root = new ICAL.Component(ICAL.parse(text));
const str = (v) => (v == null ? '' : String(v));
const todos = root.getAllSubcomponents('vtodo').map((vt) => {
  const due = vt.getFirstPropertyValue('due');
  const stamp = vt.getFirstPropertyValue('dtstamp');
  return {
    uid: str(vt.getFirstPropertyValue('uid')),
    summary: str(vt.getFirstPropertyValue('summary')),
    description: str(vt.getFirstPropertyValue('description')),
    status: str(vt.getFirstPropertyValue('status')),
    percent: Number(vt.getFirstPropertyValue('percent-complete') || 0),
    related_to: str(vt.getFirstPropertyValue('related-to')),
    sequence: Number(vt.getFirstPropertyValue('sequence') || 0),
    url: str(vt.getFirstPropertyValue('url')),
    dtstamp: new Date(stamp.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z'),
    due: due ? due.toString() : '',
    due_is_date: due ? due.isDate : false,
  };
});
const calendar = {};
for (const k of ['method', 'name', 'x-wr-calname']) {
  const v = root.getFirstPropertyValue(k);
  calendar[k.toUpperCase()] = v == null ? '' : String(v);
}
process.stdout.write(JSON.stringify({ calendar, todos }));
