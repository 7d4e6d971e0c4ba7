/**
 * The README's shell blocks, as the README-blocks test runs them. A ```sh block runs; the ```output block right
 * after it, if any, is what it must print (`...` stands for any text within a line). An HTML comment just before a
 * block marks it `<!-- readme-test: skip (why) -->` or `<!-- readme-test: background (why) -->` (a process the
 * following blocks talk to, started and left running until the end).
 */
export interface ReadmeBlock {
  /** The README line the block's fence opens on, to name it in a failure. */
  line: number;
  code: string;
  mode: 'run' | 'skip' | 'background';
  expected?: string;
}

const FENCE = /^```(\S*)\s*$/;
const MARKER = /^<!-- readme-test: (skip|background) \(.+\) -->$/;

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  let pendingMode: ReadmeBlock['mode'] = 'run';
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!);
    if (marker) pendingMode = marker[1] as ReadmeBlock['mode'];
    const fence = FENCE.exec(lines[i]!);
    if (!fence || fence[1] === '') continue;
    const end = lines.findIndex((l, j) => j > i && l === '```');
    if (end < 0) throw new Error(`README.md:${i + 1}: a \`\`\`${fence[1]} block is never closed`);
    const body = lines.slice(i + 1, end).join('\n');
    if (fence[1] === 'sh') blocks.push({ line: i + 1, code: body, mode: pendingMode });
    else if (fence[1] === 'output' && blocks.at(-1)?.line === lastShFence(lines, i)) blocks.at(-1)!.expected = body;
    pendingMode = 'run';
    i = end;
  }
  return blocks;
}

/** The line of the ```sh fence whose block closes just before line `i` (blank lines between are allowed). */
function lastShFence(lines: string[], i: number): number | undefined {
  let j = i - 1;
  while (j >= 0 && lines[j]!.trim() === '') j--;
  if (lines[j] !== '```') return undefined;
  for (let k = j - 1; k >= 0; k--) if (FENCE.test(lines[k]!)) return lines[k] === '```sh' ? k + 1 : undefined;
  return undefined;
}

/** Whether `actual` is what `expected` shows, line by line, `...` matching any text within its line. */
export function printsAsShown(actual: string, expected: string): boolean {
  const want = expected.trimEnd().split('\n');
  const got = actual.trimEnd().split('\n');
  if (want.length !== got.length) return false;
  return want.every((line, i) => new RegExp(`^${line.split('...').map(escapeRegExp).join('.*')}$`).test(got[i]!));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
