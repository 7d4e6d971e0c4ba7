/**
 * Example values of the API reference, in the very form a game receives them: the tokens, peer tickets and key were
 * made by Matchflow's own code (under throwaway keys), the secrets have the length and alphabet it makes them with.
 */

export const PROJECT_ID = '3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3';
export const SESSION_ID = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
export const MATCH_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const TRANSACTION_ID = '0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60';
export const GAME_UUID = '9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93';
export const DEVELOPER_UUID = 'e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e';
export const CREATED_AT = '2026-03-14T09:26:53.000Z';

/** Secrets as `newSecret()` makes them: 24 random bytes, base64url. */
export const TEST_KEY = 'q5Vd0R3xk9LwTz2mB7yHcN4pJ8sF1gUa';
export const SERVER_TOKEN = 'Zp3Lx8Qw2Vr6Tn9Ym4Kc7Hd1Jf5Gs0Ba';
export const CLIENT_SECRET = 'Hk2Nw7Rq4Tz9Vc3Xm8Lp1Bd6Fj5Gs0Ya';
export const WEBHOOK_SECRET = 'Wd5Tq8Ln2Xc7Rv4Kz9Hm1Pb6Jf3Gs0Ea';
export const WEBHOOK_URL = 'https://game.example.com/matchflow/sessions';
export const VERSUS_SECRET = '5d41402abc4b2a76b9719d911017c592aa6e3f0b';
export const VERSUS_SEED = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
export const VERSUS_TOKEN = '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12';

/** Sealed tokens (JWE, `dir` + `A256GCM`): opaque to players. */
export const CLIENT_TOKEN =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..KFgdSR3VxQpmFuWs.QftE1qFCYD6S8HdyAtaCqEbrw2-SoL9bYSXtS-6HsPLPuon7vpInzsGPOGj-5YIWygsMl7tTI6sohyNvpzK35JJsIk12GQ9RcfMAWHJ2LXRIpY22rgBlIsgjfGrEXMAqYCmHCMuK5F-GAkam5NyrZfhziGb27Ixu.ZVzDVbnyGzQvCLaIXdYDFA';
export const MATCH_TOKEN =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..f9PPQ6rxvcuJ_jyK.48kL9WQ7uxcDHUQzQ8YustaZ60PHJPdPnAjoOJyENa0G9wBPM2WZ0hZ-p6Ej_WlnTjW7yCc_itPsO3pHj2Ms1PpoZsbYillktLg9-hqsfxXOpgwdYDE4JU8GLpQs_UA6VIt_waXuVs5O71Oy6O6TjdLFN1wEgrIb7fW0qQf3jg5ZFaAirMzJ_rNDdaaPKwOKt3X3YEjuR-zI4hZeh6dUyLFDk3LJXDSm.bkNTBnKpZp9T5o9bg3ooYQ';
export const SESSION_TOKEN =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..Y_4JqIRnQjNlievN.LFvjYmVCrHLdVHWfaZvhbwlzZ4AjeUVus_ZQO2ArNxg7Cj-uPJqlH2-P3mw5JoKGYasDb6Cmykbz999t0j2c5q3wz5SBPnUqiqN9fczYsAwf5mxeQpihG7JSNmiLCnkz6F7hsn3LDSSgRyiM0CgeEi24tPB8w-8QHHT-0aoeB2iBQnfkoHzCYh21GJFpqdgHb7vNdKZaiI91Yr3UlS8.7AJvEOFLDsTnMqbJjmN2Cg';
export const SERVER_SESSION_TOKEN =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..OVSwTD5r7mfnSAWz.Jsd9opvkwRVxpPZwGhUV6UOlSqVx5IP3XzCXI0YQZ-RRU_fxjYjB4VWGCu7WUm_GmpS6__A_FBF0X3tajD3x22wb3JHdQEqvKHIw8yQyusZCdUz7beEIgAkSWQIw0VGOy4jsG5WVHZURTAifzqe6U9ISRyaE-mgaRyyrW26W6PHjaOG27BAHNm9QbK0Jx_JxRa3x.gSkhygIXLLOQJmnr_99EUA';
export const PAID_MATCH_TOKEN =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..6_gT9F2oO7lnmYZE.KxbAMhrGKhd6YS-DxeOQzMPdABrVjMU5NeOI8eHCRGffvpJCN1c2oNk_Zonii10vwZ6zcG13-UnBwZxh0z3ZvGMNqdlNu-UqwvU3BaPGWg3SnpuRgnCvjygYTBxvagq5bSb_7TPiEejmFSEJ2Ep38uGlJHWQWuAEY_DYY-zwQ5b8nI8yd8d2OsVqJ7A9yXcDbX9CBfbaj314Kg.31Z8QrT3QB4LEyB1c7qjWw';

/** Peer tickets: 128-bit HMACs, base64url. */
export const PEER_TICKETS = ['MQuUsVyOBvbw9Gm2iJMRGw', 'jrzE5lNjPsHddShs0G-VIA', 'Xk3v9Qp2LmZr7TbY1cWn0A', 'Rf8sD2hJ6kNq4VzP0xGt5g'] as const;

/** The realm's RS256 key and a client-credentials access token it signed. */
export const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6Im5ZaXQxTC0yYVVnX01OVE0iLCJ0eXAiOiJKV1QifQ.eyJ0eXAiOiJCZWFyZXIiLCJhenAiOiIzZmJjNWRlMC0wZGRiLTRlMWEtOGVlMS1kODMxZjVjNjhhYTMiLCJzY29wZSI6Im9scC1yZXBvcnQtYXBpIiwiY2xpZW50X2lkIjoiM2ZiYzVkZTAtMGRkYi00ZTFhLThlZTEtZDgzMWY1YzY4YWEzIiwiaXNzIjoiaHR0cDovLzEyNy4wLjAuMTo4MDgwL2F1dGgvcmVhbG1zL2xldHNiZXQiLCJzdWIiOiIzZmJjNWRlMC0wZGRiLTRlMWEtOGVlMS1kODMxZjVjNjhhYTMiLCJpYXQiOjE3OTYwNTcwODAsImV4cCI6MTc5NjA1NzM4MH0.amJ9zLRwFRJPX4R4EaLrGo211yAH5U1VJJUbUGw0kojuWVBtvF5-Z52c5-4DoI54FBO3ORkBbqwHgycvKPrVHKwHEX6DvnqHBZ3VL2quSY5mKL1-y-yVs99dRS68ZkFy5gFpIHcgBBzzroMVCFd7x4Q593NYAz0Q6-nAnqM1nRih1oZTNVi8LMlWXU5qFxzxgRsiX1RmuLbZNILcMJXPdI4yeNxMgAAXunMK4UCniCQ5BPL8lPb2G1p93rEKqdnLHkEepcoccGhcQCjdFroPata9Gi62XoKd48TYcgrlaFzhUEsD_VEfNXfcQFjp5aiuRO_8dTn0S3l-oZQ81gF7Lw';
export const PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAjZMMOJMIKF5mprjkwZAzzFPWYfbJlPjevnRBbJGszo6elOx1drPcii2Jj3dOXTrkw6vBTswhpAupUbHI2WuCJJSGh7ApM3B74/WQVxb8t/PeJc7rgHILAFoTbjPS4C1FcqIUgS0M5teQqF9dMtT6mTXojc3LUIGiGaOR1gh5tLVot5ilwmyA9/jjwL3Hv7TVoDhrbRbyNeZd9K5RnLAIIfzC/w3nJaPppUHLRKU/94wZXqmOxYsoE5kLnED4aEnBnXuDm84Y9uCo68RAhM6FiuFMdm2+KSm5e9pwVV6yuvrDu9aw0xnm2HrMZ7TVy3YYpst25ufldTYRnwLGEVGLwQIDAQAB';
export const JWKS = {
  keys: [{
    kty: 'RSA', kid: 'nYit1L-2aUg_MNTM', use: 'sig', alg: 'RS256', e: 'AQAB',
    n: 'jZMMOJMIKF5mprjkwZAzzFPWYfbJlPjevnRBbJGszo6elOx1drPcii2Jj3dOXTrkw6vBTswhpAupUbHI2WuCJJSGh7ApM3B74_WQVxb8t_PeJc7rgHILAFoTbjPS4C1FcqIUgS0M5teQqF9dMtT6mTXojc3LUIGiGaOR1gh5tLVot5ilwmyA9_jjwL3Hv7TVoDhrbRbyNeZd9K5RnLAIIfzC_w3nJaPppUHLRKU_94wZXqmOxYsoE5kLnED4aEnBnXuDm84Y9uCo68RAhM6FiuFMdm2-KSm5e9pwVV6yuvrDu9aw0xnm2HrMZ7TVy3YYpst25ufldTYRnwLGEVGLwQ',
  }],
};

export const BASE_URL = 'https://matchflow.example.com';
export const REALM_URL = `${BASE_URL}/auth/realms/letsbet`;
