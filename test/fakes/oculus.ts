import express from 'express';
import { serve } from './serve';

/** A local Oculus platform API: POST /user_nonce_validate (access_token=OC|app|secret, nonce, user_id) → {is_valid}. */
export async function startFakeOculus(appId: string, appSecret: string): Promise<{ url: string; nonces: Map<string, string>; close(): Promise<void> }> {
  const nonces = new Map<string, string>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post('/user_nonce_validate', (req, res) => {
    const body = req.body as Record<string, string>;
    if (body.access_token !== `OC|${appId}|${appSecret}`) return void res.status(400).json({ error: { message: 'Invalid OAuth access token', code: 190 } });
    res.json({ is_valid: nonces.get(body.user_id ?? '') === body.nonce });
  });
  return { nonces, ...(await serve(app)) };
}
