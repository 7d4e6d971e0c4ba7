import type { Project } from '../../domain/projects';
import { eventually } from '../helpers/http';
import { startTicket, ticketInput } from '../helpers/matchmaking';
import { startStack, type Stack } from '../helpers/stack';
import { killHard, spawnWorkerProcess, workerEnvOf } from '../helpers/worker-process';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  // No in-process worker: the only workers are the child processes this test kills and starts.
  stack = await startStack({ worker: false });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const workerEnv = () => workerEnvOf(stack.config);

describe('a worker killed while a ticket waits', () => {
  it('when the worker is SIGKILLed and a new one starts, then the ticket still times out at its deadline, finished by the new worker', async () => {
    const first = spawnWorkerProcess(workerEnv());
    let second: ReturnType<typeof spawnWorkerProcess> | undefined;
    try {
      const started = Date.now();
      const h = await startTicket(stack, ticketInput(project, { playerId: 'test:crash', maxMatchTimeSeconds: 8, matchTag: 'crash' }));
      // Kill only once the ticket is really waiting: its claim done and its deadline timer started.
      await eventually(async () => (await h.fetchHistory()).events!.some((e) => e.timerStartedEventAttributes), Boolean, 60_000);
      await killHard(first);

      second = spawnWorkerProcess(workerEnv());
      expect(await h.result()).toEqual({ status: 'failed', reason: 'timedOut' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(8000);

      const events = (await h.fetchHistory()).events!;
      const finisher = events.filter((e) => e.workflowTaskCompletedEventAttributes).at(-1)?.workflowTaskCompletedEventAttributes?.identity;
      expect(finisher).toContain(`${second.pid}@`);
      // The deadline's timer was started once, not again by the new worker (the other timer is the wait for the matcher's answer).
      const deadlineTimers = events.filter((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? Infinity) <= 8);
      expect(deadlineTimers).toHaveLength(1);
    } finally {
      await killHard(first);
      if (second) await killHard(second);
    }
  });
});
