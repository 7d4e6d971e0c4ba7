/** The auth realm games written for OkLetsPlay log in to (COMPAT.md §3). */

/** The realm URL: Keycloak's layout, which games written for OkLetsPlay expect. */
export function realmUrl(baseUrl: string, realm: string): string {
  return `${baseUrl}/auth/realms/${realm}`;
}

/** `developer-config.json`, handed to a game's developers (COMPAT.md §3). It holds the client secret. */
export function developerConfig(baseUrl: string, realm: string, clientId: string, clientSecret: string) {
  return {
    okletsplay_url: baseUrl,
    authentication: {
      client_id: clientId,
      client_secret: clientSecret,
      public_key_url: realmUrl(baseUrl, realm),
      token_url: `${realmUrl(baseUrl, realm)}/protocol/openid-connect/token`,
    },
  };
}
