import { randomUUID } from 'node:crypto';
import { createMatchmakingActivities } from '../../activities/matchmaking';
import { createLogger } from '../../core/log';
import { matchmakingSettings } from '../../core/matchmaking/queue';
import { recordServerClaim } from '../../db/matchmaking/servers';
import { claimServerUpdate, serverWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { eventually } from '../helpers/http';
import { registerServer } from '../helpers/matchmaking';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
let activities: ReturnType<typeof createMatchmakingActivities>;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
  activities = createMatchmakingActivities({
    db: stack.db, temporal: stack.temporal, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, log: createLogger('silent'), matchmaking: matchmakingSettings(stack.config),
  });
});
afterAll(() => stack.stop());

const serverTag = 'claims';
const offerRow = (name: string) => stack.db.selectFrom('servers').select(['state', 'session_id']).where('project_id', '=', project.id).where('name', '=', name).executeTakeFirst();

async function offer(name: string): Promise<void> {
  expect((await registerServer(stack.url, project, { serverTag, name, timeout: 120 })).body).toEqual({ status: 'registered' });
  await eventually(() => offerRow(name), (r) => r?.state === 'available', 20_000);
}

describe("a matcher's claim on a server whose answer a killed worker lost", () => {
  it("when the offer's row does not say consumed yet, then the look-up hands the session the server it asked, which answers the same again", async () => {
    await offer('lost-answer');
    await offer('spare');
    const session = randomUUID();
    const claim = { projectId: project.id, name: 'lost-answer', sessionId: session };
    const first = await activities.claimServer(claim);
    expect(first?.name).toBe('lost-answer');

    // The matcher's worker died before its task recorded the answer, and before the offer's workflow wrote its
    // row: the row still offers the server, as the read model did in that moment.
    await eventually(() => offerRow('lost-answer'), (r) => r?.state === 'consumed', 20_000);
    await stack.db.updateTable('servers').set({ state: 'available', session_id: null }).where('project_id', '=', project.id).where('name', '=', 'lost-answer').execute();

    // Nor was the yes recorded: the ask goes to the offer again, which answers the same update the same.
    await stack.db.updateTable('server_claims').set({ answer: null }).where('project_id', '=', project.id).where('session_id', '=', session).execute();

    const found = await activities.findServersForGroups({ projectId: project.id, serverTag, sessionIds: [session], limit: 5 });
    expect(found.claimed).toEqual({ [session]: 'lost-answer' });
    expect(await activities.claimServer(claim)).toEqual(first);
  });

  it('when the worker died between the yes and its write, then the taken offer records the yes itself, and the ask repeated after the server posted again hears it', async () => {
    await offer('unwritten');
    const session = randomUUID();
    // The claim activity's first half: the ask recorded, the update answered; then its worker died.
    await recordServerClaim(stack.db, project.id, session, 'unwritten');
    const yes = await stack.temporal.workflow.getHandle(serverWorkflowId(project.id, 'unwritten'))
      .executeUpdate(claimServerUpdate, { args: [{ sessionId: session }], updateId: `claim-${session}` });
    const recordedYes = () => stack.db.selectFrom('server_claims').select('answer').where('project_id', '=', project.id).where('session_id', '=', session).executeTakeFirst();
    const recorded = await eventually(recordedYes, (r) => r?.answer != null, 20_000);
    expect(recorded?.answer).toEqual(yes);

    await offer('unwritten');
    expect(await activities.claimServer({ projectId: project.id, name: 'unwritten', sessionId: session })).toEqual(yes);
    const another = await activities.claimServer({ projectId: project.id, name: 'unwritten', sessionId: randomUUID() });
    expect(another?.name).toBe('unwritten');
  });

  it('when the server posted its next offer before the ask was repeated, then the ask hears the same yes and the next offer stays free for another session', async () => {
    await offer('reposted');
    const claim = { projectId: project.id, name: 'reposted', sessionId: randomUUID() };
    const first = await activities.claimServer(claim);
    expect(first?.name).toBe('reposted');
    await eventually(() => offerRow('reposted'), (r) => r?.state === 'consumed', 20_000);

    // The server wants another session (a new run of its workflow, which knows nothing of the first claim); then
    // the matcher, replayed after its worker died, asks again for the session whose answer it lost.
    await offer('reposted');
    expect(await activities.claimServer(claim)).toEqual(first);
    const another = await activities.claimServer({ projectId: project.id, name: 'reposted', sessionId: randomUUID() });
    expect(another?.name).toBe('reposted');
  });

  it('when a server refuses a session, then that ask is forgotten and the session is free to ask others', async () => {
    await offer('taken');
    expect(await activities.claimServer({ projectId: project.id, name: 'taken', sessionId: randomUUID() })).toBeDefined();
    const late = randomUUID();
    expect(await activities.claimServer({ projectId: project.id, name: 'taken', sessionId: late })).toBeUndefined();

    const found = await activities.findServersForGroups({ projectId: project.id, serverTag, sessionIds: [late], limit: 5 });
    expect(found.claimed).toEqual({});
  });
});
