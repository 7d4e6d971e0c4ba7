import { parseArgs } from 'node:util';
import { changesInput, createInput, OPTIONS, platformInput } from './project-flags';
import { openStore, type ProjectStore } from './project-store';

const USAGE = `usage:
  npm run --silent project -- create --name <name> [--json] [--no-test-key] [settings]
  npm run --silent project -- update <projectId> [--name <name>] [--test-key | --no-test-key] [--rotate testKey,serverToken,sessionWebhookSecret]
        [settings] [--clear <setting,...>] [--json]
  npm run --silent project -- retire <projectId>                 (no new logins, tickets, hosts or paid matches)
  npm run --silent project -- list [--json] [--reveal] [--retired]
  npm run --silent project -- show <projectId> [--json] [--reveal]
  npm run --silent project -- rotate-versus-secret <projectId> [--json]
  npm run --silent project -- set-platform <projectId> [platform settings] [--json]
  npm run --silent project -- developer-config <projectId>      (prints developer-config.json, client secret included)

settings (create and update):
  --itch-base-url <url>  --itch-server-key <key>  --itch-game-id <id>
  --steam-app-id <id>  --steam-ticket-key <64 hex>
  --grouping-rule '{"kind":"rating","tolerance":100,"widenPerSecond":10,"maxTolerance":600}'
  --padrone-steam-web-api-key <key>  --padrone-steam-base-url <url>
  --oculus-app-id <id> --oculus-app-secret <secret>  --oculus-base-url <url>
  --admin <username>:<password> (repeat; replaces the list)  --developer <playerId> (repeat; replaces the list)
  --versus-developer-uuid <uuid> (create only)
  --session-webhook-url <http(s) url> (session.started and session.ended are POSTed there, signed; README "Session webhooks")
platform settings (create, update, set-platform):
  --match-info-url <url>  --game-url <url>  --rake-bps <n>  --payout-table <bps,bps,...>
  --result-deadline-seconds <n>  --no-result-policy <refund or settleReported>  --currency <ISO code>
--clear takes away: itch-server-key, itch-game-id, steam-app-id, steam-ticket-key, padrone-steam, oculus, admins, developers, session-webhook`;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Each command reads its flags first (a mistake costs no connection), then asks the store; undefined: no such project. */
const COMMANDS: Record<string, (v: Values) => (store: ProjectStore, id: string) => Promise<unknown>> = {
  create: (v) => {
    const input = createInput(v);
    return (store) => store.create(input);
  },
  update: (v) => {
    const changes = changesInput(v);
    return (store, id) => store.update(id, changes);
  },
  'set-platform': (v) => {
    const settings = platformInput(v);
    return (store, id) => store.setPlatform(id, settings);
  },
  retire: () => (store, id) => store.retire(id),
  list: (v) => (store) => store.list(!!v.reveal, !!v.retired),
  show: (v) => (store, id) => store.show(id, !!v.reveal),
  'rotate-versus-secret': () => (store, id) => store.rotateVersusSecret(id),
  'developer-config': () => (store, id) => store.developerConfig(id),
};

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: OPTIONS });
  const [command, id] = positionals;
  const needsId = command !== 'create' && command !== 'list';
  if (values.help || !command || !COMMANDS[command] || (needsId && !id)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const run = COMMANDS[command]!(values);
  const store = await openStore();
  try {
    const answer = await run(store, id ?? '');
    if (answer === undefined) {
      process.stderr.write(`no project ${id} (npm run --silent project -- list shows them)\n`);
      return 1;
    }
    process.stdout.write(values.json ? `${JSON.stringify(answer)}\n` : `${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
