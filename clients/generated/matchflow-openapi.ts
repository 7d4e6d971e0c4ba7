/**
 * The Matchflow API's types, generated from its OpenAPI document by openapi-typescript. Do not edit:
 * `npm run client:generate` writes this file, and the suite fails when it differs from what the API serves.
 */

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the reference is
         * @description Answers where this server's API reference, OpenAPI document and readiness check are (absolute URLs, from PUBLIC_URL). No login.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Links. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "service": "Matchflow",
                         *       "docs": "https://matchflow.example.com/docs",
                         *       "openapi": "https://matchflow.example.com/openapi.json",
                         *       "health": "https://matchflow.example.com/readyz"
                         *     }
                         */
                        "application/json": {
                            docs: string;
                            health: string;
                            openapi: string;
                            /** @enum {string} */
                            service: "Matchflow";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The platform's JWKS
         * @description The RS256 public key set that signs access tokens and the match-info webhook's bearer, at the conventional address; the same set as the realm's `/protocol/openid-connect/certs`. It changes only when the operator replaces PLATFORM_SIGNING_KEY.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The key set. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "keys": [
                         *         {
                         *           "kty": "RSA",
                         *           "kid": "nYit1L-2aUg_MNTM",
                         *           "use": "sig",
                         *           "alg": "RS256",
                         *           "e": "AQAB",
                         *           "n": "jZMMOJMIKF5mprjkwZAzzFPWYfbJlPjevnRBbJGszo6elOx1drPcii2Jj3dOXTrkw6vBTswhpAupUbHI2WuCJJSGh7ApM3B74_WQVxb8t_PeJc7rgHILAFoTbjPS4C1FcqIUgS0M5teQqF9dMtT6mTXojc3LUIGiGaOR1gh5tLVot5ilwmyA9_jjwL3Hv7TVoDhrbRbyNeZd9K5RnLAIIfzC_w3nJaPppUHLRKU_94wZXqmOxYsoE5kLnED4aEnBnXuDm84Y9uCo68RAhM6FiuFMdm2-KSm5e9pwVV6yuvrDu9aw0xnm2HrMZ7TVy3YYpst25ufldTYRnwLGEVGLwQ"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["Jwks"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/console-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List console users
         * @description Everyone who may sign in to the web console at `/console`, with their role: `admin` (everything, audit log included), `operator` (live play and its actions) or `finance` (money and results, read only). Passwords are stored as scrypt hashes and never shown.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The users, by name. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example [
                         *       {
                         *         "username": "ada",
                         *         "role": "operator",
                         *         "createdAt": "2026-11-30T12:00:00.000Z",
                         *         "disabled": false
                         *       }
                         *     ]
                         */
                        "application/json": {
                            /** @description ISO-8601. */
                            createdAt: string;
                            /** @description A disabled user cannot sign in. */
                            disabled: boolean;
                            /** @enum {string} */
                            role: "admin" | "operator" | "finance";
                            username: string;
                        }[];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a console user
         * @description Adds someone who may sign in to the console. Leave `password` out to have a strong one generated: the answer shows it once. A password you choose is never echoed. A name already taken is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "username": "ada",
                     *       "role": "operator"
                     *     }
                     */
                    "application/json": {
                        /** @description Leave out to have one generated; it is answered once. */
                        password?: string;
                        /** @enum {string} */
                        role: "admin" | "operator" | "finance";
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Added; `password` only when generated. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "username": "ada",
                         *       "role": "operator",
                         *       "password": "q2VYk3mW9xTn4bR7cA1sZp0d"
                         *     }
                         */
                        "application/json": {
                            password?: string;
                            role: string;
                            username: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The name is taken. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "a console user named ada exists",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/console-users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a console user
         * @description Changes a user's role or password, or disables them (`disabled: true`) or enables them again. Any change signs the user out of every browser, so a new role or password applies at once.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The console username. */
                    username: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "role": "finance"
                     *     }
                     */
                    "application/json": {
                        /** @description `true` signs the user out and refuses their sign-ins. */
                        disabled?: boolean;
                        password?: string;
                        /** @enum {string} */
                        role?: "admin" | "operator" | "finance";
                    };
                };
            };
            responses: {
                /** @description The user now. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "username": "ada",
                         *       "role": "finance",
                         *       "createdAt": "2026-11-30T12:00:00.000Z",
                         *       "disabled": false
                         *     }
                         */
                        "application/json": {
                            /** @description ISO-8601. */
                            createdAt: string;
                            /** @description A disabled user cannot sign in. */
                            disabled: boolean;
                            /** @enum {string} */
                            role: "admin" | "operator" | "finance";
                            username: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such user. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no console user named ada",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/finance/balances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Account balances
         * @description Lists account balances (player wallets, match escrows, the house, and `external`, the outside world, the one account that may be negative), ordered by account id, filtered by project and kind, at most `limit` (1–10,000, default 1000). `format=csv` answers a CSV download. Over all accounts the balances sum to zero.
         */
        get: {
            parameters: {
                query?: {
                    /** @description `csv`: the same rows as a CSV download. */
                    format?: "json" | "csv";
                    kind?: "wallet" | "escrow" | "house" | "external";
                    limit?: number;
                    projectId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The balances (or, with format=csv, the CSV). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "balances": [
                         *         {
                         *           "accountId": "house:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "kind": "house",
                         *           "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "owner": "",
                         *           "balance": 6400
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            balances: {
                                accountId: string;
                                balance: number;
                                /** @enum {string} */
                                kind: "wallet" | "escrow" | "house" | "external";
                                owner: string;
                                projectId: string;
                            }[];
                        };
                        /**
                         * @example accountId,kind,projectId,owner,balance
                         *     house:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3,house,3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3,,6400
                         */
                        "text/csv": string;
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/finance/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check the ledger's invariants
         * @description Checks the ledger from its rows: the balances sum to zero, no account but `external` is negative, every balance equals the sum of its postings, and every transaction is two postings that sum to zero. `ok` is true when all hold; otherwise the offending accounts and transactions are listed. It reads every account: run it from monitoring now and then, not per request.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The verdict. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "ok": true,
                         *       "sum": 0,
                         *       "negativeAccounts": [],
                         *       "driftedAccounts": [],
                         *       "unbalancedTransactions": []
                         *     }
                         */
                        "application/json": {
                            driftedAccounts: string[];
                            negativeAccounts: string[];
                            ok: boolean;
                            sum: number;
                            unbalancedTransactions: string[];
                        };
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/finance/matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A game's paid matches
         * @description Lists a project's paid matches, newest first, optionally in one `state` and created within [`from`, `to`), at most `limit` (1–1000, default 100); each with its teams, reported result and payout plan. `projectId` is required. For one match's money, see `/admin/finance/matches/{matchId}`.
         */
        get: {
            parameters: {
                query: {
                    /** @description created at or after */
                    from?: string;
                    limit?: number;
                    projectId: string;
                    state?: "lobby" | "escrow" | "starting" | "live" | "settling" | "settled" | "refunding" | "refunded" | "expired" | "cancelled";
                    /** @description created before */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matches": [
                         *         {
                         *           "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "state": "settled",
                         *           "entryFee": 1000,
                         *           "currency": "USD",
                         *           "teamSize": 1,
                         *           "teams": [
                         *             {
                         *               "id": "1",
                         *               "members": [
                         *                 {
                         *                   "playerId": "test:alice",
                         *                   "confirmed": true
                         *                 }
                         *               ]
                         *             },
                         *             {
                         *               "id": "2",
                         *               "members": [
                         *                 {
                         *                   "playerId": "test:bob",
                         *                   "confirmed": true
                         *                 }
                         *               ]
                         *             }
                         *           ],
                         *           "createdBy": "test:alice",
                         *           "createdAt": "2026-03-14T09:26:53.000Z",
                         *           "liveAt": "2026-03-14T09:28:10.000Z",
                         *           "endedAt": "2026-03-14T09:41:02.000Z",
                         *           "result": {
                         *             "scores": {
                         *               "test:alice": 31,
                         *               "test:bob": 17
                         *             },
                         *             "teams": {
                         *               "1": {
                         *                 "ranking": 1
                         *               },
                         *               "2": {
                         *                 "ranking": 2
                         *               }
                         *             }
                         *           },
                         *           "submissionsTotal": 2,
                         *           "submissionsLeft": 0,
                         *           "payout": {
                         *             "pot": 2000,
                         *             "rake": 200,
                         *             "remainder": 0,
                         *             "payouts": [
                         *               {
                         *                 "playerId": "test:alice",
                         *                 "teamId": "1",
                         *                 "amount": 1800
                         *               }
                         *             ],
                         *             "places": [
                         *               {
                         *                 "teamId": "1",
                         *                 "place": 1
                         *               },
                         *               {
                         *                 "teamId": "2",
                         *                 "place": 2
                         *               }
                         *             ]
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            matches: components["schemas"]["PaidMatch"][];
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/finance/matches/{matchId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A match's money trail
         * @description Answers a match (its result and payout plan) beside its money: fees in, refunds, rake, remainder, payouts, what its escrow still holds, and every transaction. A settled or refunded match's escrow holds 0; anything else is worth a look (and `GET /admin/finance/check`).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id. */
                    matchId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The match and its money. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "match": {
                         *         "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *         "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *         "state": "settled",
                         *         "entryFee": 1000,
                         *         "currency": "USD",
                         *         "teamSize": 1,
                         *         "teams": [
                         *           {
                         *             "id": "1",
                         *             "members": [
                         *               {
                         *                 "playerId": "test:alice",
                         *                 "confirmed": true
                         *               }
                         *             ]
                         *           },
                         *           {
                         *             "id": "2",
                         *             "members": [
                         *               {
                         *                 "playerId": "test:bob",
                         *                 "confirmed": true
                         *               }
                         *             ]
                         *           }
                         *         ],
                         *         "createdBy": "test:alice",
                         *         "createdAt": "2026-03-14T09:26:53.000Z",
                         *         "liveAt": "2026-03-14T09:28:10.000Z",
                         *         "endedAt": "2026-03-14T09:41:02.000Z",
                         *         "result": {
                         *           "scores": {
                         *             "test:alice": 31,
                         *             "test:bob": 17
                         *           },
                         *           "teams": {
                         *             "1": {
                         *               "ranking": 1
                         *             },
                         *             "2": {
                         *               "ranking": 2
                         *             }
                         *           }
                         *         },
                         *         "submissionsTotal": 2,
                         *         "submissionsLeft": 0,
                         *         "payout": {
                         *           "pot": 2000,
                         *           "rake": 200,
                         *           "remainder": 0,
                         *           "payouts": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "teamId": "1",
                         *               "amount": 1800
                         *             }
                         *           ],
                         *           "places": [
                         *             {
                         *               "teamId": "1",
                         *               "place": 1
                         *             },
                         *             {
                         *               "teamId": "2",
                         *               "place": 2
                         *             }
                         *           ]
                         *         }
                         *       },
                         *       "money": {
                         *         "feesIn": 2000,
                         *         "refunds": 0,
                         *         "rake": 200,
                         *         "remainder": 0,
                         *         "payouts": 1800,
                         *         "escrowBalance": 0
                         *       },
                         *       "transactions": [
                         *         {
                         *           "seq": 1042,
                         *           "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *           "idempotencyKey": "7c9e6679-7425-40de-944b-e07fc1f90ae7/entry-fee/test:alice",
                         *           "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "kind": "entryFee",
                         *           "from": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *           "to": "escrow:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "amount": 1000,
                         *           "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "playerId": "test:alice",
                         *           "postedAt": "2026-03-14T09:27:41.000Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            match: components["schemas"]["PaidMatch"];
                            money: {
                                escrowBalance: number;
                                feesIn: number;
                                payouts: number;
                                rake: number;
                                refunds: number;
                                remainder: number;
                            };
                            transactions: components["schemas"]["LedgerTransaction"][];
                        };
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such paid match. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such paid match",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/finance/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Totals by kind for a period
         * @description Sums and counts transactions by kind under the same filters as `/admin/finance/transactions`, with what the house earned (rake + remainder) and what flowed into escrows net of what left them; over all time, `escrowNet` is what the escrows hold now. The filters are echoed back. Use it for a period's report.
         */
        get: {
            parameters: {
                query?: {
                    /** @description inclusive */
                    from?: string;
                    kind?: "deposit" | "withdrawal" | "entryFee" | "refund" | "rake" | "remainder" | "payout";
                    matchId?: string;
                    playerId?: string;
                    projectId?: string;
                    /** @description exclusive */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The totals. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "from": "2026-03-01T00:00:00.000Z",
                         *       "to": "2026-04-01T00:00:00.000Z",
                         *       "totals": {
                         *         "deposit": {
                         *           "amount": 250000,
                         *           "count": 41
                         *         },
                         *         "entryFee": {
                         *           "amount": 64000,
                         *           "count": 64
                         *         },
                         *         "rake": {
                         *           "amount": 6400,
                         *           "count": 32
                         *         },
                         *         "payout": {
                         *           "amount": 57600,
                         *           "count": 32
                         *         }
                         *       },
                         *       "houseIncome": 6400,
                         *       "escrowNet": 0
                         *     }
                         */
                        "application/json": {
                            escrowNet: number;
                            from?: string;
                            houseIncome: number;
                            kind?: string;
                            matchId?: string;
                            playerId?: string;
                            projectId?: string;
                            to?: string;
                            /** @description By transaction kind; kinds with no transaction are absent. */
                            totals: {
                                [key: string]: {
                                    amount: number;
                                    count: number;
                                };
                            };
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/finance/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ledger transactions
         * @description Lists transactions in posting order, filtered by project, match, player, kind and period (`from` inclusive, `to` exclusive, ISO-8601), `limit` (1–10,000, default 500) at a time; a full page carries `next`, to pass as `after`. `format=csv` answers the same rows as a CSV download for a spreadsheet. Transactions are never changed or deleted, so pages are stable.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only transactions posted after this `seq` (the `next` of the previous page). */
                    after?: number | null;
                    /** @description `csv`: the same rows as a CSV download. */
                    format?: "json" | "csv";
                    /** @description inclusive */
                    from?: string;
                    kind?: "deposit" | "withdrawal" | "entryFee" | "refund" | "rake" | "remainder" | "payout";
                    limit?: number;
                    matchId?: string;
                    playerId?: string;
                    projectId?: string;
                    /** @description exclusive */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of transactions (or, with format=csv, the CSV). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "transactions": [
                         *         {
                         *           "seq": 1042,
                         *           "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *           "idempotencyKey": "7c9e6679-7425-40de-944b-e07fc1f90ae7/entry-fee/test:alice",
                         *           "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "kind": "entryFee",
                         *           "from": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *           "to": "escrow:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "amount": 1000,
                         *           "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "playerId": "test:alice",
                         *           "postedAt": "2026-03-14T09:27:41.000Z"
                         *         }
                         *       ],
                         *       "next": 1042
                         *     }
                         */
                        "application/json": components["schemas"]["TransactionPage"];
                        /**
                         * @example seq,transactionId,postedAt,projectId,kind,amount,from,to,matchId,playerId,idempotencyKey,memo
                         *     1042,0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60,2026-03-14T09:27:41.000Z,3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3,entryFee,1000,wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice,escrow:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:7c9e6679-7425-40de-944b-e07fc1f90ae7,7c9e6679-7425-40de-944b-e07fc1f90ae7,test:alice,7c9e6679-7425-40de-944b-e07fc1f90ae7/entry-fee/test:alice,
                         */
                        "text/csv": string;
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List projects
         * @description Lists every project with its settings. Secrets are masked as `********` unless `reveal=true`, which shows them in clear: ask for it only where the answer is kept safe. A read, safe to repeat.
         */
        get: {
            parameters: {
                query?: {
                    /** @description `true` includes retired projects. */
                    retired?: "true" | "false";
                    /** @description `true` shows every secret in clear. */
                    reveal?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every project. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example [
                         *       {
                         *         "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *         "name": "Skyward Arena",
                         *         "testKey": "********",
                         *         "serverToken": "********",
                         *         "itch": {
                         *           "apiBaseUrl": "https://itch.io"
                         *         },
                         *         "steam": {
                         *           "appId": 480
                         *         },
                         *         "versus": {
                         *           "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *           "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *           "apiSecret": "********"
                         *         },
                         *         "groupingRule": {
                         *           "kind": "arrival"
                         *         },
                         *         "padrone": {
                         *           "admins": [
                         *             "ops"
                         *           ],
                         *           "developers": [
                         *             "steam:76561198012345678"
                         *           ]
                         *         },
                         *         "platform": {
                         *           "rakeBps": 1000,
                         *           "payoutTableBps": [
                         *             10000
                         *           ],
                         *           "resultDeadlineSeconds": 3600,
                         *           "currency": "USD",
                         *           "noResultPolicy": "refund",
                         *           "clientSecret": "********"
                         *         },
                         *         "sessionWebhook": {
                         *           "url": "https://game.example.com/matchflow/sessions",
                         *           "secret": "********"
                         *         },
                         *         "revision": 0,
                         *         "createdAt": "2026-03-14T09:26:53.000Z"
                         *       }
                         *     ]
                         */
                        "application/json": components["schemas"]["Project"][];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a project
         * @description Creates a project (a game) with fresh credentials: a test key (unless `testKey: false`), a server token, a Versus game uuid, developer uuid and API secret, a paid-match client secret, and with `sessionWebhook` a webhook signing secret; this answer is the one that shows them in clear. Padrone admin passwords are stored scrypt-hashed. Each call makes another project, so do not repeat it blindly; `versus.developerUuid` puts the game under an existing Versus developer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "name": "Skyward Arena",
                     *       "steam": {
                     *         "appId": 480
                     *       },
                     *       "sessionWebhook": {
                     *         "url": "https://game.example.com/matchflow/sessions"
                     *       },
                     *       "padrone": {
                     *         "admins": [
                     *           {
                     *             "username": "ops",
                     *             "password": "correct horse battery"
                     *           }
                     *         ],
                     *         "developers": [
                     *           "steam:76561198012345678"
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["CreateProject"];
                };
            };
            responses: {
                /** @description The project, secrets in clear. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "name": "Skyward Arena",
                         *       "testKey": "q5Vd0R3xk9LwTz2mB7yHcN4pJ8sF1gUa",
                         *       "serverToken": "Zp3Lx8Qw2Vr6Tn9Ym4Kc7Hd1Jf5Gs0Ba",
                         *       "itch": {
                         *         "apiBaseUrl": "https://itch.io"
                         *       },
                         *       "steam": {
                         *         "appId": 480
                         *       },
                         *       "versus": {
                         *         "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *         "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *         "apiSecret": "5d41402abc4b2a76b9719d911017c592aa6e3f0b"
                         *       },
                         *       "groupingRule": {
                         *         "kind": "arrival"
                         *       },
                         *       "padrone": {
                         *         "admins": [
                         *           "ops"
                         *         ],
                         *         "developers": [
                         *           "steam:76561198012345678"
                         *         ]
                         *       },
                         *       "platform": {
                         *         "rakeBps": 1000,
                         *         "payoutTableBps": [
                         *           10000
                         *         ],
                         *         "resultDeadlineSeconds": 3600,
                         *         "currency": "USD",
                         *         "noResultPolicy": "refund",
                         *         "clientSecret": "Hk2Nw7Rq4Tz9Vc3Xm8Lp1Bd6Fj5Gs0Ya"
                         *       },
                         *       "sessionWebhook": {
                         *         "url": "https://game.example.com/matchflow/sessions",
                         *         "secret": "Wd5Tq8Ln2Xc7Rv4Kz9Hm1Pb6Jf3Gs0Ea"
                         *       },
                         *       "revision": 0,
                         *       "createdAt": "2026-03-14T09:26:53.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a project
         * @description Shows one project with its settings; secrets are masked as `********` unless `reveal=true`. A read, safe to repeat.
         */
        get: {
            parameters: {
                query?: {
                    /** @description `true` shows every secret in clear. */
                    reveal?: "true" | "false";
                };
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The project. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "name": "Skyward Arena",
                         *       "testKey": "********",
                         *       "serverToken": "********",
                         *       "itch": {
                         *         "apiBaseUrl": "https://itch.io"
                         *       },
                         *       "steam": {
                         *         "appId": 480
                         *       },
                         *       "versus": {
                         *         "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *         "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *         "apiSecret": "********"
                         *       },
                         *       "groupingRule": {
                         *         "kind": "arrival"
                         *       },
                         *       "padrone": {
                         *         "admins": [
                         *           "ops"
                         *         ],
                         *         "developers": [
                         *           "steam:76561198012345678"
                         *         ]
                         *       },
                         *       "platform": {
                         *         "rakeBps": 1000,
                         *         "payoutTableBps": [
                         *           10000
                         *         ],
                         *         "resultDeadlineSeconds": 3600,
                         *         "currency": "USD",
                         *         "noResultPolicy": "refund",
                         *         "clientSecret": "********"
                         *       },
                         *       "sessionWebhook": {
                         *         "url": "https://game.example.com/matchflow/sessions",
                         *         "secret": "********"
                         *       },
                         *       "revision": 0,
                         *       "createdAt": "2026-03-14T09:26:53.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Retire a project
         * @description Takes a project out of service: no new logins, match requests, hosts, Versus handshakes or paid matches. What runs ends as usual (a live paid match still takes its result), and its sessions, ratings and money trail stay; `GET /admin/projects/{projectId}` still shows it, lists only with `retired=true`. A repeat answers the same.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The retired project, secrets masked. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "name": "Skyward Arena",
                         *       "testKey": "********",
                         *       "serverToken": "********",
                         *       "itch": {
                         *         "apiBaseUrl": "https://itch.io"
                         *       },
                         *       "steam": {
                         *         "appId": 480
                         *       },
                         *       "versus": {
                         *         "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *         "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *         "apiSecret": "********"
                         *       },
                         *       "groupingRule": {
                         *         "kind": "arrival"
                         *       },
                         *       "padrone": {
                         *         "admins": [
                         *           "ops"
                         *         ],
                         *         "developers": [
                         *           "steam:76561198012345678"
                         *         ]
                         *       },
                         *       "platform": {
                         *         "rakeBps": 1000,
                         *         "payoutTableBps": [
                         *           10000
                         *         ],
                         *         "resultDeadlineSeconds": 3600,
                         *         "currency": "USD",
                         *         "noResultPolicy": "refund",
                         *         "clientSecret": "********"
                         *       },
                         *       "sessionWebhook": {
                         *         "url": "https://game.example.com/matchflow/sessions",
                         *         "secret": "********"
                         *       },
                         *       "revision": 0,
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "retiredAt": "2026-11-30T12:00:00.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a project's settings
         * @description Changes only the settings given (RFC 7396 merge: `null` takes an optional setting away; Padrone `admins` and `developers` are replaced whole): name, test logins on or off, itch.io and Steam settings, grouping rule, Padrone Steam Web API key, Oculus app, admins and developers, paid-match settings, session webhook. `rotate` replaces the test key, server token or session webhook secret, and the answer shows the new one once (as it shows a first webhook's secret). The project's running matchers take a new grouping rule at once. Each call counts a `revision`; repeating the same change is harmless except for `rotate`, which makes a new secret each time.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "groupingRule": {
                     *         "kind": "rating",
                     *         "tolerance": 100,
                     *         "widenPerSecond": 10,
                     *         "maxTolerance": 600
                     *       },
                     *       "itch": {
                     *         "serverKey": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ProjectChanges"];
                };
            };
            responses: {
                /** @description The project, secrets masked (a rotated or newly enabled one in clear). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "name": "Skyward Arena",
                         *       "testKey": "********",
                         *       "serverToken": "********",
                         *       "itch": {
                         *         "apiBaseUrl": "https://itch.io"
                         *       },
                         *       "steam": {
                         *         "appId": 480
                         *       },
                         *       "versus": {
                         *         "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *         "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *         "apiSecret": "********"
                         *       },
                         *       "groupingRule": {
                         *         "kind": "rating",
                         *         "tolerance": 100,
                         *         "widenPerSecond": 10,
                         *         "maxTolerance": 600
                         *       },
                         *       "padrone": {
                         *         "admins": [
                         *           "ops"
                         *         ],
                         *         "developers": [
                         *           "steam:76561198012345678"
                         *         ]
                         *       },
                         *       "platform": {
                         *         "rakeBps": 1000,
                         *         "payoutTableBps": [
                         *           10000
                         *         ],
                         *         "resultDeadlineSeconds": 3600,
                         *         "currency": "USD",
                         *         "noResultPolicy": "refund",
                         *         "clientSecret": "********"
                         *       },
                         *       "sessionWebhook": {
                         *         "url": "https://game.example.com/matchflow/sessions",
                         *         "secret": "********"
                         *       },
                         *       "revision": 1,
                         *       "createdAt": "2026-03-14T09:26:53.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project, or it is retired. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project (or it is retired)",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/projects/{projectId}/developer-config.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The game's developer-config.json
         * @description Answers developer-config.json (as a download) for the game's developers: `okletsplay_url` (PUBLIC_URL) and the realm's `client_id` (the project id), `client_secret`, `public_key_url` and `token_url`. It holds the client secret: hand it over privately. A project made before paid matches gets its client secret on the first download; later downloads answer the same file.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "okletsplay_url": "https://matchflow.example.com",
                         *       "authentication": {
                         *         "client_id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *         "client_secret": "Hk2Nw7Rq4Tz9Vc3Xm8Lp1Bd6Fj5Gs0Ya",
                         *         "public_key_url": "https://matchflow.example.com/auth/realms/letsbet",
                         *         "token_url": "https://matchflow.example.com/auth/realms/letsbet/protocol/openid-connect/token"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["DeveloperConfig"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The leaderboard
         * @description Lists rated players by Glicko-2 rating, best first, `limit` lines from `offset`; ties share a rank and are listed by player id. With `around=<playerId>` it answers that player's line and `n` lines above and below instead (`player` is null, and `entries` empty, for a player no finished session has rated). `format=csv` answers the same lines as a CSV download.
         */
        get: {
            parameters: {
                query?: {
                    /** @description A player id: that player's line with `n` lines above and below, instead of the top. */
                    around?: string;
                    /** @description `csv`: the same rows as a CSV download. */
                    format?: "json" | "csv";
                    /** @description 1–1000 (up to 10000 with format=csv), default 100. */
                    limit?: number;
                    /** @description With `around`: lines shown above and below (0–50, default 5). */
                    n?: number | null;
                    /** @description Lines skipped from the top (default 0). */
                    offset?: number | null;
                };
                header?: never;
                path: {
                    /** @description The project (game). */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The lines (or, with format=csv, the CSV). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "steam:76561198012345678",
                         *           "rating": 1733.2,
                         *           "deviation": 71.4,
                         *           "games": 48,
                         *           "updatedAt": "2026-03-14T09:26:53.000Z"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "test:bob",
                         *           "rating": 1650,
                         *           "deviation": 88.9,
                         *           "games": 17,
                         *           "updatedAt": "2026-03-13T21:04:10.000Z"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "test:carol",
                         *           "rating": 1650,
                         *           "deviation": 93.5,
                         *           "games": 12,
                         *           "updatedAt": "2026-03-12T18:40:02.000Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Up to `n` lines above the player, the player, and up to `n` below; empty when the player is not rated. */
                            entries: components["schemas"]["LeaderboardEntry"][];
                            /** @description The player's own line; null when no finished session has rated them yet. */
                            player?: {
                                /** @description Glicko-2 rating deviation: how unsure the rating still is. */
                                deviation: number;
                                /** @description Finished sessions that rated the player. */
                                games: number;
                                playerId: string;
                                /** @description 1 + the number of players rated strictly higher: ties share a rank (1, 1, 3). */
                                rank: number;
                                /** @description Glicko-2 rating (players start at 1500). */
                                rating: number;
                                /** @description When the rating last changed. */
                                updatedAt: string;
                            } | null;
                        };
                        /**
                         * @example rank,playerId,rating,deviation,games,updatedAt
                         *     1,steam:76561198012345678,1733.2,71.4,48,2026-03-14T09:26:53.000Z
                         */
                        "text/csv": string;
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/paid-matches/{matchId}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Abort a paid match
         * @description Asks a paid match to abort and answers 202 with its state at that moment: a lobby ends `cancelled` (nothing was paid), a match past its lobby refunds every fee it took (`refunding`, then `refunded`) and, if the game was told of it, the game gets `DELETE {match-info-url}` as a courtesy. Follow it with `GET /admin/finance/matches/{matchId}`. `reason` (1–500 characters) is recorded with the match; a repeat keeps the first reason. A match that has ended is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id. */
                    matchId: string;
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "reason": "game server outage, incident 2291"
                     *     }
                     */
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Abort requested. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "state": "live"
                         *     }
                         */
                        "application/json": {
                            matchId: string;
                            state: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such paid match in this project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The match has ended. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "the match has ended (settled)",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/platform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a game's paid-match settings
         * @description Changes a game's paid-match settings, the fields given only: match-info URL, launch URL, rake, payout table (basis points adding up to 10000), result deadline, currency and no-result policy. Matches already created keep the rules they were created with. Answers the project, secrets masked; repeating it is harmless.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "matchInfoUrl": "https://game.example.com/okletsplay/match-info",
                     *       "gameUrl": "https://play.example.com/game",
                     *       "rakeBps": 800
                     *     }
                     */
                    "application/json": components["schemas"]["PlatformSettings"];
                };
            };
            responses: {
                /** @description The project. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "name": "Skyward Arena",
                         *       "testKey": "********",
                         *       "serverToken": "********",
                         *       "itch": {
                         *         "apiBaseUrl": "https://itch.io"
                         *       },
                         *       "steam": {
                         *         "appId": 480
                         *       },
                         *       "versus": {
                         *         "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *         "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *         "apiSecret": "********"
                         *       },
                         *       "groupingRule": {
                         *         "kind": "arrival"
                         *       },
                         *       "padrone": {
                         *         "admins": [
                         *           "ops"
                         *         ],
                         *         "developers": [
                         *           "steam:76561198012345678"
                         *         ]
                         *       },
                         *       "platform": {
                         *         "rakeBps": 1000,
                         *         "payoutTableBps": [
                         *           10000
                         *         ],
                         *         "resultDeadlineSeconds": 3600,
                         *         "currency": "USD",
                         *         "noResultPolicy": "refund",
                         *         "clientSecret": "********"
                         *       },
                         *       "sessionWebhook": {
                         *         "url": "https://game.example.com/matchflow/sessions",
                         *         "secret": "********"
                         *       },
                         *       "revision": 0,
                         *       "createdAt": "2026-03-14T09:26:53.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/platform/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the game's client secret
         * @description Replaces the game's OAuth client secret and answers the new developer-config.json. The old secret stops logging in at once; access tokens already issued live out their PLATFORM_ACCESS_TOKEN_TTL_SECONDS (300). Each call makes a new secret.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new file. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "okletsplay_url": "https://matchflow.example.com",
                         *       "authentication": {
                         *         "client_id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *         "client_secret": "Hk2Nw7Rq4Tz9Vc3Xm8Lp1Bd6Fj5Gs0Ya",
                         *         "public_key_url": "https://matchflow.example.com/auth/realms/letsbet",
                         *         "token_url": "https://matchflow.example.com/auth/realms/letsbet/protocol/openid-connect/token"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["DeveloperConfig"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/players/{playerId}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A player's results
         * @description Lists the sessions a player played that have ended, newest first: team, place, whether they won, rating before and after, teammates and opponents. Disputed, abandoned and cancelled sessions are listed with their state (and no rating change). A full page carries `next`, to pass as `before`; `format=csv` answers a CSV download. Kept for ever, also after retention prunes the sessions themselves.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only sessions that ended before this instant: the `next` of the previous page. */
                    before?: string;
                    /** @description `csv`: the same rows as a CSV download. */
                    format?: "json" | "csv";
                    /** @description 1–1000 (up to 10000 with format=csv), default 100. */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description The player id, e.g. `test:alice` or `steam:7656…`. */
                    playerId: string;
                    /** @description The project (game). */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first (or, with format=csv, the CSV). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "results": [
                         *         {
                         *           "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *           "endedAt": "2026-03-14T09:26:53.000Z",
                         *           "state": "settled",
                         *           "team": 0,
                         *           "rank": 0,
                         *           "won": true,
                         *           "ratingBefore": 1662.3,
                         *           "ratingAfter": 1733.2,
                         *           "teammates": [],
                         *           "opponents": [
                         *             [
                         *               "test:bob"
                         *             ]
                         *           ]
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description On a full page: pass it as `before` for the next one. */
                            next?: string;
                            /** @description Newest first. */
                            results: components["schemas"]["PlayerResult"][];
                        };
                        /**
                         * @example sessionId,endedAt,state,team,rank,won,ratingBefore,ratingAfter,ratingChange,teammates,opponents
                         *     b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e,2026-03-14T09:26:53.000Z,settled,0,0,true,1662.3,1733.2,70.9,,test:bob
                         */
                        "text/csv": string;
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/session-webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Session webhook deliveries
         * @description Lists what Matchflow sent, or is still trying to send, to the project's session webhook, newest first: each event with its state and every try (when, the HTTP status or why none came, how long it took). `state=failed` finds the ones no try delivered; page on with `before=<next>`. A read, safe to repeat.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `next` of the previous page: continues with older deliveries. */
                    before?: string;
                    limit?: number;
                    /** @description One session's deliveries (its `session.started` and `session.ended`). */
                    sessionId?: string;
                    /** @description `failed`: the ones no try delivered (refused, or the retry window spent). */
                    state?: "pending" | "delivered" | "failed";
                };
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "deliveries": [
                         *         {
                         *           "id": "5f0c6a1e-8d2b-4c7a-9e3f-1b2d4a6c8e0f",
                         *           "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *           "event": "session.ended",
                         *           "idempotencyKey": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e:ended",
                         *           "state": "delivered",
                         *           "payload": {
                         *             "id": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e:ended",
                         *             "type": "session.ended",
                         *             "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *             "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *             "state": "settled",
                         *             "resultStatus": "finished",
                         *             "ranks": [
                         *               0,
                         *               1
                         *             ],
                         *             "decidedBy": "agreement",
                         *             "endedAt": "2026-03-14T09:41:07.000Z",
                         *             "players": [
                         *               {
                         *                 "playerId": "test:alice",
                         *                 "team": 0,
                         *                 "rank": 0,
                         *                 "rating": {
                         *                   "before": 1500,
                         *                   "after": 1662.3108939062977
                         *                 }
                         *               },
                         *               {
                         *                 "playerId": "test:bob",
                         *                 "team": 1,
                         *                 "rank": 1,
                         *                 "rating": {
                         *                   "before": 1500,
                         *                   "after": 1337.6891060937023
                         *                 }
                         *               }
                         *             ]
                         *           },
                         *           "lastStatus": 200,
                         *           "lastError": null,
                         *           "createdAt": "2026-03-14T09:41:07.000Z",
                         *           "updatedAt": "2026-03-14T09:41:10.204Z",
                         *           "attempts": [
                         *             {
                         *               "attempt": 1,
                         *               "at": "2026-03-14T09:41:07.000Z",
                         *               "url": "https://game.example.com/matchflow/sessions",
                         *               "status": 503,
                         *               "error": null,
                         *               "durationMs": 41
                         *             },
                         *             {
                         *               "attempt": 2,
                         *               "at": "2026-03-14T09:41:08.112Z",
                         *               "url": "https://game.example.com/matchflow/sessions",
                         *               "status": 503,
                         *               "error": null,
                         *               "durationMs": 38
                         *             },
                         *             {
                         *               "attempt": 3,
                         *               "at": "2026-03-14T09:41:10.160Z",
                         *               "url": "https://game.example.com/matchflow/sessions",
                         *               "status": 200,
                         *               "error": null,
                         *               "durationMs": 44
                         *             }
                         *           ]
                         *         }
                         *       ],
                         *       "next": null
                         *     }
                         */
                        "application/json": {
                            deliveries: components["schemas"]["SessionWebhookDelivery"][];
                            /** @description Pass as `before` for the next (older) page; null on the last one. */
                            next: string | null;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sessions by period
         * @description Lists the project's ended sessions, newest first by when they ended, within [`from`, `to`), optionally of one `state` and one `player`; `state=live` lists the sessions still being played, by when they started. Each shows how it ended, who decided, and every team's place and players' rating changes. A full page carries `next`, to pass as `before` and `beforeId`. `format=csv` answers one row per player per session: who played whom, who won, the rating change. Sessions are kept SESSION_RETENTION_DAYS (30) after they end.
         */
        get: {
            parameters: {
                query?: {
                    /** @description With `beforeId`: the `next` of the previous page (`endedAt`, or `startedAt` of live sessions). */
                    before?: string;
                    /** @description The session id of the previous page's `next`: sessions that ended in the same millisecond are not skipped. */
                    beforeId?: string;
                    /** @description `csv`: the same rows as a CSV download. */
                    format?: "json" | "csv";
                    /** @description Ended at or after (started, for live sessions). */
                    from?: string;
                    /** @description 1–1000 (up to 10000 with format=csv), default 100. */
                    limit?: number;
                    /** @description Only sessions this player played in. */
                    player?: string;
                    /** @description Only sessions in this state; without it, every session that has ended. */
                    state?: "live" | "settled" | "disputed" | "abandoned" | "cancelled";
                    /** @description Ended before (started, for live sessions). */
                    to?: string;
                };
                header?: never;
                path: {
                    /** @description The project (game). */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first (or, with format=csv, the CSV). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sessions": [
                         *         {
                         *           "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *           "startedAt": "2026-03-14T09:12:40.000Z",
                         *           "endedAt": "2026-03-14T09:26:53.000Z",
                         *           "state": "settled",
                         *           "resultStatus": "finished",
                         *           "decidedBy": "agreement",
                         *           "serverName": null,
                         *           "matchTag": "v1.4-eu-ranked",
                         *           "teams": [
                         *             {
                         *               "rank": 0,
                         *               "players": [
                         *                 {
                         *                   "playerId": "steam:76561198012345678",
                         *                   "ratingBefore": 1662.3,
                         *                   "ratingAfter": 1733.2
                         *                 }
                         *               ]
                         *             },
                         *             {
                         *               "rank": 1,
                         *               "players": [
                         *                 {
                         *                   "playerId": "test:bob",
                         *                   "ratingBefore": 1721.6,
                         *                   "ratingAfter": 1650
                         *                 }
                         *               ]
                         *             }
                         *           ]
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description On a full page: pass both for the next one. */
                            next?: {
                                before: string;
                                beforeId: string;
                            };
                            /** @description Newest first. */
                            sessions: components["schemas"]["SessionResult"][];
                        };
                        /**
                         * @example sessionId,startedAt,endedAt,state,resultStatus,decidedBy,serverName,matchTag,team,rank,playerId,won,ratingBefore,ratingAfter,ratingChange,opponents
                         *     b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e,2026-03-14T09:12:40.000Z,2026-03-14T09:26:53.000Z,settled,finished,agreement,,v1.4-eu-ranked,0,0,steam:76561198012345678,true,1662.3,1733.2,70.9,test:bob
                         *     b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e,2026-03-14T09:12:40.000Z,2026-03-14T09:26:53.000Z,settled,finished,agreement,,v1.4-eu-ranked,1,1,test:bob,false,1721.6,1650,-71.6,steam:76561198012345678
                         */
                        "text/csv": string;
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/versus/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the Versus API secret
         * @description Replaces the project's Versus API secret and answers the project with every secret in clear. Versus sessions made with the old secret stop verifying at once, and pending seeds can no longer be activated: games do the handshake again with the new secret. Each call makes a new secret.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project id. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The project, secrets in clear. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "name": "Skyward Arena",
                         *       "testKey": "q5Vd0R3xk9LwTz2mB7yHcN4pJ8sF1gUa",
                         *       "serverToken": "Zp3Lx8Qw2Vr6Tn9Ym4Kc7Hd1Jf5Gs0Ba",
                         *       "itch": {
                         *         "apiBaseUrl": "https://itch.io"
                         *       },
                         *       "steam": {
                         *         "appId": 480
                         *       },
                         *       "versus": {
                         *         "gameUuid": "9a1f3c2e-5b7d-4e8f-a6c4-2d0b8e7f1a93",
                         *         "developerUuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                         *         "apiSecret": "5d41402abc4b2a76b9719d911017c592aa6e3f0b"
                         *       },
                         *       "groupingRule": {
                         *         "kind": "arrival"
                         *       },
                         *       "padrone": {
                         *         "admins": [
                         *           "ops"
                         *         ],
                         *         "developers": [
                         *           "steam:76561198012345678"
                         *         ]
                         *       },
                         *       "platform": {
                         *         "rakeBps": 1000,
                         *         "payoutTableBps": [
                         *           10000
                         *         ],
                         *         "resultDeadlineSeconds": 3600,
                         *         "currency": "USD",
                         *         "noResultPolicy": "refund",
                         *         "clientSecret": "Hk2Nw7Rq4Tz9Vc3Xm8Lp1Bd6Fj5Gs0Ya"
                         *       },
                         *       "sessionWebhook": {
                         *         "url": "https://game.example.com/matchflow/sessions",
                         *         "secret": "Wd5Tq8Ln2Xc7Rv4Kz9Hm1Pb6Jf3Gs0Ea"
                         *       },
                         *       "revision": 0,
                         *       "createdAt": "2026-03-14T09:26:53.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/wallets/{playerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A wallet's balance
         * @description Answers a player's wallet balance in minor units. A wallet no money has touched reads 0 (this is a ledger read, not a check that the player exists); a project that does not exist is a 404, as for credit and withdraw. For the movements, see `GET /admin/finance/transactions?playerId=`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The player id, e.g. `test:alice` or `steam:7656…`. */
                    playerId: string;
                    /** @description The project (game). */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The balance. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "playerId": "test:alice",
                         *       "balance": 4000
                         *     }
                         */
                        "application/json": {
                            balance: number;
                            playerId: string;
                            projectId: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/wallets/{playerId}/credit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit a wallet
         * @description Moves `amount` minor units from the outside world into the player's wallet (money the player paid you) and answers the transaction. `reference` (your payment id) makes it idempotent: repeating it answers 200 with the first transaction and moves nothing, and reusing it for a different amount is a 409. Amounts are integers of at least 1. An unknown project is 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The player id, e.g. `test:alice` or `steam:7656…`. */
                    playerId: string;
                    /** @description The project (game). */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "amount": 5000,
                     *       "reference": "stripe-pi-3OqZ2kLx",
                     *       "memo": "top-up by card"
                     *     }
                     */
                    "application/json": {
                        amount: number;
                        memo?: string;
                        /** @description Your reference for this movement (a payment id); repeating it repeats nothing. */
                        reference: string;
                    };
                };
            };
            responses: {
                /** @description This reference was posted before: the first transaction, nothing moved. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *       "idempotencyKey": "deposit/3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3/stripe-pi-3OqZ2kLx",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "kind": "deposit",
                         *       "from": "external:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "to": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *       "amount": 5000,
                         *       "playerId": "test:alice",
                         *       "memo": "top-up by card",
                         *       "postedAt": "2026-03-14T09:20:05.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["PostedTransaction"];
                    };
                };
                /** @description Posted. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *       "idempotencyKey": "deposit/3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3/stripe-pi-3OqZ2kLx",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "kind": "deposit",
                         *       "from": "external:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "to": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *       "amount": 5000,
                         *       "playerId": "test:alice",
                         *       "memo": "top-up by card",
                         *       "postedAt": "2026-03-14T09:20:05.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["PostedTransaction"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The reference was already used for a different movement. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "reference stripe-pi-3OqZ2kLx was already used for a different deposit",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/projects/{projectId}/wallets/{playerId}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay a wallet out
         * @description Moves `amount` minor units from the player's wallet to the outside world (money you paid the player) and answers the transaction; a wallet short of it is a 409. `reference` (your payment id) makes it idempotent: repeating it answers 200 with the first transaction and moves nothing, and reusing it for a different amount is a 409. Amounts are integers of at least 1. An unknown project is 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The player id, e.g. `test:alice` or `steam:7656…`. */
                    playerId: string;
                    /** @description The project (game). */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "amount": 5000,
                     *       "reference": "stripe-pi-3OqZ2kLx",
                     *       "memo": "top-up by card"
                     *     }
                     */
                    "application/json": {
                        amount: number;
                        memo?: string;
                        /** @description Your reference for this movement (a payment id); repeating it repeats nothing. */
                        reference: string;
                    };
                };
            };
            responses: {
                /** @description This reference was posted before: the first transaction, nothing moved. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *       "idempotencyKey": "deposit/3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3/stripe-pi-3OqZ2kLx",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "kind": "deposit",
                         *       "from": "external:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "to": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *       "amount": 5000,
                         *       "playerId": "test:alice",
                         *       "memo": "top-up by card",
                         *       "postedAt": "2026-03-14T09:20:05.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["PostedTransaction"];
                    };
                };
                /** @description Posted. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *       "idempotencyKey": "deposit/3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3/stripe-pi-3OqZ2kLx",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "kind": "deposit",
                         *       "from": "external:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "to": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *       "amount": 5000,
                         *       "playerId": "test:alice",
                         *       "memo": "top-up by card",
                         *       "postedAt": "2026-03-14T09:20:05.000Z"
                         *     }
                         */
                        "application/json": components["schemas"]["PostedTransaction"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "admin token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Insufficient funds, or the reference was already used for a different movement. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "insufficient funds in the wallet",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/v1/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report results
         * @description Reports scores, and optionally team rankings and forfeits, of a live match; asynchronous games send one request per player (`submissions_left` counts down). The first value accepted for any field is final: a replay answers 200 and changes nothing, a different value is a 409. Once every participant has a score, or every team a ranking or forfeit, the match settles and pays out (rake to the house, the rest by the payout table). Also served at `/api/games/v1/finish`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "match_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                     *       "participants": [
                     *         {
                     *           "id": "test:alice",
                     *           "score": 31
                     *         },
                     *         {
                     *           "id": "test:bob",
                     *           "score": 17
                     *         }
                     *       ],
                     *       "teams": [
                     *         {
                     *           "id": "1",
                     *           "ranking": 1
                     *         },
                     *         {
                     *           "id": "2",
                     *           "ranking": 2
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        match_id: string;
                        participants: {
                            id: string | number;
                            score: number;
                        }[];
                        /** @default [] */
                        teams?: {
                            forfeit?: boolean;
                            id: string | number;
                            ranking?: number;
                            score?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Accepted, or an identical replay. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "match_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "match_status": "settling",
                         *       "submissions_total": 2,
                         *       "submissions_left": 0
                         *     }
                         */
                        "application/json": {
                            match_id: string;
                            /** @enum {string} */
                            match_status: "lobby" | "escrow" | "starting" | "live" | "settling" | "settled" | "refunding" | "refunded" | "expired" | "cancelled";
                            submissions_left: number;
                            submissions_total: number;
                        };
                    };
                };
                /** @description Malformed, or names a participant or team not in the match. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "participants[1].id: test:carol is not a participant of this match",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No Bearer, or an invalid or expired access token: log in again at the token endpoint. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "invalid or expired access token",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match for this game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with an accepted result, or the match is not live. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "a different result was already accepted: participant test:alice already has score 31",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/v1/token-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a player's match token
         * @description Checks the match token a player launched the game with (`?token=`) and answers whose it is and the match's state; let the player play only while `match_status` is `live`. `submissions_left` counts the results still expected. An unknown or expired token, or another game's, is 404. Safe to call as often as needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "token": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..6_gT9F2oO7lnmYZE.KxbAMhrGKhd6YS-DxeOQzMPdABrVjMU5NeOI8eHCRGffvpJCN1c2oNk_Zonii10vwZ6zcG13-UnBwZxh0z3ZvGMNqdlNu-UqwvU3BaPGWg3SnpuRgnCvjygYTBxvagq5bSb_7TPiEejmFSEJ2Ep38uGlJHWQWuAEY_DYY-zwQ5b8nI8yd8d2OsVqJ7A9yXcDbX9CBfbaj314Kg.31Z8QrT3QB4LEyB1c7qjWw"
                     *     }
                     */
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description The match and the player. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "match_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "user_id": "test:alice",
                         *       "match_status": "live",
                         *       "submissions_total": 2,
                         *       "submissions_left": 2
                         *     }
                         */
                        "application/json": {
                            match_id: string;
                            /** @enum {string} */
                            match_status: "lobby" | "escrow" | "starting" | "live" | "settling" | "settled" | "refunding" | "refunded" | "expired" | "cancelled";
                            submissions_left: number;
                            submissions_total: number;
                            user_id: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No Bearer, or an invalid or expired access token: log in again at the token endpoint. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "invalid or expired access token",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown or expired match token, or another game's. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "unknown or expired match token",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/games/v1/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report results (the seed's spelling)
         * @description Reports scores, and optionally team rankings and forfeits, of a live match; asynchronous games send one request per player (`submissions_left` counts down). The first value accepted for any field is final: a replay answers 200 and changes nothing, a different value is a 409. Once every participant has a score, or every team a ranking or forfeit, the match settles and pays out (rake to the house, the rest by the payout table). The same as `/api/game/v1/finish`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "match_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                     *       "participants": [
                     *         {
                     *           "id": "test:alice",
                     *           "score": 31
                     *         },
                     *         {
                     *           "id": "test:bob",
                     *           "score": 17
                     *         }
                     *       ],
                     *       "teams": [
                     *         {
                     *           "id": "1",
                     *           "ranking": 1
                     *         },
                     *         {
                     *           "id": "2",
                     *           "ranking": 2
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        match_id: string;
                        participants: {
                            id: string | number;
                            score: number;
                        }[];
                        /** @default [] */
                        teams?: {
                            forfeit?: boolean;
                            id: string | number;
                            ranking?: number;
                            score?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Accepted, or an identical replay. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "match_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "match_status": "settling",
                         *       "submissions_total": 2,
                         *       "submissions_left": 0
                         *     }
                         */
                        "application/json": {
                            match_id: string;
                            /** @enum {string} */
                            match_status: "lobby" | "escrow" | "starting" | "live" | "settling" | "settled" | "refunding" | "refunded" | "expired" | "cancelled";
                            submissions_left: number;
                            submissions_total: number;
                        };
                    };
                };
                /** @description Malformed, or names a participant or team not in the match. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "participants[1].id: test:carol is not a participant of this match",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No Bearer, or an invalid or expired access token: log in again at the token endpoint. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "invalid or expired access token",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match for this game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with an accepted result, or the match is not live. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "a different result was already accepted: participant test:alice already has score 31",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/games/{game_uuid}/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a seed, or verify a token
         * @description Without `token`, or with a token that is wrong, expired or not yet activated, answers 401 with a fresh seed to start the handshake with. With an active token it answers 200 and the session's expiry, so a game backend calls it to check a token before trusting it. The game computes `token = SHA1('{"uuid":"<game_uuid>","secret_key":"<api_secret>","seed":"<seed>"}')`: that JSON exactly (this key order, no spaces), lowercase hex. One address may ask for VERSUS_SEEDS_PER_IP_PER_MINUTE (60) seeds a minute; past that, 429. The path is served with and without a trailing slash.
         */
        get: {
            parameters: {
                query: {
                    /** @description The game's `versus.developerUuid`. */
                    developer_uuid: string;
                    /** @description An activated token to verify. */
                    token?: string;
                };
                header?: never;
                path: {
                    /** @description The game's `versus.gameUuid`. */
                    game_uuid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The token is active. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "session": {
                         *         "expires": "2026-03-14T10:26:53.000Z",
                         *         "state": "active"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["VersusSession"];
                    };
                };
                /** @description `developer_uuid` is missing (or, on PUT and POST, `token`). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "developer_uuid is missing"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description No token, or a wrong, expired or pending one: a fresh seed. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "session": {
                         *         "seed": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["VersusSeed"];
                    };
                };
                /** @description Unknown game, or a game of another developer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Invalid Developer"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Activate a token
         * @description Activates the token computed from a pending seed and answers its session, active for VERSUS_SESSION_TTL_SECONDS (1 h). The game computes `token = SHA1('{"uuid":"<game_uuid>","secret_key":"<api_secret>","seed":"<seed>"}')`: that JSON exactly (this key order, no spaces), lowercase hex. A token is activated once: a second activation, an expired seed, or a seed made before the game's secret was rotated answers 401 "Authentication Seed Required" (start again with GET). POST does the same. Failures count against the login limits (429).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The game's `versus.gameUuid`. */
                    game_uuid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "developer_uuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                     *       "token": "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"
                     *     }
                     */
                    "application/json": {
                        developer_uuid: string;
                        /** @description SHA1 of the seed JSON, 40 lowercase hex characters. */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Activated. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "session": {
                         *         "expires": "2026-03-14T10:26:53.000Z",
                         *         "state": "active"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["VersusSession"];
                    };
                };
                /** @description `developer_uuid` is missing (or, on PUT and POST, `token`). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "developer_uuid is missing"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description The token is not pending (never seeded, seed expired, or already activated). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Authentication Seed Required"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description Unknown game, or a game of another developer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Invalid Developer"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Activate a token (POST spelling)
         * @description Activates the token computed from a pending seed and answers its session, active for VERSUS_SESSION_TTL_SECONDS (1 h). The game computes `token = SHA1('{"uuid":"<game_uuid>","secret_key":"<api_secret>","seed":"<seed>"}')`: that JSON exactly (this key order, no spaces), lowercase hex. A token is activated once: a second activation, an expired seed, or a seed made before the game's secret was rotated answers 401 "Authentication Seed Required" (start again with GET). The same as PUT; both are served. Failures count against the login limits (429).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The game's `versus.gameUuid`. */
                    game_uuid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "developer_uuid": "e4c8b2a6-1d3f-4a5b-9c7e-6f8a0b2d4c1e",
                     *       "token": "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"
                     *     }
                     */
                    "application/json": {
                        developer_uuid: string;
                        /** @description SHA1 of the seed JSON, 40 lowercase hex characters. */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Activated. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "session": {
                         *         "expires": "2026-03-14T10:26:53.000Z",
                         *         "state": "active"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["VersusSession"];
                    };
                };
                /** @description `developer_uuid` is missing (or, on PUT and POST, `token`). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "developer_uuid is missing"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description The token is not pending (never seeded, seed expired, or already activated). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Authentication Seed Required"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description Unknown game, or a game of another developer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Invalid Developer"
                         *     }
                         */
                        "application/json": components["schemas"]["VersusError"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Is the API up
         * @description Answers 200 with an empty body while the API process is up, with no login and no project look-up; Padrone's clients call it before anything else. It says nothing about Temporal or the database: `GET /readyz` does.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a host
         * @description Takes a seat on a host and answers its `sessionId` and `secret` (random UUIDv4s) for the player to present to the host. A player has one session at a time: a new join ends the previous one, so each join takes a new seat and is not to be repeated blindly. An unknown or full host, or a wrong password, is a 406 naming why; two players racing for the last seat get one seat and one 406. Wrong passwords count against the login limits.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostEndpoint": "203.0.113.24:7777",
                     *       "password": "hunter22"
                     *     }
                     */
                    "application/json": {
                        hostEndpoint: string;
                        password?: string | null;
                    };
                };
            };
            responses: {
                /** @description Seated. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sessionId": "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f",
                         *       "secret": "c0a8e3f2-9b14-4d6e-8a7f-5e2d1c0b9a38"
                         *     }
                         */
                        "application/json": {
                            secret: string;
                            sessionId: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown host, host full, or wrong password. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "host is full"
                         *     }
                         */
                        "application/json": components["schemas"]["PadroneRefusal"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave the current host
         * @description Ends the caller's session on whatever host it joined, and answers 200 with an empty body once the host list shows the seat free. Send no body and no content type. A player who has not joined, or already left, gets the same 200, so it is safe to repeat.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Left, or nothing to leave; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/list-hosts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public hosts of a version, nearest first
         * @description Lists the public hosts of `version`, hosts of unknown distance first and then nearest first, with `distanceInKm` (haversine) and `country` from the GeoIP database geoip-lite ships; private hosts are never listed. Full and password-protected hosts are left out unless `hideFull=false` or `hidePasswordProtected=false`. The caller's address is the connection's unless TRUST_PROXY says which proxies' X-Forwarded-For to believe. It reads a table the host workflows keep, so polling it is cheap.
         */
        get: {
            parameters: {
                query: {
                    /** @description Leave out hosts with playerCount >= maxPlayers (default true). */
                    hideFull?: "true" | "false";
                    /** @description Leave out password-protected hosts (default true). */
                    hidePasswordProtected?: "true" | "false";
                    /** @description At most this many hosts (default 50, clamped to 0–100). */
                    limit?: number | null;
                    version: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Hosts, nearest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example [
                         *       {
                         *         "name": "Friday night jumps",
                         *         "hostedBy": "Skydiver",
                         *         "peerInfo": {
                         *           "external": "203.0.113.24:7777",
                         *           "internal": "192.168.1.20:7777"
                         *         },
                         *         "isPasswordProtected": false,
                         *         "onlineSince": "2026-03-14T09:26:53.000Z",
                         *         "distanceInKm": 412.73,
                         *         "country": "Netherlands",
                         *         "version": "1.4.2",
                         *         "playerCount": 3,
                         *         "maxPlayers": 8
                         *       }
                         *     ]
                         */
                        "application/json": components["schemas"]["ListedHost"][];
                    };
                };
                /** @description `version` is missing, or another query parameter is wrong. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "query.version: version is required",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the login is
         * @description Answers who the X-Padrone-Auth login is: name and avatar (when Steam or itch.io give them), whether it is one of the project's admins, and whether its player id is among the project's developers. A successful login is cached 2 hours (10,000 per project), so repeating it costs nothing; failures and admin logins are never cached. A missing, malformed or rejected header is 403; a provider that does not answer is 503.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The player. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "name": "Skydiver",
                         *       "avatarUrl": "https://avatars.steamstatic.com/b5bd56c1aa4644a474a2e4972be27ef9e82e517e_full.jpg",
                         *       "isAdmin": false,
                         *       "isDeveloper": false
                         *     }
                         */
                        "application/json": {
                            avatarUrl?: string;
                            isAdmin: boolean;
                            isDeveloper: boolean;
                            name?: string;
                        };
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a host alive
         * @description Keeps the caller's host listed for another HOST_PING_TIMEOUT_SECONDS (300) and reports the session ids of the players still connected: a joined player missing from `connectedClients` is dropped once its join is older than HOST_JOIN_TIMEOUT_SECONDS (300). A ping is one database write, so pinging every few seconds is cheap and safe to repeat. An unknown host, or another player's, is a 406.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostEndpoint": "203.0.113.24:7777",
                     *       "connectedClients": [
                     *         "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f"
                     *       ]
                     *     }
                     */
                    "application/json": {
                        connectedClients: string[];
                        hostEndpoint: string;
                    };
                };
            };
            responses: {
                /** @description Alive; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown host, or not the caller's. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "unknown host, or not yours"
                         *     }
                         */
                        "application/json": components["schemas"]["PadroneRefusal"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/player-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A joined player, for the host's owner
         * @description Lets a host's owner check a joining player: given the `sessionId` the player presents, answers its `secret` and who the player is, so the host can compare the secret the player sends. Only the owner of `hostEndpoint` gets an answer; anyone else, an unknown session or a host that is gone gets 404.
         */
        get: {
            parameters: {
                query: {
                    hostEndpoint: string;
                    sessionId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The seat and its player. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sessionId": "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f",
                         *       "secret": "c0a8e3f2-9b14-4d6e-8a7f-5e2d1c0b9a38",
                         *       "playerInfo": {
                         *         "playerId": "steam:76561198012345678",
                         *         "name": "Wingsuit Wendy"
                         *       }
                         *     }
                         */
                        "application/json": {
                            playerInfo: {
                                avatarUrl?: string;
                                name?: string;
                                playerId: string;
                            };
                            secret: string;
                            sessionId: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such player session on a host of the caller's (or no such project). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such player session on a host of yours",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/register-host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register (or replace) a host
         * @description Registers the caller's host at its external endpoint (`ip:port`, `[v6]:port`), or replaces the caller's host there and drops its players; answers 200 with an empty body once the host list shows it. Another player's endpoint is a 406, and so is a host past HOSTS_PER_PLAYER (10) per player. `hostName` is listed cut at 100 characters; a `password` is stored scrypt-hashed and never returned. Keep the host alive with `ping` at least every HOST_PING_TIMEOUT_SECONDS (300).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostName": "Friday night jumps",
                     *       "peerInfo": {
                     *         "external": "203.0.113.24:7777",
                     *         "internal": "192.168.1.20:7777"
                     *       },
                     *       "isPrivate": false,
                     *       "version": "1.4.2",
                     *       "maxPlayers": 8
                     *     }
                     */
                    "application/json": {
                        hostName: string;
                        isPrivate: boolean;
                        maxPlayers: number;
                        password?: string | null;
                        peerInfo: {
                            external: string;
                            internal: string;
                        };
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Registered; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Another player owns that endpoint, or the caller runs HOSTS_PER_PLAYER hosts already. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "another player owns that external endpoint"
                         *     }
                         */
                        "application/json": components["schemas"]["PadroneRefusal"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/report-leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a player gone (host owner)
         * @description Lets a host's owner end a player's session on that host, e.g. when the player disconnected; answers 200 with an empty body once the host list shows the seat free. A report from someone who does not own the host, or for a session not on it, changes nothing and answers the same 200, so it is safe to repeat.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostEndpoint": "203.0.113.24:7777",
                     *       "sessionId": "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f"
                     *     }
                     */
                    "application/json": {
                        hostEndpoint: string;
                        sessionId: string;
                    };
                };
            };
            responses: {
                /** @description Done, or nothing to do; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/unregister-host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a host down
         * @description Ends the caller's host at `externalEndpoint` and answers 200 with an empty body once the host list no longer shows it (within a few seconds). An unknown endpoint, another player's host or a host already gone gets the same 200 and nothing changes, so it is safe to repeat.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "externalEndpoint": "203.0.113.24:7777"
                     *     }
                     */
                    "application/json": {
                        externalEndpoint: string;
                    };
                };
            };
            responses: {
                /** @description Done, or nothing to do; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/realms/{realm}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The realm and its public key
         * @description The `public_key_url` of developer-config.json: the realm document as Keycloak publishes it, with the RS256 public key (base64 DER SPKI) the game verifies the match-info webhook's bearer with. The key changes only when the operator replaces PLATFORM_SIGNING_KEY, so it may be cached (it is sent with max-age 300).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description PLATFORM_REALM (default `letsbet`); any other name is 404. */
                    realm: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The realm. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "realm": "letsbet",
                         *       "public_key": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAjZMMOJMIKF5mprjkwZAzzFPWYfbJlPjevnRBbJGszo6elOx1drPcii2Jj3dOXTrkw6vBTswhpAupUbHI2WuCJJSGh7ApM3B74/WQVxb8t/PeJc7rgHILAFoTbjPS4C1FcqIUgS0M5teQqF9dMtT6mTXojc3LUIGiGaOR1gh5tLVot5ilwmyA9/jjwL3Hv7TVoDhrbRbyNeZd9K5RnLAIIfzC/w3nJaPppUHLRKU/94wZXqmOxYsoE5kLnED4aEnBnXuDm84Y9uCo68RAhM6FiuFMdm2+KSm5e9pwVV6yuvrDu9aw0xnm2HrMZ7TVy3YYpst25ufldTYRnwLGEVGLwQIDAQAB",
                         *       "token-service": "https://matchflow.example.com/auth/realms/letsbet/protocol/openid-connect",
                         *       "account-service": "https://matchflow.example.com/auth/realms/letsbet/account",
                         *       "tokens-not-before": 0
                         *     }
                         */
                        "application/json": {
                            "account-service": string;
                            public_key: string;
                            realm: string;
                            "token-service": string;
                            /** @enum {number} */
                            "tokens-not-before": 0;
                        };
                    };
                };
                /** @description No realm of that name. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Realm does not exist"
                         *     }
                         */
                        "application/json": {
                            error: string;
                        };
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/realms/{realm}/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OpenID discovery
         * @description OpenID Connect discovery for the realm: issuer, token endpoint, JWKS URL, and what the token endpoint supports (client credentials only, with the secret in the form or HTTP Basic). OAuth libraries that configure themselves from an issuer URL read it once.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description PLATFORM_REALM (default `letsbet`); any other name is 404. */
                    realm: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The discovery document. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "issuer": "https://matchflow.example.com/auth/realms/letsbet",
                         *       "token_endpoint": "https://matchflow.example.com/auth/realms/letsbet/protocol/openid-connect/token",
                         *       "jwks_uri": "https://matchflow.example.com/auth/realms/letsbet/protocol/openid-connect/certs",
                         *       "grant_types_supported": [
                         *         "client_credentials"
                         *       ],
                         *       "token_endpoint_auth_methods_supported": [
                         *         "client_secret_post",
                         *         "client_secret_basic"
                         *       ],
                         *       "id_token_signing_alg_values_supported": [
                         *         "RS256"
                         *       ],
                         *       "scopes_supported": [
                         *         "olp-report-api"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            grant_types_supported: string[];
                            id_token_signing_alg_values_supported: string[];
                            issuer: string;
                            jwks_uri: string;
                            scopes_supported: string[];
                            token_endpoint: string;
                            token_endpoint_auth_methods_supported: string[];
                        };
                    };
                };
                /** @description No realm of that name. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Realm does not exist"
                         *     }
                         */
                        "application/json": {
                            error: string;
                        };
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/realms/{realm}/protocol/openid-connect/certs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The realm's JWKS
         * @description The same public key as a JSON Web Key Set, for JWT libraries that look keys up by `kid`. It changes only when PLATFORM_SIGNING_KEY is replaced and is sent with max-age 300. The same set is served at `/.well-known/jwks.json`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description PLATFORM_REALM (default `letsbet`); any other name is 404. */
                    realm: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The key set. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "keys": [
                         *         {
                         *           "kty": "RSA",
                         *           "kid": "nYit1L-2aUg_MNTM",
                         *           "use": "sig",
                         *           "alg": "RS256",
                         *           "e": "AQAB",
                         *           "n": "jZMMOJMIKF5mprjkwZAzzFPWYfbJlPjevnRBbJGszo6elOx1drPcii2Jj3dOXTrkw6vBTswhpAupUbHI2WuCJJSGh7ApM3B74_WQVxb8t_PeJc7rgHILAFoTbjPS4C1FcqIUgS0M5teQqF9dMtT6mTXojc3LUIGiGaOR1gh5tLVot5ilwmyA9_jjwL3Hv7TVoDhrbRbyNeZd9K5RnLAIIfzC_w3nJaPppUHLRKU_94wZXqmOxYsoE5kLnED4aEnBnXuDm84Y9uCo68RAhM6FiuFMdm2-KSm5e9pwVV6yuvrDu9aw0xnm2HrMZ7TVy3YYpst25ufldTYRnwLGEVGLwQ"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["Jwks"];
                    };
                };
                /** @description No realm of that name. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Realm does not exist"
                         *     }
                         */
                        "application/json": {
                            error: string;
                        };
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/realms/{realm}/protocol/openid-connect/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log the game's backend in (OAuth2 client credentials)
         * @description Exchanges the game's `client_id` and `client_secret` from developer-config.json (form fields, or HTTP Basic) for an RS256 access token, the Bearer of `/api/game/v1/*`, valid PLATFORM_ACCESS_TOKEN_TTL_SECONDS (300). `scope`, if given, must include `olp-report-api`. Log in again when the token expires; each call signs a fresh one. Errors are RFC 6749 (`invalid_request`, `unsupported_grant_type`, `invalid_client`, `invalid_scope`); an address that keeps failing gets 429.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description PLATFORM_REALM (default `letsbet`); any other name is 404. */
                    realm: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "grant_type": "client_credentials",
                     *       "client_id": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "client_secret": "Hk2Nw7Rq4Tz9Vc3Xm8Lp1Bd6Fj5Gs0Ya",
                     *       "scope": "olp-report-api"
                     *     }
                     */
                    "application/x-www-form-urlencoded": {
                        client_id?: string;
                        client_secret?: string;
                        /** @enum {string} */
                        grant_type: "client_credentials";
                        scope?: string;
                    };
                };
            };
            responses: {
                /** @description An access token. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "access_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Im5ZaXQxTC0yYVVnX01OVE0iLCJ0eXAiOiJKV1QifQ.eyJ0eXAiOiJCZWFyZXIiLCJhenAiOiIzZmJjNWRlMC0wZGRiLTRlMWEtOGVlMS1kODMxZjVjNjhhYTMiLCJzY29wZSI6Im9scC1yZXBvcnQtYXBpIiwiY2xpZW50X2lkIjoiM2ZiYzVkZTAtMGRkYi00ZTFhLThlZTEtZDgzMWY1YzY4YWEzIiwiaXNzIjoiaHR0cDovLzEyNy4wLjAuMTo4MDgwL2F1dGgvcmVhbG1zL2xldHNiZXQiLCJzdWIiOiIzZmJjNWRlMC0wZGRiLTRlMWEtOGVlMS1kODMxZjVjNjhhYTMiLCJpYXQiOjE3OTYwNTcwODAsImV4cCI6MTc5NjA1NzM4MH0.amJ9zLRwFRJPX4R4EaLrGo211yAH5U1VJJUbUGw0kojuWVBtvF5-Z52c5-4DoI54FBO3ORkBbqwHgycvKPrVHKwHEX6DvnqHBZ3VL2quSY5mKL1-y-yVs99dRS68ZkFy5gFpIHcgBBzzroMVCFd7x4Q593NYAz0Q6-nAnqM1nRih1oZTNVi8LMlWXU5qFxzxgRsiX1RmuLbZNILcMJXPdI4yeNxMgAAXunMK4UCniCQ5BPL8lPb2G1p93rEKqdnLHkEepcoccGhcQCjdFroPata9Gi62XoKd48TYcgrlaFzhUEsD_VEfNXfcQFjp5aiuRO_8dTn0S3l-oZQ81gF7Lw",
                         *       "expires_in": 300,
                         *       "token_type": "Bearer",
                         *       "scope": "olp-report-api",
                         *       "refresh_expires_in": 0,
                         *       "not-before-policy": 0
                         *     }
                         */
                        "application/json": {
                            access_token: string;
                            expires_in: number;
                            /** @enum {number} */
                            "not-before-policy": 0;
                            /** @enum {number} */
                            refresh_expires_in: 0;
                            /** @enum {string} */
                            scope: "olp-report-api";
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
                /** @description Malformed request, another grant type, no credentials, or a scope without olp-report-api. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "unsupported_grant_type",
                         *       "error_description": "only client_credentials is supported"
                         *     }
                         */
                        "application/json": components["schemas"]["OAuthError"];
                    };
                };
                /** @description Unknown client or wrong secret (one answer for both). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "invalid_client",
                         *       "error_description": "Invalid client credentials"
                         *     }
                         */
                        "application/json": components["schemas"]["OAuthError"];
                    };
                };
                /** @description No realm of that name. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Realm does not exist"
                         *     }
                         */
                        "application/json": {
                            error: string;
                        };
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed too often; Retry-After says when to try again. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too_many_requests",
                         *       "error_description": "too many failed attempts from this address; try again in 840 s"
                         *     }
                         */
                        "application/json": components["schemas"]["OAuthError"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers `{"status":"ok"}` while the API process is up, without asking Temporal or the database: use it as the liveness probe. No login.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ok"
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Answers this process's metrics in Prometheus' text format: tickets by outcome, time to match and queue depth by bucket, sessions and results, webhook deliveries, ledger transfers, limit refusals, and Node's own. Under `npm start` the worker runs in this process, so its activities' counts are here too. Queue depth and sessions are read from the database at each scrape. See README.md, Metrics, for every metric and example queries.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Metrics (text/plain; version=0.0.4). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example # HELP matchflow_tickets_total Tickets answered, by project and outcome (matched, or the reason it failed: timedOut, cancelled, noServer, internalError).
                         *     # TYPE matchflow_tickets_total counter
                         *     matchflow_tickets_total{project="3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",outcome="matched"} 2
                         *     # HELP matchflow_queue_depth Tickets searching, by project and queue bucket (`1v1 eu -`), from the database.
                         *     # TYPE matchflow_queue_depth gauge
                         *     matchflow_queue_depth{project="3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",bucket="1v1 eu -"} 3
                         */
                        "text/plain": string;
                    };
                };
                /** @description Missing or wrong token (METRICS_TOKEN or ADMIN_TOKEN). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "metrics token required",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The player's paid matches and money
         * @description Lists the player's paid matches, newest first, at most `limit` (1–200, default 50): state, team and place, and what the player paid, got refunded, won and netted in each, in minor units. Figures come from the ledger, so they match the wallet's transactions.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matches": [
                         *         {
                         *           "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "state": "settled",
                         *           "entryFee": 1000,
                         *           "currency": "USD",
                         *           "createdAt": "2026-03-14T09:26:53.000Z",
                         *           "endedAt": "2026-03-14T09:41:02.000Z",
                         *           "team": "1",
                         *           "place": 1,
                         *           "paid": 1000,
                         *           "refunded": 0,
                         *           "won": 1800,
                         *           "net": 800
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            matches: components["schemas"]["HistoryLine"][];
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open lobbies of the game
         * @description Lists the game's paid matches still in their lobby (state `lobby`), newest first, at most `limit` (1–200, default 50). Pick one and join it, or create your own. It reads a table the matches keep, so polling it is cheap.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Lobbies, newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matches": [
                         *         {
                         *           "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "state": "lobby",
                         *           "entryFee": 1000,
                         *           "currency": "USD",
                         *           "teamSize": 1,
                         *           "teams": [
                         *             {
                         *               "id": "1",
                         *               "members": [
                         *                 {
                         *                   "playerId": "test:alice",
                         *                   "confirmed": false
                         *                 }
                         *               ]
                         *             },
                         *             {
                         *               "id": "2",
                         *               "members": []
                         *             }
                         *           ],
                         *           "createdBy": "test:alice",
                         *           "createdAt": "2026-03-14T09:26:53.000Z",
                         *           "result": {
                         *             "scores": {},
                         *             "teams": {}
                         *           },
                         *           "submissionsTotal": 0,
                         *           "submissionsLeft": 2
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            matches: components["schemas"]["PaidMatch"][];
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a paid match
         * @description Creates a match of `teams` teams of `teamSize` players at `entryFee` minor units each, with the player seated (unconfirmed) in `teamId`, and answers 201 with the lobby. The lobby expires after PLATFORM_LOBBY_TIMEOUT_SECONDS (900) unless every seat is taken and confirmed; no money moves before that. With an `Idempotency-Key` a retry answers 200 with the match the first request made, as it is now; a different match under the same key is a 409. The wallet must hold the fee, and the game must take paid matches (a match-info URL configured): otherwise 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description A retry with the same key answers the match the first request made. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "entryFee": 1000,
                     *       "teams": 2,
                     *       "teamSize": 1
                     *     }
                     */
                    "application/json": components["schemas"]["CreatePaidMatch"];
                };
            };
            responses: {
                /** @description A retry with the same Idempotency-Key: the match it made, as it is now. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "state": "lobby",
                         *       "entryFee": 1000,
                         *       "currency": "USD",
                         *       "teamSize": 1,
                         *       "teams": [
                         *         {
                         *           "id": "1",
                         *           "members": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "confirmed": false
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "id": "2",
                         *           "members": []
                         *         }
                         *       ],
                         *       "createdBy": "test:alice",
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "result": {
                         *         "scores": {},
                         *         "teams": {}
                         *       },
                         *       "submissionsTotal": 0,
                         *       "submissionsLeft": 2
                         *     }
                         */
                        "application/json": components["schemas"]["PaidMatch"];
                    };
                };
                /** @description The new lobby. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "state": "lobby",
                         *       "entryFee": 1000,
                         *       "currency": "USD",
                         *       "teamSize": 1,
                         *       "teams": [
                         *         {
                         *           "id": "1",
                         *           "members": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "confirmed": false
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "id": "2",
                         *           "members": []
                         *         }
                         *       ],
                         *       "createdBy": "test:alice",
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "result": {
                         *         "scores": {},
                         *         "teams": {}
                         *       },
                         *       "submissionsTotal": 0,
                         *       "submissionsLeft": 2
                         *     }
                         */
                        "application/json": components["schemas"]["PaidMatch"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Insufficient funds, the game takes no paid matches, or the Idempotency-Key already made a different match. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "insufficient funds: wallet balance 500, entry fee 1000",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/matches/{matchId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A match of the player's game
         * @description Reads a match of the player's game in any state: its teams and who confirmed, then `liveAt`, the reported result and, once settled, the payout plan. Poll it to follow the lobby filling and the match going live. A match of another game, or an id that is not a UUID, is 404.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id (a UUID). */
                    matchId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The match. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "state": "settled",
                         *       "entryFee": 1000,
                         *       "currency": "USD",
                         *       "teamSize": 1,
                         *       "teams": [
                         *         {
                         *           "id": "1",
                         *           "members": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "confirmed": true
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "id": "2",
                         *           "members": [
                         *             {
                         *               "playerId": "test:bob",
                         *               "confirmed": true
                         *             }
                         *           ]
                         *         }
                         *       ],
                         *       "createdBy": "test:alice",
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "liveAt": "2026-03-14T09:28:10.000Z",
                         *       "endedAt": "2026-03-14T09:41:02.000Z",
                         *       "result": {
                         *         "scores": {
                         *           "test:alice": 31,
                         *           "test:bob": 17
                         *         },
                         *         "teams": {
                         *           "1": {
                         *             "ranking": 1
                         *           },
                         *           "2": {
                         *             "ranking": 2
                         *           }
                         *         }
                         *       },
                         *       "submissionsTotal": 2,
                         *       "submissionsLeft": 0,
                         *       "payout": {
                         *         "pot": 2000,
                         *         "rake": 200,
                         *         "remainder": 0,
                         *         "payouts": [
                         *           {
                         *             "playerId": "test:alice",
                         *             "teamId": "1",
                         *             "amount": 1800
                         *           }
                         *         ],
                         *         "places": [
                         *           {
                         *             "teamId": "1",
                         *             "place": 1
                         *           },
                         *           {
                         *             "teamId": "2",
                         *             "place": 2
                         *           }
                         *         ]
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["PaidMatch"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match in the player's game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/matches/{matchId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Commit to pay the entry fee
         * @description Confirms the player's seat. When every seat is taken and confirmed, the lobby closes, each fee moves from its wallet to the match's escrow, and the game's backend is told (`PUT {match-info-url}`); the match then goes live, or is refunded if the game refuses. A second confirm changes nothing. A player who is not in the match is a 400; a closed lobby or a wallet short of the fee is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id (a UUID). */
                    matchId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Confirmed. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "state": "lobby",
                         *       "entryFee": 1000,
                         *       "currency": "USD",
                         *       "teamSize": 1,
                         *       "teams": [
                         *         {
                         *           "id": "1",
                         *           "members": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "confirmed": false
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "id": "2",
                         *           "members": []
                         *         }
                         *       ],
                         *       "createdBy": "test:alice",
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "result": {
                         *         "scores": {},
                         *         "teams": {}
                         *       },
                         *       "submissionsTotal": 0,
                         *       "submissionsLeft": 2
                         *     }
                         */
                        "application/json": components["schemas"]["PaidMatch"];
                    };
                };
                /** @description The player is not in this match. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "you are not in this match",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match in the player's game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The lobby is closed, or the wallet cannot pay the fee. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "the lobby is closed (escrow)",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/matches/{matchId}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take or switch a seat
         * @description Takes a seat in team `teamId` of a lobby, or moves the player there from another team; the seat is unconfirmed until `confirm`. Joining one's own team again changes nothing and answers the match as it is, so a retry is safe. A full team, a closed lobby or a wallet short of the fee is a 409; a player may take at most 30 seats in one lobby (429 after, leaving and confirming still work).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id (a UUID). */
                    matchId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "teamId": "2"
                     *     }
                     */
                    "application/json": components["schemas"]["JoinTeam"];
                };
            };
            responses: {
                /** @description Seated. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "state": "lobby",
                         *       "entryFee": 1000,
                         *       "currency": "USD",
                         *       "teamSize": 1,
                         *       "teams": [
                         *         {
                         *           "id": "1",
                         *           "members": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "confirmed": false
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "id": "2",
                         *           "members": []
                         *         }
                         *       ],
                         *       "createdBy": "test:alice",
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "result": {
                         *         "scores": {},
                         *         "teams": {}
                         *       },
                         *       "submissionsTotal": 0,
                         *       "submissionsLeft": 2
                         *     }
                         */
                        "application/json": components["schemas"]["PaidMatch"];
                    };
                };
                /** @description Malformed body, or no such team. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamId: no team 3 in this match (teams are 1 to 2)",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match in the player's game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The lobby is closed, the team is full, or the wallet cannot pay the fee. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "the lobby is closed (escrow)",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The player took 30 seats in this match already. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "you took a seat in this match 30 times; no more seat changes are taken (you can still leave or confirm)",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/matches/{matchId}/launch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The game's launch URL
         * @description Answers the game client's launch URL with the player's match token, `{gameUrl}?token={token}`, for a player of a live match; the game checks the token with `POST /api/game/v1/token-info`. Each call seals a fresh token, valid for the game's result deadline plus an hour. A player who is not in the match is a 403; a match that is not live, or a game with no launch URL, is a 409.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id (a UUID). */
                    matchId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Where to send the player. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "url": "https://play.example.com/game?token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..6_gT9F2oO7lnmYZE.KxbAMhrGKhd6YS-DxeOQzMPdABrVjMU5NeOI8eHCRGffvpJCN1c2oNk_Zonii10vwZ6zcG13-UnBwZxh0z3ZvGMNqdlNu-UqwvU3BaPGWg3SnpuRgnCvjygYTBxvagq5bSb_7TPiEejmFSEJ2Ep38uGlJHWQWuAEY_DYY-zwQ5b8nI8yd8d2OsVqJ7A9yXcDbX9CBfbaj314Kg.31Z8QrT3QB4LEyB1c7qjWw",
                         *       "token": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..6_gT9F2oO7lnmYZE.KxbAMhrGKhd6YS-DxeOQzMPdABrVjMU5NeOI8eHCRGffvpJCN1c2oNk_Zonii10vwZ6zcG13-UnBwZxh0z3ZvGMNqdlNu-UqwvU3BaPGWg3SnpuRgnCvjygYTBxvagq5bSb_7TPiEejmFSEJ2Ep38uGlJHWQWuAEY_DYY-zwQ5b8nI8yd8d2OsVqJ7A9yXcDbX9CBfbaj314Kg.31Z8QrT3QB4LEyB1c7qjWw"
                         *     }
                         */
                        "application/json": {
                            token: string;
                            url: string;
                        };
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not a player of this match. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "you are not a player of this match",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match in the player's game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The match is not live, or the game has no launch URL. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "the match is not live (escrow)",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "paid matches are off on this server: PLATFORM_SIGNING_KEY is not set",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/matches/{matchId}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave a lobby
         * @description Gives up the player's seat in a lobby; nothing was paid yet, so nothing is refunded. Leaving a match the player is not in changes nothing and answers the match as it is, so a retry is safe. Once the lobby has closed (every seat confirmed, or expired) leaving is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The match id (a UUID). */
                    matchId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Left. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *       "state": "lobby",
                         *       "entryFee": 1000,
                         *       "currency": "USD",
                         *       "teamSize": 1,
                         *       "teams": [
                         *         {
                         *           "id": "1",
                         *           "members": [
                         *             {
                         *               "playerId": "test:alice",
                         *               "confirmed": false
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "id": "2",
                         *           "members": []
                         *         }
                         *       ],
                         *       "createdBy": "test:alice",
                         *       "createdAt": "2026-03-14T09:26:53.000Z",
                         *       "result": {
                         *         "scores": {},
                         *         "teams": {}
                         *       },
                         *       "submissionsTotal": 0,
                         *       "submissionsLeft": 2
                         *     }
                         */
                        "application/json": components["schemas"]["PaidMatch"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such match in the player's game. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no paid match 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The lobby is closed. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "the lobby is closed (escrow)",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The player's balance
         * @description Answers the player's wallet balance in minor units (cents) and the game's currency. Money enters a wallet only through an administrator's credit and a paid match's refunds and winnings, and leaves it through entry fees and withdrawals. A wallet no money has touched reads 0.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The balance. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "playerId": "test:alice",
                         *       "balance": 4000,
                         *       "currency": "USD"
                         *     }
                         */
                        "application/json": {
                            balance: number;
                            currency: string;
                            playerId: string;
                        };
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/wallet/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The player's ledger transactions
         * @description Lists the transactions that moved the player's money (credits, withdrawals, entry fees, refunds, payouts), oldest first, `limit` (1–200, default 50) at a time. A full page carries `next`: pass it as `after` for the next page. Transactions are never changed or deleted, so paging is stable.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only transactions posted after this `seq` (the `next` of the previous page). */
                    after?: number | null;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of transactions. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "transactions": [
                         *         {
                         *           "seq": 1042,
                         *           "transactionId": "0b8a3f52-6a0e-4d7b-9a55-3c1f2e9d4b60",
                         *           "idempotencyKey": "7c9e6679-7425-40de-944b-e07fc1f90ae7/entry-fee/test:alice",
                         *           "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                         *           "kind": "entryFee",
                         *           "from": "wallet:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:test:alice",
                         *           "to": "escrow:3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3:7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "amount": 1000,
                         *           "matchId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         *           "playerId": "test:alice",
                         *           "postedAt": "2026-03-14T09:27:41.000Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["TransactionPage"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/health-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Is the API up
         * @description Answers 200 with an empty body while the API process is up, with no login and no project look-up; Padrone's clients call it before anything else. It says nothing about Temporal or the database: `GET /readyz` does.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a host
         * @description Takes a seat on a host and answers its `sessionId` and `secret` (random UUIDv4s) for the player to present to the host. A player has one session at a time: a new join ends the previous one, so each join takes a new seat and is not to be repeated blindly. An unknown or full host, or a wrong password, is a 406 naming why; two players racing for the last seat get one seat and one 406. Wrong passwords count against the login limits.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostEndpoint": "203.0.113.24:7777",
                     *       "password": "hunter22"
                     *     }
                     */
                    "application/json": {
                        hostEndpoint: string;
                        password?: string | null;
                    };
                };
            };
            responses: {
                /** @description Seated. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sessionId": "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f",
                         *       "secret": "c0a8e3f2-9b14-4d6e-8a7f-5e2d1c0b9a38"
                         *     }
                         */
                        "application/json": {
                            secret: string;
                            sessionId: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown host, host full, or wrong password. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "host is full"
                         *     }
                         */
                        "application/json": components["schemas"]["PadroneRefusal"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave the current host
         * @description Ends the caller's session on whatever host it joined, and answers 200 with an empty body once the host list shows the seat free. Send no body and no content type. A player who has not joined, or already left, gets the same 200, so it is safe to repeat.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Left, or nothing to leave; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/list-hosts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public hosts of a version, nearest first
         * @description Lists the public hosts of `version`, hosts of unknown distance first and then nearest first, with `distanceInKm` (haversine) and `country` from the GeoIP database geoip-lite ships; private hosts are never listed. Full and password-protected hosts are left out unless `hideFull=false` or `hidePasswordProtected=false`. The caller's address is the connection's unless TRUST_PROXY says which proxies' X-Forwarded-For to believe. It reads a table the host workflows keep, so polling it is cheap.
         */
        get: {
            parameters: {
                query: {
                    /** @description Leave out hosts with playerCount >= maxPlayers (default true). */
                    hideFull?: "true" | "false";
                    /** @description Leave out password-protected hosts (default true). */
                    hidePasswordProtected?: "true" | "false";
                    /** @description At most this many hosts (default 50, clamped to 0–100). */
                    limit?: number | null;
                    version: string;
                };
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Hosts, nearest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example [
                         *       {
                         *         "name": "Friday night jumps",
                         *         "hostedBy": "Skydiver",
                         *         "peerInfo": {
                         *           "external": "203.0.113.24:7777",
                         *           "internal": "192.168.1.20:7777"
                         *         },
                         *         "isPasswordProtected": false,
                         *         "onlineSince": "2026-03-14T09:26:53.000Z",
                         *         "distanceInKm": 412.73,
                         *         "country": "Netherlands",
                         *         "version": "1.4.2",
                         *         "playerCount": 3,
                         *         "maxPlayers": 8
                         *       }
                         *     ]
                         */
                        "application/json": components["schemas"]["ListedHost"][];
                    };
                };
                /** @description `version` is missing, or another query parameter is wrong. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "query.version: version is required",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the login is
         * @description Answers who the X-Padrone-Auth login is: name and avatar (when Steam or itch.io give them), whether it is one of the project's admins, and whether its player id is among the project's developers. A successful login is cached 2 hours (10,000 per project), so repeating it costs nothing; failures and admin logins are never cached. A missing, malformed or rejected header is 403; a provider that does not answer is 503.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The player. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "name": "Skydiver",
                         *       "avatarUrl": "https://avatars.steamstatic.com/b5bd56c1aa4644a474a2e4972be27ef9e82e517e_full.jpg",
                         *       "isAdmin": false,
                         *       "isDeveloper": false
                         *     }
                         */
                        "application/json": {
                            avatarUrl?: string;
                            isAdmin: boolean;
                            isDeveloper: boolean;
                            name?: string;
                        };
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a host alive
         * @description Keeps the caller's host listed for another HOST_PING_TIMEOUT_SECONDS (300) and reports the session ids of the players still connected: a joined player missing from `connectedClients` is dropped once its join is older than HOST_JOIN_TIMEOUT_SECONDS (300). A ping is one database write, so pinging every few seconds is cheap and safe to repeat. An unknown host, or another player's, is a 406.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostEndpoint": "203.0.113.24:7777",
                     *       "connectedClients": [
                     *         "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f"
                     *       ]
                     *     }
                     */
                    "application/json": {
                        connectedClients: string[];
                        hostEndpoint: string;
                    };
                };
            };
            responses: {
                /** @description Alive; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown host, or not the caller's. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "unknown host, or not yours"
                         *     }
                         */
                        "application/json": components["schemas"]["PadroneRefusal"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/player-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A joined player, for the host's owner
         * @description Lets a host's owner check a joining player: given the `sessionId` the player presents, answers its `secret` and who the player is, so the host can compare the secret the player sends. Only the owner of `hostEndpoint` gets an answer; anyone else, an unknown session or a host that is gone gets 404.
         */
        get: {
            parameters: {
                query: {
                    hostEndpoint: string;
                    sessionId: string;
                };
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The seat and its player. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sessionId": "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f",
                         *       "secret": "c0a8e3f2-9b14-4d6e-8a7f-5e2d1c0b9a38",
                         *       "playerInfo": {
                         *         "playerId": "steam:76561198012345678",
                         *         "name": "Wingsuit Wendy"
                         *       }
                         *     }
                         */
                        "application/json": {
                            playerInfo: {
                                avatarUrl?: string;
                                name?: string;
                                playerId: string;
                            };
                            secret: string;
                            sessionId: string;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such player session on a host of the caller's (or no such project). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such player session on a host of yours",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/register-host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register (or replace) a host
         * @description Registers the caller's host at its external endpoint (`ip:port`, `[v6]:port`), or replaces the caller's host there and drops its players; answers 200 with an empty body once the host list shows it. Another player's endpoint is a 406, and so is a host past HOSTS_PER_PLAYER (10) per player. `hostName` is listed cut at 100 characters; a `password` is stored scrypt-hashed and never returned. Keep the host alive with `ping` at least every HOST_PING_TIMEOUT_SECONDS (300).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostName": "Friday night jumps",
                     *       "peerInfo": {
                     *         "external": "203.0.113.24:7777",
                     *         "internal": "192.168.1.20:7777"
                     *       },
                     *       "isPrivate": false,
                     *       "version": "1.4.2",
                     *       "maxPlayers": 8
                     *     }
                     */
                    "application/json": {
                        hostName: string;
                        isPrivate: boolean;
                        maxPlayers: number;
                        password?: string | null;
                        peerInfo: {
                            external: string;
                            internal: string;
                        };
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Registered; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Another player owns that endpoint, or the caller runs HOSTS_PER_PLAYER hosts already. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "another player owns that external endpoint"
                         *     }
                         */
                        "application/json": components["schemas"]["PadroneRefusal"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/report-leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a player gone (host owner)
         * @description Lets a host's owner end a player's session on that host, e.g. when the player disconnected; answers 200 with an empty body once the host list shows the seat free. A report from someone who does not own the host, or for a session not on it, changes nothing and answers the same 200, so it is safe to repeat.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "hostEndpoint": "203.0.113.24:7777",
                     *       "sessionId": "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f"
                     *     }
                     */
                    "application/json": {
                        hostEndpoint: string;
                        sessionId: string;
                    };
                };
            };
            responses: {
                /** @description Done, or nothing to do; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{projectId}/app/unregister-host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a host down
         * @description Ends the caller's host at `externalEndpoint` and answers 200 with an empty body once the host list no longer shows it (within a few seconds). An unknown endpoint, another player's host or a host already gone gets the same 200 and nothing changes, so it is safe to repeat.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The project whose hosts these are. */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "externalEndpoint": "203.0.113.24:7777"
                     *     }
                     */
                    "application/json": {
                        externalEndpoint: string;
                    };
                };
            };
            responses: {
                /** @description Done, or nothing to do; no body. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Padrone-Auth is missing, malformed or rejected. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "login rejected",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such project",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Steam could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Answers 200 when Temporal and the database both answer within 3 s, and 503 naming the one that does not: use it as the readiness probe (while either is down, requests that need it answer 503 with Retry-After anyway). No login.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ready",
                         *       "checks": {
                         *         "temporal": "ok",
                         *         "database": "ok"
                         *       }
                         *     }
                         */
                        "application/json": {
                            checks: {
                                /** @enum {string} */
                                database: "ok" | "unreachable";
                                /** @enum {string} */
                                temporal: "ok" | "unreachable";
                            };
                            /** @enum {string} */
                            status: "ready" | "notReady";
                        };
                    };
                };
                /** @description Not ready: `checks` names what does not answer. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "notReady",
                         *       "checks": {
                         *         "temporal": "ok",
                         *         "database": "unreachable"
                         *       }
                         *     }
                         */
                        "application/json": {
                            checks: {
                                /** @enum {string} */
                                database: "ok" | "unreachable";
                                /** @enum {string} */
                                temporal: "ok" | "unreachable";
                            };
                            /** @enum {string} */
                            status: "ready" | "notReady";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/auth": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log a player in with one login backend
         * @description Checks one backend's credentials for a project (`testKey` + `testId` in development, `itchJwtToken`, `itchApiKey` or `steamEncryptedTicket`) and answers a `clientToken`, the Bearer of every other `/v1a/client` and `/platform/v1` call, valid CLIENT_TOKEN_TTL_SECONDS (24 h). Rejected credentials are still HTTP 200, with `status: notAuthenticated` and the reason, as BattlePlace answered them. Log in again when the token expires; each call makes a fresh token. A login provider that does not answer is a 503 (try again), and an address that keeps failing gets 429.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "auth": {
                     *         "testKey": "q5Vd0R3xk9LwTz2mB7yHcN4pJ8sF1gUa",
                     *         "testId": "alice"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AuthRequest"];
                };
            };
            responses: {
                /** @description Authenticated, or `notAuthenticated` with the reason. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "authenticated",
                         *       "clientToken": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..KFgdSR3VxQpmFuWs.QftE1qFCYD6S8HdyAtaCqEbrw2-SoL9bYSXtS-6HsPLPuon7vpInzsGPOGj-5YIWygsMl7tTI6sohyNvpzK35JJsIk12GQ9RcfMAWHJ2LXRIpY22rgBlIsgjfGrEXMAqYCmHCMuK5F-GAkam5NyrZfhziGb27Ixu.ZVzDVbnyGzQvCLaIXdYDFA",
                         *       "name": "alice"
                         *     }
                         */
                        "application/json": components["schemas"]["AuthResponse"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The login provider (itch.io) did not answer or answered 5xx; try again. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "itch.io could not be reached; try again",
                         *       "code": "providerUnavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/info/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The player's rating and rank
         * @description Answers the player's Glicko-2 rating in the project and rank (1 = best: one more than the players rated higher). A player who has not finished a session yet has the starting rating, 1500. Ratings change once per finished session, so reading this after a result shows the new rating once the session has settled.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Rating and rank. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "rating": 1621.4,
                         *       "rank": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Stats"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The leaderboard's top
         * @description Answers the best `limit` players of the player's project by Glicko-2 rating, best first. Ties share a rank (1, 1, 3), as `GET /v1a/client/info/stats` counts it. Only players a finished session has rated are on it.
         */
        get: {
            parameters: {
                query?: {
                    /** @description How many of the best (1–100, default 10). */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Best first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "steam:76561198012345678",
                         *           "rating": 1733.2,
                         *           "deviation": 71.4,
                         *           "games": 48,
                         *           "updatedAt": "2026-03-14T09:26:53.000Z"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "test:bob",
                         *           "rating": 1650,
                         *           "deviation": 88.9,
                         *           "games": 17,
                         *           "updatedAt": "2026-03-13T21:04:10.000Z"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "test:carol",
                         *           "rating": 1650,
                         *           "deviation": 93.5,
                         *           "games": 12,
                         *           "updatedAt": "2026-03-12T18:40:02.000Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            entries: components["schemas"]["LeaderboardEntry"][];
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/leaderboard/around-me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The leaderboard around the player
         * @description Answers the player's own line with up to `n` players above and `n` below. A player no finished session has rated yet is not on the leaderboard: `player` is null and `entries` empty.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Players shown above and below (0–50, default 5). */
                    n?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The player and their neighbours, best first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "player": {
                         *         "rank": 2,
                         *         "playerId": "test:bob",
                         *         "rating": 1650,
                         *         "deviation": 88.9,
                         *         "games": 17,
                         *         "updatedAt": "2026-03-13T21:04:10.000Z"
                         *       },
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "steam:76561198012345678",
                         *           "rating": 1733.2,
                         *           "deviation": 71.4,
                         *           "games": 48,
                         *           "updatedAt": "2026-03-14T09:26:53.000Z"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "test:bob",
                         *           "rating": 1650,
                         *           "deviation": 88.9,
                         *           "games": 17,
                         *           "updatedAt": "2026-03-13T21:04:10.000Z"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "test:carol",
                         *           "rating": 1650,
                         *           "deviation": 93.5,
                         *           "games": 12,
                         *           "updatedAt": "2026-03-12T18:40:02.000Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Up to `n` lines above the player, the player, and up to `n` below; empty when the player is not rated. */
                            entries: components["schemas"]["LeaderboardEntry"][];
                            /** @description The player's own line; null when no finished session has rated them yet. */
                            player: {
                                /** @description Glicko-2 rating deviation: how unsure the rating still is. */
                                deviation: number;
                                /** @description Finished sessions that rated the player. */
                                games: number;
                                playerId: string;
                                /** @description 1 + the number of players rated strictly higher: ties share a rank (1, 1, 3). */
                                rank: number;
                                /** @description Glicko-2 rating (players start at 1500). */
                                rating: number;
                                /** @description When the rating last changed. */
                                updatedAt: string;
                            } | null;
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/match": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a match
         * @description Starts a ticket that searches the queue bucket of (`teamSizes`, `matchTag`, `serverTag`) for at most `maxMatchTime` seconds and answers its `matchToken`; poll `GET /v1a/client/match/{matchToken}` for the outcome. A player holds one searching ticket per project: a new request cancels the earlier one, which then reads `failed`/`cancelled`. With an `Idempotency-Key` a retry with the same key and body answers the same token and starts nothing; a different body under that key is a 409. Limits: 1–16 teams of 1–100 players (200 in all), `maxMatchTime` 1–3600, `info` at most 4,096 bytes of JSON.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description A retry with the same key and body answers the same match token and starts nothing (1–128 printable ASCII). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "teamSizes": [
                     *         1,
                     *         1
                     *       ],
                     *       "maxMatchTime": 60,
                     *       "matchTag": "v1.4-eu-ranked",
                     *       "info": {
                     *         "deck": "aggro"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["MatchRequest"];
                };
            };
            responses: {
                /** @description The ticket is searching (for a retried key: the first answer). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "matchToken": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..f9PPQ6rxvcuJ_jyK.48kL9WQ7uxcDHUQzQ8YustaZ60PHJPdPnAjoOJyENa0G9wBPM2WZ0hZ-p6Ej_WlnTjW7yCc_itPsO3pHj2Ms1PpoZsbYillktLg9-hqsfxXOpgwdYDE4JU8GLpQs_UA6VIt_waXuVs5O71Oy6O6TjdLFN1wEgrIb7fW0qQf3jg5ZFaAirMzJ_rNDdaaPKwOKt3X3YEjuR-zI4hZeh6dUyLFDk3LJXDSm.bkNTBnKpZp9T5o9bg3ooYQ"
                         *     }
                         */
                        "application/json": components["schemas"]["MatchResponse"];
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This Idempotency-Key was already used for a different match request. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "this Idempotency-Key was already used for a different match request",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal is shedding load; Retry-After says when to try again. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is busy; try again shortly",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/match/{matchToken}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a ticket's status
         * @description Answers `inProgress` while the ticket searches; `matched` with the session (every team's members and peer tickets, this player's `sessionToken`, `teamIndex`, `mateIndex` and the dedicated server, or null); or `failed` with `timedOut`, `cancelled`, `noServer` or `internalError` (Matchflow could not serve it: ask again). Another player's, a forged or a forgotten token reads `notFound`, never an error. Statuses are read from a table, not from Temporal, so polling every second or two is fine; they stay readable TICKET_RETENTION_HOURS (24) after the ticket ends.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The token POST /v1a/client/match answered. */
                    matchToken: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ticket's status. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "matched",
                         *       "session": {
                         *         "externalSessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *         "sessionToken": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..Y_4JqIRnQjNlievN.LFvjYmVCrHLdVHWfaZvhbwlzZ4AjeUVus_ZQO2ArNxg7Cj-uPJqlH2-P3mw5JoKGYasDb6Cmykbz999t0j2c5q3wz5SBPnUqiqN9fczYsAwf5mxeQpihG7JSNmiLCnkz6F7hsn3LDSSgRyiM0CgeEi24tPB8w-8QHHT-0aoeB2iBQnfkoHzCYh21GJFpqdgHb7vNdKZaiI91Yr3UlS8.7AJvEOFLDsTnMqbJjmN2Cg",
                         *         "teamIndex": 0,
                         *         "mateIndex": 0,
                         *         "teams": [
                         *           [
                         *             {
                         *               "info": {
                         *                 "deck": "aggro"
                         *               },
                         *               "ourTicket": null,
                         *               "theirTicket": null
                         *             }
                         *           ],
                         *           [
                         *             {
                         *               "info": {
                         *                 "deck": "control"
                         *               },
                         *               "ourTicket": "MQuUsVyOBvbw9Gm2iJMRGw",
                         *               "theirTicket": "jrzE5lNjPsHddShs0G-VIA"
                         *             }
                         *           ]
                         *         ],
                         *         "server": null
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["MatchStatus"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Cancel a search
         * @description Asks the ticket's matcher to let it go and answers `[]` once its verdict is readable (within about 5 s): the next status read says `cancelled`, or `matched` when the group had formed first, since a matched ticket stays matched. Repeating it, or cancelling another player's or an ended ticket, changes nothing and still answers `[]`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The token POST /v1a/client/match answered. */
                    matchToken: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Always `[]`. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /** @example [] */
                        "application/json": components["schemas"]["Empty"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The player's results
         * @description Lists the sessions this player played that have ended, newest first: team, place, whether they won, rating before and after, teammates and opponents. A full page carries `next`, to pass as `before` for older ones.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only sessions that ended before this instant: the `next` of the previous page. */
                    before?: string;
                    /** @description 1–100, default 20. */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "results": [
                         *         {
                         *           "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *           "endedAt": "2026-03-14T09:26:53.000Z",
                         *           "state": "settled",
                         *           "team": 0,
                         *           "rank": 0,
                         *           "won": true,
                         *           "ratingBefore": 1662.3,
                         *           "ratingAfter": 1733.2,
                         *           "teammates": [],
                         *           "opponents": [
                         *             [
                         *               "test:bob"
                         *             ]
                         *           ]
                         *         }
                         *       ],
                         *       "next": "2026-03-14T09:26:53.000Z"
                         *     }
                         */
                        "application/json": {
                            /** @description On a full page: pass it as `before` for the next one. */
                            next?: string;
                            /** @description Newest first. */
                            results: components["schemas"]["PlayerResult"][];
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/client/session/{sessionToken}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a session's result
         * @description Reports this player's view of the result: `finished` or `cancelled`, and one rank per team (0 = first, ties allowed). A dedicated server's result is final; otherwise the players decide by agreement or majority, a split without a majority is `disputed`, and no result by SESSION_RESULT_DEADLINE_SECONDS leaves it `abandoned`. A finished session changes every player's Glicko-2 rating once. Each player's first report counts: a repeat, or a report after the session ended, answers `[]` and changes nothing; a different second report is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The player's `sessionToken` from the matched status. */
                    sessionToken: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ResultReport"];
                };
            };
            responses: {
                /** @description Accepted, or a harmless repeat. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /** @example [] */
                        "application/json": components["schemas"]["Empty"];
                    };
                };
                /** @description Malformed report, or not one rank per team. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.ranks: must hold one rank per team (2)",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired client token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "client token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not this player's session (another player's token, or a forged one). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "no such session for this player",
                         *       "code": "notFound"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This player already reported a different result. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "a different result was already reported by you; the first one counts",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/server/match": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Offer a dedicated server for one session
         * @description Offers the server `name` for one session of the tickets that ask for its `serverTag`. Re-posting before a session is placed on it refreshes `info` and the timeout (a heartbeat); once a session is placed, the offer is used up and the server posts again when it wants another. An offer not refreshed within `timeout` seconds (1–3600, default 60) lapses and is never assigned. It authenticates with `projectId` and `projectServerToken` in the body (no Authorization header); a wrong pair is a 401, and an address that keeps failing gets 429.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "projectServerToken": "Zp3Lx8Qw2Vr6Tn9Ym4Kc7Hd1Jf5Gs0Ba",
                     *       "name": "eu-west-1/gs-04",
                     *       "serverTag": "eu-west",
                     *       "info": {
                     *         "address": "203.0.113.24:7777"
                     *       },
                     *       "timeout": 60
                     *     }
                     */
                    "application/json": components["schemas"]["ServerRegistration"];
                };
            };
            responses: {
                /** @description The offer stands (or was refreshed). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "registered"
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status: "registered";
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `projectId` or `projectServerToken` is wrong. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "projectId or projectServerToken is wrong",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Withdraw the server's offer
         * @description Withdraws the offer of the server `name`; a session already placed on it is not affected. A server with no offer standing (never made, taken or lapsed) gets the same answer, so it is safe to repeat. It authenticates with `projectId` and `projectServerToken` in the body (no Authorization header); a wrong pair is a 401, and an address that keeps failing gets 429.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "projectServerToken": "Zp3Lx8Qw2Vr6Tn9Ym4Kc7Hd1Jf5Gs0Ba",
                     *       "name": "eu-west-1/gs-04"
                     *     }
                     */
                    "application/json": components["schemas"]["ServerName"];
                };
            };
            responses: {
                /** @description Withdrawn (or there was nothing to withdraw). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "cancelled"
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status: "cancelled";
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `projectId` or `projectServerToken` is wrong. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "projectId or projectServerToken is wrong",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/server/match/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The server's live sessions
         * @description Lists the sessions placed on the server `name` that have not ended, each with the server's `serverSessionToken` (its credential for the result) and every player's `info` and peer tickets toward the server. Poll it after offering the server to learn that a session was placed. It authenticates with `projectId` and `projectServerToken` in the body (no Authorization header); a wrong pair is a 401, and an address that keeps failing gets 429.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "projectServerToken": "Zp3Lx8Qw2Vr6Tn9Ym4Kc7Hd1Jf5Gs0Ba",
                     *       "name": "eu-west-1/gs-04"
                     *     }
                     */
                    "application/json": components["schemas"]["ServerName"];
                };
            };
            responses: {
                /** @description Live sessions, possibly none. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "sessions": [
                         *         {
                         *           "externalSessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                         *           "serverSessionToken": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..OVSwTD5r7mfnSAWz.Jsd9opvkwRVxpPZwGhUV6UOlSqVx5IP3XzCXI0YQZ-RRU_fxjYjB4VWGCu7WUm_GmpS6__A_FBF0X3tajD3x22wb3JHdQEqvKHIw8yQyusZCdUz7beEIgAkSWQIw0VGOy4jsG5WVHZURTAifzqe6U9ISRyaE-mgaRyyrW26W6PHjaOG27BAHNm9QbK0Jx_JxRa3x.gSkhygIXLLOQJmnr_99EUA",
                         *           "matchTag": "v1.4-eu-ranked",
                         *           "serverTag": "eu-west",
                         *           "teams": [
                         *             [
                         *               {
                         *                 "info": {
                         *                   "deck": "aggro"
                         *                 },
                         *                 "ourTicket": "MQuUsVyOBvbw9Gm2iJMRGw",
                         *                 "theirTicket": "jrzE5lNjPsHddShs0G-VIA"
                         *               }
                         *             ],
                         *             [
                         *               {
                         *                 "info": {
                         *                   "deck": "control"
                         *                 },
                         *                 "ourTicket": "Xk3v9Qp2LmZr7TbY1cWn0A",
                         *                 "theirTicket": "Rf8sD2hJ6kNq4VzP0xGt5g"
                         *               }
                         *             ]
                         *           ]
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            sessions: components["schemas"]["ServerSession"][];
                        };
                    };
                };
                /** @description A field is missing or wrong; `fields` names each one (the body, query or path). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.teamSizes[0]: Too big: expected number to be <=100",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `projectId` or `projectServerToken` is wrong. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "projectId or projectServerToken is wrong",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when. */
                429: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "too many failed attempts from this address; try again in 840 s",
                         *       "code": "tooManyRequests"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1a/server/session/{serverSessionToken}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a session's result as its server
         * @description Reports the result of a session placed on this server: `finished` or `cancelled`, and one rank per team (0 = first, ties allowed). The `serverSessionToken` in the path is the credential (no header, no body token). A server's result is final and settles the session at once; a finished session changes every player's Glicko-2 rating once. The first report counts: a repeat, or a report after the session ended, answers `[]`; a different second one is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description From POST /v1a/server/match/sessions; it is the credential. */
                    serverSessionToken: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ResultReport"];
                };
            };
            responses: {
                /** @description Accepted, or a harmless repeat. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /** @example [] */
                        "application/json": components["schemas"]["Empty"];
                    };
                };
                /** @description Malformed report, or not one rank per team. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body.ranks: must hold one rank per team (2)",
                         *       "code": "badRequest"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The server session token is invalid or expired. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "server session token is invalid or expired",
                         *       "code": "notAuthenticated"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The server already reported a different result. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "a different result was already reported by you; the first one counts",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over BODY_LIMIT (64 KB by default). */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "body is too large",
                         *       "code": "tooLarge"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Temporal or the database does not answer; Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds before trying again can work. */
                        "retry-after": string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "error": "Temporal is unavailable; try again shortly",
                         *       "code": "unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "session.ended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A session ended
         * @description Matchflow POSTs `session.ended` to the project's `sessionWebhook.url`, signed with its secret (README "Session webhooks"). Any 2xx is delivered; 408, 429, a 5xx or no answer is retried from 1 s, doubling, at most an hour apart, for SESSION_WEBHOOK_WINDOW_SECONDS; any other answer fails it for good.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id: the same on every try of one event. */
                    "idempotency-key": string;
                    "matchflow-event": "session.started" | "session.ended";
                    /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the webhook secret>`; refuse old `t`. */
                    "matchflow-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "id": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e:ended",
                     *       "type": "session.ended",
                     *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                     *       "state": "settled",
                     *       "resultStatus": "finished",
                     *       "ranks": [
                     *         0,
                     *         1
                     *       ],
                     *       "decidedBy": "agreement",
                     *       "endedAt": "2026-03-14T09:41:07.000Z",
                     *       "players": [
                     *         {
                     *           "playerId": "test:alice",
                     *           "team": 0,
                     *           "rank": 0,
                     *           "rating": {
                     *             "before": 1500,
                     *             "after": 1662.3108939062977
                     *           }
                     *         },
                     *         {
                     *           "playerId": "test:bob",
                     *           "team": 1,
                     *           "rank": 1,
                     *           "rating": {
                     *             "before": 1500,
                     *             "after": 1337.6891060937023
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SessionEndedEvent"];
                };
            };
            responses: {
                /** @description Delivered (any 2xx). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "session.started": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A session started
         * @description Matchflow POSTs `session.started` to the project's `sessionWebhook.url`, signed with its secret (README "Session webhooks"). Any 2xx is delivered; 408, 429, a 5xx or no answer is retried from 1 s, doubling, at most an hour apart, for SESSION_WEBHOOK_WINDOW_SECONDS; any other answer fails it for good.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id: the same on every try of one event. */
                    "idempotency-key": string;
                    "matchflow-event": "session.started" | "session.ended";
                    /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the webhook secret>`; refuse old `t`. */
                    "matchflow-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "id": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e:started",
                     *       "type": "session.started",
                     *       "projectId": "3fbc5de0-0ddb-4e1a-8ee1-d831f5c68aa3",
                     *       "sessionId": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
                     *       "matchTag": "eu-1.4-duel",
                     *       "serverTag": null,
                     *       "teams": [
                     *         [
                     *           "test:alice"
                     *         ],
                     *         [
                     *           "test:bob"
                     *         ]
                     *       ],
                     *       "server": null,
                     *       "startedAt": "2026-03-14T09:26:53.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["SessionStartedEvent"];
                };
            };
            responses: {
                /** @description Delivered (any 2xx). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @example {
         *       "projectId": "<project id>",
         *       "auth": {
         *         "testKey": "<test key>",
         *         "testId": "alice"
         *       }
         *     }
         */
        AuthRequest: {
            auth: {
                itchApiKey?: string | null;
                itchJwtToken?: string | null;
                /** @description Hex (or base64) bytes of the encrypted app ticket. */
                steamEncryptedTicket?: string | null;
                testId?: string | number | null;
                testKey?: string | null;
            };
            projectId: string;
        };
        AuthResponse: {
            clientToken: string;
            name?: string;
            pictureUrl?: string;
            /** @enum {string} */
            status: "authenticated";
        } | {
            error: string;
            /** @enum {string} */
            status: "notAuthenticated";
        };
        CreatePaidMatch: {
            /** @description Each player's fee, in minor units. */
            entryFee: number;
            /**
             * @description The creator's team (default "1"): a match is created with its first seat taken.
             * @default 1
             */
            teamId?: string;
            /** @description Number of teams. */
            teams: number;
            /** @description Players per team. */
            teamSize: number;
        };
        CreateProject: {
            groupingRule?: components["schemas"]["GroupingRule"];
            itch?: {
                /**
                 * Format: uri
                 * @default https://itch.io
                 */
                apiBaseUrl?: string;
                gameId?: string;
                serverKey?: string;
            };
            name: string;
            padrone?: {
                /** @default [] */
                admins?: {
                    password: string;
                    username: string;
                }[];
                /** @default [] */
                developers?: string[];
                oculus?: {
                    /**
                     * Format: uri
                     * @default https://graph.oculus.com
                     */
                    apiBaseUrl?: string;
                    appId: string;
                    appSecret: string;
                };
                steam?: {
                    /**
                     * Format: uri
                     * @default https://api.steampowered.com
                     */
                    apiBaseUrl?: string;
                    webApiKey: string;
                };
            };
            platform?: components["schemas"]["PlatformSettings"];
            sessionWebhook?: components["schemas"]["SessionWebhookInput"];
            steam?: {
                appId?: number;
                ticketKey?: string;
            };
            /**
             * @description Generate a test key (development logins).
             * @default true
             */
            testKey?: boolean;
            versus?: {
                /**
                 * Format: uuid
                 * @description Put this game under an existing Versus developer.
                 */
                developerUuid?: string;
            };
        };
        /** @description developer-config.json, as OkLetsPlay handed it to partners. It holds the client secret. */
        DeveloperConfig: {
            authentication: {
                client_id: string;
                client_secret: string;
                public_key_url: string;
                token_url: string;
            };
            okletsplay_url: string;
        };
        /** @description BattlePlace answers `[]` when there is nothing to say. */
        Empty: unknown[];
        /**
         * @example {
         *       "error": "teamSizes: Too small: expected array to have >=1 items",
         *       "code": "badRequest"
         *     }
         */
        Error: {
            code: string;
            error: string;
            fields?: {
                message: string;
                path: string;
            }[];
        };
        /**
         * @description How matchers form groups: arrival order, or by rating with a tolerance that widens with waiting.
         * @default {
         *       "kind": "arrival"
         *     }
         */
        GroupingRule: {
            /** @enum {string} */
            kind: "arrival";
        } | {
            /** @enum {string} */
            kind: "rating";
            maxTolerance: number;
            tolerance: number;
            widenPerSecond: number;
        };
        /** @description One paid match of the player, in minor units. */
        HistoryLine: {
            createdAt: string;
            currency: string;
            endedAt?: string;
            entryFee: number;
            matchId: string;
            /** @description won + refunded − paid. */
            net: number;
            paid: number;
            /** @description The player's team's place, once settled. */
            place?: number;
            reason?: string;
            refunded: number;
            /** @enum {string} */
            state: "lobby" | "escrow" | "starting" | "live" | "settling" | "settled" | "refunding" | "refunded" | "expired" | "cancelled";
            team?: string;
            won: number;
        };
        JoinTeam: {
            teamId: string;
        };
        /** @description The RS256 public key that signs access tokens and the match-info webhook's bearer. */
        Jwks: {
            keys: {
                /** @enum {string} */
                alg: "RS256";
                e: string;
                kid: string;
                /** @enum {string} */
                kty: "RSA";
                n: string;
                /** @enum {string} */
                use: "sig";
            }[];
        };
        /** @description A rated player's line on the leaderboard, best first. */
        LeaderboardEntry: {
            /** @description Glicko-2 rating deviation: how unsure the rating still is. */
            deviation: number;
            /** @description Finished sessions that rated the player. */
            games: number;
            playerId: string;
            /** @description 1 + the number of players rated strictly higher: ties share a rank (1, 1, 3). */
            rank: number;
            /** @description Glicko-2 rating (players start at 1500). */
            rating: number;
            /** @description When the rating last changed. */
            updatedAt: string;
        };
        /** @description One movement of money between two accounts (a double-entry transaction). */
        LedgerTransaction: {
            /** @description Minor units, always positive. */
            amount: number;
            /** @description Account id: `wallet:{project}:{player}`, `escrow:{project}:{match}`, `house:{project}` or `external:{project}`. */
            from: string;
            idempotencyKey: string;
            /** @enum {string} */
            kind: "deposit" | "withdrawal" | "entryFee" | "refund" | "rake" | "remainder" | "payout";
            matchId?: string;
            memo?: string;
            playerId?: string;
            postedAt: string;
            projectId: string;
            /** @description Posting order; the cursor of `after`. */
            seq: number;
            to: string;
            transactionId: string;
        };
        ListedHost: {
            /** @description English display name, e.g. "Netherlands". */
            country?: string;
            /** @description Great-circle, from the caller's address; absent when either is unknown. */
            distanceInKm?: number;
            hostedBy?: string;
            isPasswordProtected: boolean;
            maxPlayers: number;
            /** @description hostName, cut at 100 characters with `...` appended. */
            name: string;
            /** @description ISO-8601 */
            onlineSince: string;
            peerInfo: {
                external: string;
                internal: string;
            };
            /** @description Joined players + 1 for the host. */
            playerCount: number;
            version: string;
        };
        MatchRequest: {
            /** @description Any JSON, shared with everyone in the session (at most 4096 bytes, 16 levels deep). */
            info?: unknown;
            matchTag?: string | null;
            /** @description Seconds to search before failing with timedOut. */
            maxMatchTime: number | string;
            serverTag?: string | null;
            /**
             * @description Players per team; every team plays every other.
             * @example [
             *       2,
             *       2
             *     ]
             */
            teamSizes: (number | string)[];
        };
        MatchResponse: {
            matchToken: string;
        };
        MatchStatus: {
            /** @enum {string} */
            status: "notFound";
        } | {
            /** @enum {string} */
            status: "inProgress";
        } | {
            session: components["schemas"]["PlayerSession"];
            /** @enum {string} */
            status: "matched";
        } | {
            /** @enum {string} */
            reason: "timedOut" | "cancelled" | "noServer" | "internalError";
            /** @enum {string} */
            status: "failed";
        };
        /** @description RFC 6749 §5.2 */
        OAuthError: {
            error: string;
            error_description: string;
        };
        /** @description Padrone's 406: understood and refused; old clients ignore the body. */
        PadroneRefusal: {
            error: string;
        };
        /** @description A paid match. Amounts are integer minor units (cents). */
        PaidMatch: {
            createdAt: string;
            createdBy: string;
            currency: string;
            endedAt?: string;
            /** @description Each player's fee, in minor units. */
            entryFee: number;
            liveAt?: string;
            matchId: string;
            /** @description Who is paid what, once the match settles. */
            payout?: {
                payouts: {
                    amount: number;
                    playerId: string;
                    teamId: string;
                }[];
                places: {
                    place: number;
                    teamId: string;
                }[];
                pot: number;
                rake: number;
                /** @description Left by rounding shares down; goes to the house. */
                remainder: number;
            };
            projectId: string;
            /** @description Why the match refunded or expired. */
            reason?: string;
            /** @description What the game reported so far; the first value accepted for any field is final. */
            result: {
                /** @description Each participant's accepted score. */
                scores: {
                    [key: string]: number;
                };
                teams: {
                    [key: string]: {
                        forfeit?: boolean;
                        ranking?: number;
                        score?: number;
                    };
                };
            };
            /** @enum {string} */
            state: "lobby" | "escrow" | "starting" | "live" | "settling" | "settled" | "refunding" | "refunded" | "expired" | "cancelled";
            submissionsLeft: number;
            submissionsTotal: number;
            teams: {
                id: string;
                members: {
                    confirmed: boolean;
                    playerId: string;
                }[];
            }[];
            teamSize: number;
        };
        Peer: {
            /** @description The participant's `info` (any JSON), or null. */
            info?: unknown;
            /** @description T(me→them): what I present to them; null in my own entry. */
            ourTicket: string | null;
            /** @description T(them→me): what they present to me; null in my own entry. */
            theirTicket: string | null;
        };
        PlatformSettings: {
            /** @description What the minor units are of (shown, never converted). */
            currency?: string;
            /**
             * Format: uri
             * @description The game client's launch URL; players open `{gameUrl}?token={matchToken}`.
             */
            gameUrl?: string;
            /**
             * Format: uri
             * @description The game backend's match-info URL: PUT when a match starts, DELETE when it aborts.
             */
            matchInfoUrl?: string;
            /**
             * @description At the result deadline: refund every fee (default), or settle by what was reported (a team that reported nothing forfeits; nothing reported at all still refunds).
             * @enum {string}
             */
            noResultPolicy?: "refund" | "settleReported";
            /** @description The prize pool's split by place, in basis points, place 1 first ([10000] = winner takes all). */
            payoutTableBps?: number[];
            /** @description The house's cut of each pot, in basis points (1000 = 10%). */
            rakeBps?: number;
            /** @description How long a live match waits for its result before it refunds. */
            resultDeadlineSeconds?: number;
        };
        /** @description An ended session as one player lived it. */
        PlayerResult: {
            endedAt: string;
            /** @description The players of every other team, team by team. */
            opponents: string[][];
            /** @description The team's place, 0 = first; null when no result decided places. */
            rank: number | null;
            /** @description Null when the session moved no rating. */
            ratingAfter: number | null;
            ratingBefore: number | null;
            sessionId: string;
            /** @description `settled`, `disputed`, `abandoned` or `cancelled`. */
            state: string;
            /** @description The player's team (0-based, in teamSizes order). */
            team: number;
            teammates: string[];
            /** @description First place (alone or shared) of a finished game; null when disputed, abandoned or cancelled. */
            won: boolean | null;
        };
        PlayerSession: {
            externalSessionId: string;
            mateIndex: number;
            /** @description The dedicated server, or null for a peer-to-peer session (no serverTag). */
            server: {
                /** @description The participant's `info` (any JSON), or null. */
                info?: unknown;
                /** @description T(me→them): what I present to them; null in my own entry. */
                ourTicket: string | null;
                /** @description T(them→me): what they present to me; null in my own entry. */
                theirTicket: string | null;
            } | null;
            /** @description This player's credential for POST /v1a/client/session/{sessionToken}/result. */
            sessionToken: string;
            teamIndex: number;
            /** @description Every team, in teamSizes order, each an array of its members. */
            teams: components["schemas"]["Peer"][][];
        };
        /** @description The wallet movement, as posted (or as first posted, for a repeated reference). */
        PostedTransaction: {
            /** @description Minor units, always positive. */
            amount: number;
            /** @description Account id: `wallet:{project}:{player}`, `escrow:{project}:{match}`, `house:{project}` or `external:{project}`. */
            from: string;
            idempotencyKey: string;
            /** @enum {string} */
            kind: "deposit" | "withdrawal" | "entryFee" | "refund" | "rake" | "remainder" | "payout";
            matchId?: string;
            memo?: string;
            playerId?: string;
            postedAt: string;
            projectId: string;
            to: string;
            transactionId: string;
        };
        /** @description A project (a game) and its credentials, as an administrator sees it. */
        Project: {
            createdAt: string;
            /** @description How matchers form groups: arrival order, or by rating. */
            groupingRule: {
                /** @enum {string} */
                kind: "arrival";
            } | {
                /** @enum {string} */
                kind: "rating";
                maxTolerance: number;
                tolerance: number;
                widenPerSecond: number;
            };
            id: string;
            itch: {
                apiBaseUrl: string;
                gameId?: string;
                /** @description itch.io server key: "********" unless just created or rotated, or asked for with reveal=true. */
                serverKey?: string;
            };
            name: string;
            padrone: {
                /** @description Admin usernames (passwords are stored hashed, never shown). */
                admins: string[];
                developers: string[];
                oculus?: {
                    apiBaseUrl: string;
                    appId: string;
                    /** @description Oculus app secret: "********" unless just created or rotated, or asked for with reveal=true. */
                    appSecret: string;
                };
                steam?: {
                    apiBaseUrl: string;
                    /** @description Steam Web API key: "********" unless just created or rotated, or asked for with reveal=true. */
                    webApiKey: string;
                };
            };
            /** @description Paid-match settings; absent for a project made before paid matches until first configured. */
            platform?: {
                /** @description Paid matches' OAuth client secret: "********" unless just created or rotated, or asked for with reveal=true. */
                clientSecret: string;
                currency: string;
                gameUrl?: string;
                matchInfoUrl?: string;
                /** @enum {string} */
                noResultPolicy: "refund" | "settleReported";
                payoutTableBps: number[];
                rakeBps: number;
                resultDeadlineSeconds: number;
            };
            /** @description When the project was retired (DELETE); absent while it serves. */
            retiredAt?: string;
            /** @description How many times PATCH has changed the project. */
            revision: number;
            /** @description Dedicated servers' projectServerToken: "********" unless just created or rotated, or asked for with reveal=true. */
            serverToken: string;
            /** @description Where `/v1a` session events are POSTed (README "Session webhooks"); absent: none are sent. */
            sessionWebhook?: {
                /** @description Session webhook signing secret: "********" unless just created or rotated, or asked for with reveal=true. */
                secret: string;
                url: string;
            };
            steam: {
                appId?: number;
                /** @description Encrypted app ticket key: "********" unless just created or rotated, or asked for with reveal=true. */
                ticketKey?: string;
            };
            /** @description Test key (absent when disabled): "********" unless just created or rotated, or asked for with reveal=true. */
            testKey?: string;
            versus: {
                /** @description Versus API secret: "********" unless just created or rotated, or asked for with reveal=true. */
                apiSecret: string;
                developerUuid: string;
                gameUuid: string;
            };
        };
        ProjectChanges: {
            groupingRule?: components["schemas"]["GroupingRule"];
            itch?: {
                /** Format: uri */
                apiBaseUrl?: string;
                gameId?: string | null;
                serverKey?: string | null;
            };
            name?: string;
            padrone?: {
                admins?: {
                    password: string;
                    username: string;
                }[];
                developers?: string[];
                oculus?: {
                    /** Format: uri */
                    apiBaseUrl?: string;
                    appId?: string;
                    appSecret?: string;
                } | null;
                steam?: {
                    /** Format: uri */
                    apiBaseUrl?: string;
                    webApiKey?: string;
                } | null;
            };
            platform?: components["schemas"]["PlatformSettings"];
            /** @description Secrets to replace with new ones; the old ones stop working at once. */
            rotate?: ("testKey" | "serverToken" | "sessionWebhookSecret")[];
            /** @description A new URL keeps the signing secret (a first one makes it, shown once); null: no more session events. */
            sessionWebhook?: {
                /**
                 * Format: uri
                 * @description Where Matchflow POSTs `session.started` and `session.ended` (http or https).
                 */
                url: string;
            } | null;
            steam?: {
                appId?: number | null;
                ticketKey?: string | null;
            };
            /** @description true: test logins on (a new key if there was none); false: off, the key forgotten. */
            testKey?: boolean;
        };
        /**
         * @example {
         *       "status": "finished",
         *       "ranks": [
         *         0,
         *         1
         *       ]
         *     }
         */
        ResultReport: {
            ranks: (number | string)[];
            /** @enum {string} */
            status: "finished" | "cancelled";
        };
        ServerName: {
            name: string;
            projectId: string;
            projectServerToken: string;
        };
        ServerRegistration: {
            /** @description Any JSON, shared with everyone in the session (at most 4096 bytes, 16 levels deep). */
            info?: unknown;
            name: string;
            projectId: string;
            projectServerToken: string;
            serverTag?: string | null;
            /** @description Seconds the offer stands without a refresh (default 60). */
            timeout?: number | string | null;
        };
        ServerSession: {
            externalSessionId: string;
            matchTag: string | null;
            /** @description The server's credential for POST /v1a/server/session/{serverSessionToken}/result. */
            serverSessionToken: string;
            serverTag: string | null;
            /** @description Every player's tickets toward the server: ourTicket = T(server→player), theirTicket = T(player→server). */
            teams: components["schemas"]["Peer"][][];
        };
        /** @description `session.ended`: a `/v1a` session ended, how, and what it did to ratings. */
        SessionEndedEvent: {
            /**
             * @description The server's report, the players' agreement or majority, or the deadline (abandoned); null when disputed.
             * @enum {string|null}
             */
            decidedBy: "server" | "agreement" | "majority" | "deadline" | null;
            endedAt: string;
            /** @description `<sessionId>:ended`: also the Idempotency-Key of every try. */
            id: string;
            players: {
                playerId: string;
                /** @description The team's place, 0 = first; null when no result settled. */
                rank: number | null;
                /** @description Glicko-2 rating before and after; null when ratings did not move. */
                rating: {
                    after: number;
                    before: number;
                } | null;
                team: number;
            }[];
            projectId: string;
            ranks: number[] | null;
            /** @enum {string|null} */
            resultStatus: "finished" | "cancelled" | null;
            sessionId: string;
            /** @enum {string} */
            state: "settled" | "disputed" | "abandoned" | "cancelled";
            /** @enum {string} */
            type: "session.ended";
        };
        /** @description A session: how it ended, who decided, and each team's place and players' rating changes. */
        SessionResult: {
            /** @description `server`, `agreement` or `majority`. */
            decidedBy: string | null;
            endedAt: string | null;
            matchTag: string | null;
            /** @description The result that settled it: `finished` or `cancelled`. */
            resultStatus: string | null;
            serverName: string | null;
            sessionId: string;
            startedAt: string;
            /** @description `live`, `settled`, `disputed`, `abandoned` or `cancelled`. */
            state: string;
            teams: {
                players: {
                    playerId: string;
                    ratingAfter: number | null;
                    ratingBefore: number | null;
                }[];
                /** @description The team's place, 0 = first; null until a result decides places. */
                rank: number | null;
            }[];
        };
        /** @description `session.started`: a `/v1a` session formed. */
        SessionStartedEvent: {
            /** @description `<sessionId>:started`: also the Idempotency-Key of every try. */
            id: string;
            matchTag: string | null;
            projectId: string;
            /** @description The dedicated server it was placed on (its name and registered info); null for peer-to-peer. */
            server: {
                info?: unknown;
                name: string;
            } | null;
            serverTag: string | null;
            sessionId: string;
            startedAt: string;
            /** @description Player ids, team by team, in seat order. */
            teams: string[][];
            /** @enum {string} */
            type: "session.started";
        };
        SessionWebhookDelivery: {
            attempts: {
                at: string;
                /** @description 1 for the first try. */
                attempt: number;
                durationMs: number;
                error: string | null;
                /** @description The receiver's HTTP status; null when none came. */
                status: number | null;
                url: string;
            }[];
            createdAt: string;
            /** @enum {string} */
            event: "session.started" | "session.ended";
            id: string;
            idempotencyKey: string;
            lastError: string | null;
            lastStatus: number | null;
            payload: components["schemas"]["SessionStartedEvent"] | components["schemas"]["SessionEndedEvent"];
            sessionId: string;
            /**
             * @description `pending` while tries go on; `failed` for good: refused, or the retry window spent.
             * @enum {string}
             */
            state: "pending" | "delivered" | "failed";
            updatedAt: string;
        };
        /** @description The game backend's session webhook. Its signing secret is made by Matchflow and shown once (on create, or rotated). */
        SessionWebhookInput: {
            /**
             * Format: uri
             * @description Where Matchflow POSTs `session.started` and `session.ended` (http or https).
             */
            url: string;
        };
        Stats: {
            rank: number;
            rating: number;
        };
        TransactionPage: {
            /** @description Present when the page is full: pass it as `after` for the next page. */
            next?: number;
            transactions: components["schemas"]["LedgerTransaction"][];
        };
        /** @description Versus's error body: the message alone. */
        VersusError: {
            error: string;
        };
        VersusSeed: {
            session: {
                /** @description 40 random hex characters, pending VERSUS_SEED_TTL_SECONDS (300). */
                seed: string;
            };
        };
        VersusSession: {
            session: {
                /** @description ISO-8601 UTC */
                expires: string;
                /** @enum {string} */
                state: "active";
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
