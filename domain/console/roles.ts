/**
 * Who may do what in the console, decided on the server for every request. Finance reads money and results and
 * changes nothing; operators watch and act on live play and see paid matches (to abort one), not wallets or the
 * books; admins also change projects, reveal secrets, move wallets and read the audit log.
 */
export const CONSOLE_ROLES = ['admin', 'operator', 'finance'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export type ConsoleArea = 'projects' | 'live' | 'results' | 'hosts' | 'paidMatches' | 'money' | 'actions' | 'secrets' | 'projectChanges' | 'walletMoves' | 'audit';

const ALLOWED: Record<ConsoleRole, readonly ConsoleArea[]> = {
  admin: ['projects', 'live', 'results', 'hosts', 'paidMatches', 'money', 'actions', 'secrets', 'projectChanges', 'walletMoves', 'audit'],
  operator: ['projects', 'live', 'results', 'hosts', 'paidMatches', 'actions'],
  finance: ['projects', 'results', 'paidMatches', 'money'],
};

export function mayUse(role: ConsoleRole, area: ConsoleArea): boolean {
  return ALLOWED[role].includes(area);
}

export function areasOf(role: ConsoleRole): readonly ConsoleArea[] {
  return ALLOWED[role];
}

export function isConsoleRole(v: string): v is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(v);
}
