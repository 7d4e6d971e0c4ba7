import { randomUUID } from 'node:crypto';
import { checkLedger } from '../../db/paid-matches/ledger';
import type { Db } from '../../db/create-db';
import type { PaidMatchSettingsInput } from '../../domain/paid-matches/settings';
import type { Project } from '../../domain/projects';
import { FakeGameBackend, type DeveloperConfig } from '../fakes/game-backend';
import { call, eventually } from './http';
import { loginTestPlayer } from './players';
import type { Stack } from './stack';

export const admin = (stack: Stack, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(method, `${stack.url}/admin${path}`, { token: stack.config.ADMIN_TOKEN, body, headers });

/**
 * A game set up for paid matches the way its developers would: developer-config.json, then its webhook URL.
 * `headers` lets a test with tight login limits make these admin calls from an address of its own.
 */
export async function paidGame(stack: Stack, settings: PaidMatchSettingsInput = {}, headers?: Record<string, string>): Promise<{ project: Project; game: FakeGameBackend }> {
  const project = await stack.createProject({ name: 'paid game' });
  const config = (await admin(stack, 'GET', `/projects/${project.id}/developer-config.json`, undefined, headers)).body as DeveloperConfig;
  const game = await new FakeGameBackend(config).start();
  const set = await admin(stack, 'PUT', `/projects/${project.id}/platform`, { matchInfoUrl: game.matchInfoUrl, gameUrl: 'https://play.example.com/game', ...settings }, headers);
  if (set.status !== 200) throw new Error(`platform settings refused: ${JSON.stringify(set.body)}`);
  return { project, game };
}

export interface Player {
  id: string;
  token: string;
}

/** Logged-in players, each credited `balance` minor units by an administrator. */
export async function fundedPlayers(stack: Stack, project: Project, count: number, balance: number): Promise<Player[]> {
  return Promise.all(Array.from({ length: count }, async () => {
    const testId = randomUUID();
    const token = await loginTestPlayer(stack.url, project, testId);
    const id = `test:${testId}`;
    if (balance > 0) {
      const credited = await admin(stack, 'POST', `/projects/${project.id}/wallets/${encodeURIComponent(id)}/credit`, { amount: balance, reference: `seed-${testId}` });
      if (credited.status !== 201) throw new Error(`credit failed: ${JSON.stringify(credited.body)}`);
    }
    return { id, token };
  }));
}

export const platform = (stack: Stack, method: string, path: string, player: Player, body?: unknown) => call(method, `${stack.url}/platform/v1${path}`, { token: player.token, body });

/** Fills every seat (players in order: team 1 first) and confirms; returns the match id. */
export async function fillMatch(stack: Stack, players: Player[], shape: { entryFee: number; teams: number; teamSize: number }): Promise<string> {
  const created = await platform(stack, 'POST', '/matches', players[0]!, shape);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const matchId = created.body.matchId as string;
  for (const [i, p] of players.entries()) {
    if (i > 0) {
      const joined = await platform(stack, 'POST', `/matches/${matchId}/join`, p, { teamId: String(Math.floor(i / shape.teamSize) + 1) });
      if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
    }
  }
  for (const p of players) {
    const confirmed = await platform(stack, 'POST', `/matches/${matchId}/confirm`, p);
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${JSON.stringify(confirmed.body)}`);
  }
  return matchId;
}

export async function matchState(stack: Stack, player: Player, matchId: string, check: (view: any) => boolean, timeoutMs = 30_000): Promise<any> {
  return eventually(async () => (await platform(stack, 'GET', `/matches/${matchId}`, player)).body, check, timeoutMs);
}

export async function balance(stack: Stack, project: Project, playerId: string): Promise<number> {
  return (await admin(stack, 'GET', `/projects/${project.id}/wallets/${encodeURIComponent(playerId)}`)).body.balance;
}

/** The ledger's invariants: sum zero, no overdraft, balances equal to postings, every transaction balanced. */
export async function expectLedgerSound(db: Db): Promise<void> {
  const check = await checkLedger(db);
  if (!check.ok) throw new Error(`ledger invariant broken: ${JSON.stringify(check)}`);
}
