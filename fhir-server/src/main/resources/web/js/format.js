/** Dates, times, distances and money as the page shows them (UK English, London time). */

const ZONE = 'Europe/London';
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: ZONE });
const longDayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: ZONE,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE });
const stampFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE });

/** "Thu 10 Dec, 10:00–11:30" (or the long form: "Thursday 10 December, 10:00–11:30"). */
export function sessionTime(start, end, long = false) {
  const s = new Date(start);
  const day = (long ? longDayFormat : dayFormat).format(s).replace(',', '');
  const from = timeFormat.format(s);
  return end ? `${day}, ${from}–${timeFormat.format(new Date(end))}` : `${day}, ${from}`;
}

/** "Sundays, 10:00–11:30" from a HealthcareService availableTime. */
export function weeklyTime(available) {
  const names = { mon: 'Mondays', tue: 'Tuesdays', wed: 'Wednesdays', thu: 'Thursdays', fri: 'Fridays', sat: 'Saturdays', sun: 'Sundays' };
  const days = (available.daysOfWeek ?? []).map((d) => names[d] ?? d).join(', ');
  const hm = (t) => (t ? t.slice(0, 5) : '');
  const times = available.allDay
    ? 'all day'
    : [hm(available.availableStartTime), hm(available.availableEndTime)].filter(Boolean).join('–');
  return [days, times].filter(Boolean).join(', ');
}

/** "0.4 miles" from kilometres. */
export function miles(km) {
  const m = km / 1.609344;
  return m < 0.1 ? 'under 0.1 miles' : `${m.toFixed(1)} miles`;
}

/** "6 places left", "1 place left", "Places available" (unknown count). */
export function placesText(remaining) {
  if (remaining === null || remaining === undefined) {
    return 'Places available';
  }
  return remaining === 1 ? '1 place left' : `${remaining} places left`;
}

/** A harvest time as "7 Dec 2026, 19:31". */
export function timestamp(iso) {
  return stampFormat.format(new Date(iso));
}
