import {
  allHandlersFinished, condition, continueAsNew, log, patched, proxyLocalActivities, setHandler, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { shouldContinueAsNew } from '../domain/continue-as-new';
import { failureMessage, refusedForGood } from '../domain/failures';
import {
  joinHostUpdate, leaveSeatSignal, leaveSeatUpdate, pingHostUpdate, playerInfoQuery, registerHostUpdate, unregisterHostSignal, unregisterHostUpdate,
  type HostInput,
} from '../domain/hosts/contract';
import { Backoff, patiently } from '../domain/patience';
import { HostState } from '../domain/search-attributes';
import { Host } from './host-state';
import { ReadModel } from './read-model';

// Bounded: a host list row that cannot be written is tried again later (or, refused for good, ends the host).
const { recordHost, forgetHost, checkLastPing } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds', maximumAttempts: 4 },
});

/** Waits between tries to take an ended host off the list: about an hour in all. */
const FORGET_WAITS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];
/** Runs started before pings went to the host's row end when the workflow itself heard no ping. */
const PINGS_IN_THE_ROW = 'pings-in-the-row';
/** When the row cannot be read, the host is given this long before it is asked again (never ended on a database's word). */
const UNREAD_PING_GRACE_MS = 60_000;

/**
 * Lives until unregistered or `pingTimeoutSeconds` without a ping; keeps the host list row current. Pings go to
 * the row, not here (the API asks this workflow only when a ping lets a player go): when the timeout comes, the
 * host reads its row's last ping and sleeps on, or ends. Registrations, joins and leaves are updates answered
 * once the row shows them. A long-lived host continues as new when Temporal suggests it, carrying its
 * registration and players.
 */
export async function hostWorkflow(input: HostInput): Promise<void> {
  const host = new Host(input.carried);
  const row = new ReadModel();
  const shown = () => row.caughtUp(host.version, () => host.ended);
  const joinTimeoutMs = input.joinTimeoutSeconds * 1000;
  setHandler(registerHostUpdate, (r) => (host.register(r, Date.now()), shown()), { validator: (r) => host.assertRegistrable(r) });
  setHandler(pingHostUpdate, (p) => (host.ping(p.connectedClients, Date.now(), joinTimeoutMs), shown()), { validator: (p) => host.assertOwner(p.owner) });
  setHandler(unregisterHostSignal, ({ owner }) => host.unregister(owner));
  setHandler(unregisterHostUpdate, async ({ owner }) => {
    host.unregister(owner);
    await condition(() => !host.ended || host.forgotten);
  });
  setHandler(joinHostUpdate, async (j) => {
    const seat = host.join(j, Date.now());
    await shown();
    return seat;
  }, { validator: (j) => host.assertJoinable(j) });
  setHandler(leaveSeatSignal, ({ sessionId, owner }) => host.leaveSeat(sessionId, owner));
  setHandler(leaveSeatUpdate, ({ sessionId, owner }) => (host.leaveSeat(sessionId, owner), shown()));
  setHandler(playerInfoQuery, ({ owner, sessionId }) => host.playerInfo(owner, sessionId));

  await condition(() => host.registration !== undefined);
  if (!input.carried) upsertSearchAttributes([{ key: HostState, value: 'online' }]);
  // A carried host is written again first: the row may have been waiting for a retry when the last run moved on.
  let seenPing = -1;
  // A row that could not be written is tried again after 5 s, doubling, to a minute.
  const republish = new Backoff(5_000, 60_000);
  const timeoutMs = input.pingTimeoutSeconds * 1000;
  while (!host.ended) {
    if (row.written !== host.version && republish.ready(Date.now())) {
      const version = host.version;
      try {
        await recordHost({
          projectId: input.projectId, endpoint: input.endpoint, registration: host.registration!, playerCount: host.players.length + 1, onlineSince: host.onlineSince,
          seats: host.seatTimes(),
        });
        row.wrote(version);
        republish.succeeded();
      } catch (err) {
        log.error('the host list row could not be written', { endpoint: input.endpoint, error: failureMessage(err) });
        row.failed(version);
        if (refusedForGood(err)) return endHost(input, host, 'failed');
        republish.failed(Date.now());
      }
      continue;
    }
    // Never while a change waits for its row: an update waiting for it would hold the continue-as-new back.
    if (row.written === host.version && shouldContinueAsNew('host-continues-as-new')) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof hostWorkflow>({ ...input, carried: host.carry() });
    }
    seenPing = host.lastPing;
    const quietFor = timeoutMs - host.quietFor(Date.now());
    const wake = republish.at === undefined ? quietFor : Math.min(quietFor, republish.at - Date.now());
    // A change is written at once, unless a failed write waits for its retry (then the timeout wakes the loop).
    const unwritten = () => republish.at === undefined && host.version !== row.written;
    const stirred = await condition(() => host.ended || unwritten() || host.lastPing !== seenPing, Math.max(wake, 1));
    const quiet = () => !stirred && host.quietFor(Date.now()) >= timeoutMs;
    // Quiet as far as the workflow heard: the row may hold a later ping; quiet still after reading it, the host ends.
    if (quiet()) await hearFromRow(input, host);
    if (quiet()) host.ended = true;
  }
  await endHost(input, host, 'offline');
}

/** The pings the API kept in the host's row since this workflow last heard one. */
async function hearFromRow(input: HostInput, host: Host): Promise<void> {
  if (!patched(PINGS_IN_THE_ROW)) return;
  try {
    host.heardAt(await checkLastPing({ projectId: input.projectId, endpoint: input.endpoint }));
  } catch (err) {
    log.error('the host\'s last ping could not be read; asking again later', { endpoint: input.endpoint, error: failureMessage(err) });
    host.heardAt(Date.now() - input.pingTimeoutSeconds * 1000 + UNREAD_PING_GRACE_MS);
  }
}

/**
 * Takes the host off the list, waiting out a database that does not answer, and marks why it ended. An
 * unregistration waiting for it is answered before the workflow ends.
 */
async function endHost(input: HostInput, host: Host, state: 'offline' | 'failed'): Promise<void> {
  // From here on, validators refuse joins, pings and registrations, and no handler waits for a row.
  host.ended = true;
  await patiently(async () => {
    try {
      await forgetHost({ projectId: input.projectId, endpoint: input.endpoint });
      return 'done';
    } catch (err) {
      log.error('the host list row could not be removed', { endpoint: input.endpoint, error: failureMessage(err) });
      return refusedForGood(err) ? 'stop' : 'again';
    }
  }, FORGET_WAITS_MS);
  host.forgotten = true;
  upsertSearchAttributes([{ key: HostState, value: state }]);
  await condition(allHandlersFinished);
}
