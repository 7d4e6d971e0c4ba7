/** A JSON call for load generators: POST when there is a body, GET otherwise; a non-2xx answer throws with its body. */
export async function requestJson(url: string, opts: { token?: string; body?: unknown } = {}): Promise<any> {
  const res = await fetch(url, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}
