// Building DOM without ever parsing markup: every string becomes a text node (textContent), so a
// datagram string such as "<img src=x onerror=...>" is shown, never run.

/**
 * Creates an element. `attrs`: class, data-* (as {dataset}), title, on (event map), and plain
 * attributes; `children`: nodes, strings (text), arrays, null (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Distinct colours for n visible series (golden-angle hues: no repeating palette). */
export function seriesColor(i, n) {
  if (n <= 1) return getCss('--accent');
  const hue = (210 + i * 137.508) % 360;
  return `hsl(${hue.toFixed(1)} 65% 55%)`;
}

/** A CSS custom property of the current theme. */
export function getCss(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * A canvas sized for the device pixel ratio; returns its 2D context scaled to CSS pixels. The
 * width is the canvas's laid-out width when it has one (so drawing is never stretched).
 */
export function sizeCanvas(canvas, fallbackWidth, height) {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || fallbackWidth;
  canvas.drawnWidth = width;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
