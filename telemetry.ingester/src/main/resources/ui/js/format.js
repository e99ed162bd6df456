// Number and time formatting for the page and the Markdown export. Pure functions.

/** A count or rate with at most `digits` decimals, thousands grouped; "—" for missing values. */
export function num(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Seconds as a duration a person reads: 850 µs, 12.3 ms, 4.20 s, 3 min 5 s. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const s = Math.abs(seconds);
  if (s === 0) return '0 ms';
  if (s < 0.001) return `${(seconds * 1e6).toFixed(0)} µs`;
  if (s < 0.01) return `${(seconds * 1000).toFixed(2)} ms`;
  if (s < 1) return `${(seconds * 1000).toFixed(1)} ms`;
  if (s < 60) return `${seconds.toFixed(2)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** Bytes in binary units: 512 B, 1.5 KiB, 287 MiB. */
export function bytes(b) {
  if (b === null || b === undefined || Number.isNaN(b)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${units[i]}`;
}

/** A fraction 0..1 as a percentage. */
export function percent(f, digits = 0) {
  if (f === null || f === undefined || Number.isNaN(f)) return '—';
  return `${(f * 100).toFixed(digits)} %`;
}

/** An epoch-seconds instant as UTC wall time with milliseconds (the ingester's clock, not the browser's zone). */
export function clock(epochSeconds, withMillis = false) {
  if (!Number.isFinite(epochSeconds)) return '—';
  const iso = new Date(epochSeconds * 1000).toISOString();
  return withMillis ? iso.slice(11, 23) : iso.slice(11, 19);
}

/** A full UTC date-time for reports. */
export function dateTime(epochSeconds) {
  if (!Number.isFinite(epochSeconds)) return '—';
  return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** An age in whole seconds for "data 12 s old" style labels. */
export function age(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
