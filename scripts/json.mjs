// `... | node scripts/json.mjs clientToken`: one field of a JSON answer (a dotted path: `versus.gameUuid`, `0.id`),
// for the README's shell blocks. A missing field is an error that shows the whole answer, so a script stops at the
// failed call instead of carrying on with an empty token. Plain Node, no dependencies.
import { readFileSync } from 'node:fs';

const [path = ''] = process.argv.slice(2);
const text = readFileSync(0, 'utf8');
let value;
try {
  value = path.split('.').filter(Boolean).reduce((o, k) => (o == null ? undefined : o[k]), JSON.parse(text));
} catch {
  value = undefined;
}
if (value === undefined || value === null) {
  process.stderr.write(`no ${path || 'JSON'} in this answer:\n${text.trim() || '(empty)'}\n`);
  process.exit(1);
}
process.stdout.write(`${typeof value === 'object' ? JSON.stringify(value) : value}\n`);
