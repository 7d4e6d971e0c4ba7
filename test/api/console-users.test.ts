import { Client } from 'pg';
import { admin } from '../helpers/paid-matches';
import { call } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  // A database of its own: "the last enabled admin" counts every console user, and other test files make admins.
  stack = await startStack({ worker: false, env: { DATABASE_URL: await databaseOfItsOwn() } });
}, 60_000);

async function databaseOfItsOwn(): Promise<string> {
  await adminQuery(`CREATE DATABASE ${ownName()}`);
  const url = new URL(process.env.MF_TEST_DATABASE_URL!);
  url.pathname = `/${ownName()}`;
  return url.toString();
}
afterAll(async () => {
  await stack.stop();
  await adminQuery(`DROP DATABASE IF EXISTS ${ownName()}`);
});

const ownName = () => `${new URL(process.env.MF_TEST_DATABASE_URL!).pathname.slice(1)}_console_users`;

async function adminQuery(statement: string): Promise<void> {
  const client = new Client({ connectionString: process.env.MF_TEST_DATABASE_URL! });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const name = (n: string) => `${n}-${stack.config.TEMPORAL_TASK_QUEUE}`;
const signIn = (username: string, password: string, from: string) =>
  call('POST', `${stack.url}/console/api/login`, { body: { username, password }, headers: { 'x-forwarded-for': from } });

describe('console users', () => {
  it('when a user is added without a password, then one is generated and shown once, and it signs in; a chosen password is never echoed', async () => {
    const made = await admin(stack, 'POST', '/console-users', { username: name('gen'), role: 'finance' });
    expect(made.status).toBe(201);
    expect(made.body.password).toMatch(/^[\w-]{24}$/);
    expect((await signIn(name('gen'), made.body.password, '127.0.0.1')).status).toBe(200);
    const chosen = await admin(stack, 'POST', '/console-users', { username: name('chosen'), role: 'operator', password: 'a long enough pass phrase' });
    expect([chosen.status, chosen.body]).toEqual([201, { username: name('chosen'), role: 'operator' }]);
    expect((await admin(stack, 'GET', '/console-users')).body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining([name('gen'), name('chosen')]));
  });

  it('when a change is empty, a role unknown or a password short, then 400 names the field; an unknown user is a 404', async () => {
    await admin(stack, 'POST', '/console-users', { username: name('edit'), role: 'operator' });
    const empty = await admin(stack, 'PATCH', `/console-users/${name('edit')}`, {});
    expect([empty.status, empty.body.error]).toEqual([400, 'body: give at least one of role, password, disabled']);
    expect((await admin(stack, 'PATCH', `/console-users/${name('edit')}`, { role: 'boss' })).body.fields[0].path).toBe('body.role');
    expect((await admin(stack, 'PATCH', `/console-users/${name('edit')}`, { password: 'short' })).body.error).toBe('body.password: must be at least 12 characters');
    expect((await admin(stack, 'PATCH', `/console-users/${name('nobody')}`, { role: 'finance' })).status).toBe(404);
  });

  it('when the only enabled admin would be disabled or demoted, then 409 and they stay an admin; with a second admin, it is allowed', async () => {
    await admin(stack, 'POST', '/console-users', { username: name('root'), role: 'admin' });
    const disable = await admin(stack, 'PATCH', `/console-users/${name('root')}`, { disabled: true });
    expect([disable.status, disable.body.error]).toEqual([409, `${name('root')} is the last enabled admin: make another admin first`]);
    expect((await admin(stack, 'PATCH', `/console-users/${name('root')}`, { role: 'finance' })).status).toBe(409);
    await admin(stack, 'POST', '/console-users', { username: name('root2'), role: 'admin' });
    expect((await admin(stack, 'PATCH', `/console-users/${name('root')}`, { disabled: true })).body.disabled).toBe(true);
  });

  it('when a disabled user or a wrong password signs in, then 401 the same way, and a sign-in from another site is refused', async () => {
    const made = await admin(stack, 'POST', '/console-users', { username: name('gone'), role: 'operator' });
    await admin(stack, 'PATCH', `/console-users/${name('gone')}`, { disabled: true });
    const disabled = await signIn(name('gone'), made.body.password, '127.0.0.1');
    const wrong = await signIn(name('chosen'), 'not the right one', '127.0.0.1');
    expect([disabled.status, disabled.body.error]).toEqual([401, 'wrong username or password']);
    expect([wrong.status, wrong.body.error]).toEqual([401, 'wrong username or password']);
    const forged = await call('POST', `${stack.url}/console/api/login`, { body: { username: name('chosen'), password: 'a long enough pass phrase' }, headers: { origin: 'https://evil.example' } });
    expect([forged.status, forged.body.error]).toEqual([403, 'this sign-in came from another site']);
  });
});
