/**
 * A one-line progress bar on stderr (redrawn on a terminal, a line every 5 s otherwise). `total` is a duration
 * in ms, or a function answering the fraction done (0–1) for work counted in items.
 */
export function progressBar(label: string, total: number | (() => number), detail: () => string): { stop(): void } {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const draw = () => {
    const done = Math.min(1, typeof total === 'number' ? (Date.now() - started) / total : total());
    const bar = '#'.repeat(Math.round(done * 30)).padEnd(30, '.');
    const line = `${label} [${bar}] ${Math.round(done * 100)}% ${detail()}`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (Date.now() - lastLine >= 5000) {
      process.stderr.write(`${line}\n`);
      lastLine = Date.now();
    }
  };
  const timer = setInterval(draw, 500);
  return {
    stop() {
      clearInterval(timer);
      draw();
      if (tty) process.stderr.write('\n');
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
