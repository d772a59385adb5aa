// Parses an iCalendar file with node-ical (the parser of many Node.js calendar integrations) and
// prints its events as JSON, in the same shape as parse_ics.mjs. node-ical resolves TZIDs itself
// (through Intl and its Windows-zone table), so this checks that our TZIDs are ones it knows and
// that our local times mean the same instants to it.
//
// Usage: node parse_node_ical.mjs FILE  ->  {"calendar": {...}, "events": [...]}
import { readFileSync } from 'node:fs';
import ical from 'node-ical';

const data = ical.sync.parseICS(readFileSync(process.argv[2], 'utf8'));
const pad = (n) => String(n).padStart(2, '0');
const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const iso = (d) => (d.dateOnly ? day(d) : d.toISOString().replace('.000Z', 'Z'));
const str = (v) => (v == null ? '' : typeof v === 'object' && 'val' in v ? String(v.val) : String(v));
const events = Object.values(data)
  .filter((c) => c.type === 'VEVENT')
  .map((ev) => ({
    uid: ev.uid,
    summary: str(ev.summary),
    description: str(ev.description),
    location: str(ev.location),
    status: str(ev.status),
    sequence: Number(ev.sequence || 0),
    transp: str(ev.transparency) || 'OPAQUE',
    start: iso(ev.start),
    end: iso(ev.end),
    all_day: Boolean(ev.start.dateOnly),
  }));
const vcal = data.vcalendar || {};
const calendar = { METHOD: str(vcal.method), 'X-WR-CALNAME': str(vcal['WR-CALNAME'] || vcal['X-WR-CALNAME']) };
process.stdout.write(JSON.stringify({ calendar, events }));
