/**
 * Generated from the Api's OpenAPI document by packages/web/scripts/api-types.ts. Do not edit:
 * run `npm run generate:api -w @finchat/web` after changing a route.
 */
export interface paths {
  "/health/live": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is running (checks no dependency) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Alive */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/health/ready": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Database, Redis and S3 answer, the database still makes writes durable, and the process is not draining */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Ready */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Readiness"];
          };
        };
        /** @description Draining or a dependency is down */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Readiness"];
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
  "/api/auth/signup": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an account; the first one is an admin
     * @description Answers the same 202 whether the account was created or the email was already registered, so sign-up does not reveal who has an account; it does not sign in: call POST /api/auth/login next. Limited per client address (SIGNUP_MAX_PER_IP per SIGNUP_WINDOW_SECONDS).
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
          "application/json": components["schemas"]["SignupRequest"];
        };
      };
      responses: {
        /** @description Accepted: sign in with the email and password */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["SignupAccepted"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body too large */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email and password */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["LoginRequest"];
        };
      };
      responses: {
        /** @description Signed in (session cookie set) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              user: components["schemas"]["User"];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the browser session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Signed out */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is signed in, and the CSRF token for unsafe browser requests */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The caller */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Me"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/tokens": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List your personal API tokens */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Your tokens */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["ApiToken"][];
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    put?: never;
    /** Create a personal API token (browser session only) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["CreateApiToken"];
        };
      };
      responses: {
        /** @description The new token */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CreatedApiToken"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/tokens/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a personal API token (browser session only) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/conversations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your conversations, newest first; `q` searches titles and message text */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          q?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One page */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ConversationPage"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    put?: never;
    /** Start a conversation */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: {
        content: {
          "application/json": {
            title?: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Conversation"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body too large */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/conversations/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A conversation with its messages */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The conversation */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ConversationWithMessages"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a conversation and its messages */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename a conversation */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            title: string;
          };
        };
      };
      responses: {
        /** @description Renamed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Conversation"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    trace?: never;
  };
  "/api/conversations/{id}/messages/{messageId}/regenerate": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Answer a question again: a new answer version beside the ones it has (a new run) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          messageId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The new run is queued; messageId is the question's */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["MessagePosted"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/conversations/{id}/messages": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask something: stores the message and starts a run (SSE with Accept: text/event-stream) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["PostMessage"];
        };
      };
      responses: {
        /** @description The run's event stream */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "text/event-stream": string;
          };
        };
        /** @description Stored; the run is queued */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["MessagePosted"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body too large */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/runs/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A run's status, usage, error and the call awaiting approval */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The run */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Run"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/runs/{id}/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The run's events as Server-Sent Events, from the start or after Last-Event-ID */
    get: {
      parameters: {
        query?: never;
        header?: {
          "last-event-id"?: string;
        };
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description An event stream */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "text/event-stream": string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/runs/{id}/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Stop a run (streaming stops within a second) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Cancel requested */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RunAccepted"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/runs/{id}/approvals/{callId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve or reject the write the agent proposed */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          callId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @enum {string} */
            decision: "approve" | "reject";
            argsHash: string;
          };
        };
      };
      responses: {
        /** @description Decision recorded; the run continues */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RunAccepted"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Conflict */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/docs/{docSetId}/pages/{path}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One page's Markdown */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          docSetId: string;
          /** @description The page's path; may contain slashes */
          path: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The page */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "text/markdown": string;
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/docs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Documentation sets, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One page */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["DocSetList"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    put?: never;
    /**
     * Generate documentation for an allowed GitHub repository or a configured local checkout
     * @description Progress streams as `docs.progress` events from GET /api/runs/{runId}/events. A second request for a commit that already has documentation ends with that set.
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
          "application/json": components["schemas"]["DocsRequest"];
        };
      };
      responses: {
        /** @description Queued */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["DocsAccepted"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Well-formed but unusable */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/docs/sources": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What documentation can be requested for: GitHub (when configured) and local repositories */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The sources */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["DocsSources"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/docs/{docSetId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A documentation set with its pages and manifest */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          docSetId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The set */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["DocSet"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/docs/{docSetId}/export": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The whole set as a download (zip, or one HTML file) */
    get: {
      parameters: {
        query?: {
          /** @description zip: pages, manifest and static site; html: every page in one self-contained HTML file */
          format?: "zip" | "html";
        };
        header?: never;
        path: {
          docSetId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The export */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/zip": string;
            "text/html": string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Conflict */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/admin/invites": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Invite someone (for SIGNUP=invite) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Format: email */
            email?: string;
            ttlHours?: number;
          };
        };
      };
      responses: {
        /** @description The invite */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Invite"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/admin/queues": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per queue: waiting, active, delayed, dead-lettered and the oldest message's age */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Queues */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["QueueView"][];
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/admin/queues/{name}/redrive": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a queue's dead-lettered messages back to it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Moved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              moved: number;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/admin/usage": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Tokens and cost by user, model and job kind over [from, to) */
    get: {
      parameters: {
        query?: {
          /** @description Default: 30 days ago */
          from?: string;
          /** @description Default: now */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Usage */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              from: string;
              to: string;
              items: components["schemas"]["UsageRow"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/sync": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * When the Jira worklogs were last synced, and how many are stored
     * @description Finance (the admin role) only.
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
        /** @description Sync status */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CapSyncStatus"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    put?: never;
    /**
     * Queue a worklog sync of the allowed Jira projects (JIRA_PROJECTS)
     * @description Finance (the admin role) only. The sync is incremental: an unchanged period costs only the feed's calls.
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
        /** @description Queued */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              status: "queued";
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Well-formed but unusable */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description A dependency is down; see Retry-After */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/policies": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Each project's capitalisation policy
     * @description Finance (the admin role) only.
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
        /** @description Policies */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["CapPolicy"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/policies/{projectKey}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Set a project's policy: its currency and which work is capitalisable
     * @description Finance (the admin role) only. The project must be one of JIRA_PROJECTS. Audited (who, when, before, after).
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          projectKey: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["CapPolicyInput"];
        };
      };
      responses: {
        /** @description The policy */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CapPolicy"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/epics": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Epics seen in the synced issues, with their phase dates
     * @description Finance (the admin role) only.
     */
    get: {
      parameters: {
        query?: {
          /** @description One project */
          project?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Epics */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["CapEpic"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/epics/{epicKey}/phases": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Set when an epic's development and post-implementation phases begin
     * @description Finance (the admin role) only. Work before developmentFrom is preliminary; from postImplementationFrom on, post-implementation. Audited.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          epicKey: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["EpicPhasesInput"];
        };
      };
      responses: {
        /** @description The phases */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["EpicPhases"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/rates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Hourly cost rates per person or role, with the day each applies from
     * @description Finance (the admin role) only.
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
        /** @description Rates */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["CostRate"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    put?: never;
    /**
     * Add a cost rate
     * @description Finance (the admin role) only. A person's rate wins over their role's; the latest effectiveFrom on or before the work date applies. Audited.
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
          "application/json": components["schemas"]["CostRateInput"];
        };
      };
      responses: {
        /** @description The rate */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CostRate"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/rates/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a cost rate
     * @description Finance (the admin role) only. Audited.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/people": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The worklogs' authors and their roles
     * @description Finance (the admin role) only.
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
        /** @description People */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["CapPerson"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/people/{accountId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Set a person's role (the role's rate applies when they have none of their own)
     * @description Finance (the admin role) only. Audited.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          accountId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["CapPersonInput"];
        };
      };
      responses: {
        /** @description The person */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CapPerson"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Changes to policies, phases, rates and roles, newest first
     * @description Finance (the admin role) only.
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
        /** @description Changes */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["CapAuditEntry"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/report": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Capitalisable and expensed hours and cost for a period, per epic and person
     * @description Finance (the admin role) only. A period is `period` (2026-Q3 or 2026-09) or `from` and `to` (inclusive days, at most two years). Projects default to every project with a policy; they must share a currency. With GitHub configured, each epic carries the pull requests and commits whose titles, branches or messages name its key or its issues' keys (GITHUB_ALLOW's repositories).
     */
    get: {
      parameters: {
        query?: {
          /** @description First day (inclusive); with `to`, instead of `period` */
          from?: string;
          /** @description Last day (inclusive) */
          to?: string;
          /** @description A quarter (2026-Q3, or 2026-q3) or a month (2026-09) instead of from/to */
          period?: string;
          /** @description Comma-separated project keys; default: every project with a policy */
          projects?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The report */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CapReport"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/report/lines": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The report's worklog lines (drill-down), filtered by epic, person or treatment
     * @description Finance (the admin role) only.
     */
    get: {
      parameters: {
        query?: {
          /** @description First day (inclusive); with `to`, instead of `period` */
          from?: string;
          /** @description Last day (inclusive) */
          to?: string;
          /** @description A quarter (2026-Q3, or 2026-q3) or a month (2026-09) instead of from/to */
          period?: string;
          /** @description Comma-separated project keys; default: every project with a policy */
          projects?: string;
          /** @description An epic key, or `none` for work on issues with no epic */
          epic?: string | "none";
          accountId?: string;
          treatment?: "capitalisable" | "expensed" | "unclassified";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Lines */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["CapLine"][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/exports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Build the report as CSV or XLSX and store it for download
     * @description Finance (the admin role) only. CSV: one row per worklog line, then the totals (UTF-8 with a byte order mark; cells that could start a formula are prefixed with '). XLSX: sheets Summary, Epics, People, Lines, Exceptions and Evidence (GitHub, when configured), amounts as numbers in the currency's format. Counts against the per-user export limit (USER_MAX_EXPORTS).
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
          "application/json": components["schemas"]["CapExportInput"];
        };
      };
      responses: {
        /** @description Built */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CapExport"];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Body is not JSON */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Too many requests; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
  "/api/finance/exports/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a built export
     * @description Finance (the admin role) only.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The file, as an attachment */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "text/csv": string;
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not allowed (or missing CSRF header) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** @description Not found, or not yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
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
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Readiness: {
      /** @enum {string} */
      status: "ready" | "not_ready";
      checks: {
        /** @description "ok", or what went wrong */
        db: string;
        /** @description "ok", or what went wrong */
        redis: string;
        /** @description "ok", or what went wrong */
        storage: string;
      };
    };
    SignupAccepted: {
      /** @enum {string} */
      status: "accepted";
      message: string;
    };
    Error: {
      error: {
        /** @example not_found */
        code: string;
        message: string;
        requestId: string;
      };
    };
    SignupRequest: {
      /** Format: email */
      email: string;
      password: string;
      name: string;
      inviteCode?: string;
    };
    User: {
      id: string;
      email: string;
      name: string;
      /** @enum {string} */
      role: "admin" | "member";
    };
    LoginRequest: {
      /** Format: email */
      email: string;
      password: string;
    };
    Me: {
      user: components["schemas"]["User"];
      csrfToken: string | null;
    };
    CreatedApiToken: components["schemas"]["ApiToken"] & {
      /** @description Shown once; send as `Authorization: Bearer <token>` */
      token: string;
    };
    /**
     * @description `read`: only GET and HEAD requests; `full`: everything its user may do. No token can create or revoke tokens: only a browser session can.
     * @enum {string}
     */
    TokenScope: "read" | "full";
    ApiToken: {
      id: string;
      name: string;
      scope: components["schemas"]["TokenScope"];
      createdAt: string;
      lastUsedAt: string | null;
    };
    CreateApiToken: {
      name: string;
      scope?: components["schemas"]["TokenScope"];
    };
    Conversation: {
      id: string;
      title: string;
      createdAt: string;
      updatedAt: string;
    };
    ConversationPage: {
      items: components["schemas"]["Conversation"][];
      nextCursor: string | null;
    };
    ConversationWithMessages: components["schemas"]["Conversation"] & {
      /** @description Every branch's messages, oldest first */
      messages: components["schemas"]["Message"][];
      /** @description The chat runs, oldest first */
      runs: components["schemas"]["TurnRun"][];
    };
    Message: {
      id: string;
      /** @enum {string} */
      role: "user" | "assistant" | "tool" | "system";
      content: string;
      /** @description An assistant message's calls; a tool message's one result */
      toolCalls?: (components["schemas"]["ToolCall"] | components["schemas"]["ToolResult"])[];
      citations?: unknown[];
      /** @description The run that wrote it, or that a question started */
      runId: string | null;
      /** @description A question's place in the conversation's tree: the run (answer) it follows, null for a first question. Edited questions are siblings (same parent). */
      parentRunId?: string | null;
      createdAt: string;
    };
    /** @description A call an assistant message asked for */
    ToolCall: {
      id: string;
      name: string;
      args?: unknown;
    };
    /** @description Which call a tool message answers, and how it ended */
    ToolResult: {
      id: string;
      name: string;
      ok: boolean;
      summary: string;
      outcome: components["schemas"]["ToolOutcome"];
    };
    /**
     * @description How a call ended: ran (ok), ran and failed or could not run (failed), the person rejected the write (declined), the run stopped before it ran (cancelled)
     * @enum {string}
     */
    ToolOutcome: "ok" | "failed" | "declined" | "cancelled";
    /** @description A chat run of the conversation: one answer version of its question, and how it ended */
    TurnRun: {
      id: string;
      /** @description The question this run answers */
      questionId: string | null;
      /** @enum {string} */
      status: "queued" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
      error: {
        code: string;
        message: string;
      } | null;
    };
    MessagePosted: {
      messageId: string;
      runId: string;
    };
    PostMessage: {
      content: string;
      /** @description Idempotency key: the same id twice creates one message and one run */
      clientMessageId?: string;
      /** @description The answer (run) this question follows; null to start from the top. Edit-and-resend names the parent of the question it edits, branching the conversation there. Left out: the newest run. */
      parentRunId?: string | null;
    };
    Run: {
      id: string;
      conversationId: string | null;
      /** @enum {string} */
      status: "queued" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
      usage?: unknown;
      error?: {
        code: string;
        message: string;
      };
      pendingApproval?: components["schemas"]["PendingCall"];
    };
    PendingCall: {
      callId: string;
      name: string;
      args?: unknown;
      argsHash: string;
    };
    RunAccepted: {
      /** @enum {string} */
      status: "queued" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
    };
    DocsAccepted: {
      docSetId: string;
      runId: string;
    };
    DocsRequest:
      | {
          /** @example acme/ledger */
          repo: string;
          /** @description Branch, tag or commit; the default branch when left out */
          ref?: string;
        }
      | {
          /** @description A name from LOCAL_REPOS */
          localRepo: string;
          /** @description Branch, tag or commit; the default branch when left out */
          ref?: string;
        };
    DocSetList: {
      items: components["schemas"]["DocSetSummary"][];
      nextCursor: string | null;
    };
    DocSetSummary: {
      docSetId: string;
      /** @description `owner/repo`, or `local/<name>` for a local checkout */
      repo: string;
      /** @description Null until the default branch is resolved */
      ref: string | null;
      commitSha: string | null;
      /** @enum {string} */
      status: "queued" | "running" | "completed" | "failed";
      createdAt: string;
      error?: {
        code: string;
        message: string;
      };
    };
    DocsSources: {
      github: {
        /** @description Whether GITHUB_TOKEN is set */
        configured: boolean;
        /** @description GITHUB_ALLOW: `owner/*` or `owner/repo` patterns */
        allow: string[];
      };
      /** @description The names LOCAL_REPOS gives (never their paths) */
      local: string[];
    };
    DocSet: components["schemas"]["DocSetSummary"] & {
      /** @description The generation run, when you requested it */
      runId: string | null;
      pages: {
        path: string;
        title: string;
      }[];
      /** @description manifest.json of a completed set (generator, pages, skipped files, usage) */
      manifest?: unknown;
    };
    Invite: {
      id: string;
      /** @description Shown once; the invitee passes it as `inviteCode` at sign-up */
      code: string;
      expiresAt: string;
    };
    QueueView: {
      name: string;
      waiting: number;
      active: number;
      delayed: number;
      /** @description Dead-lettered messages */
      failed: number;
      oldestAgeSeconds: number;
    };
    UsageRow: {
      userId: string | null;
      email: string | null;
      model: string;
      kind: string;
      calls: number;
      promptTokens: number;
      completionTokens: number;
      totalTokens: number;
      /** @description US dollars, exact decimal text */
      costUsd: string;
      priced: boolean;
    };
    CapSyncStatus: {
      /** @description When the last worklog sync finished */
      syncedAt: string | null;
      issues: number;
      worklogs: number;
      feeds: {
        feed: string;
        sinceMs: number;
        updatedAt: string;
      }[];
    };
    CapPolicy: {
      projectKey: string;
      currency: string;
      rules: components["schemas"]["CapRules"];
      updatedBy: string;
      updatedAt: string;
    };
    CapRules: {
      /** @description Epics whose issues are in scope */
      epics: string[];
      /** @description Issue type names in scope (Story, Task …) */
      issueTypes: string[];
      labels: string[];
      components: string[];
      /** @description Always in scope, whatever the rules say */
      include: string[];
      /** @description Never in scope, whatever the rules say (wins over include) */
      exclude: string[];
    };
    CapPolicyInput: {
      /**
       * @description ISO 4217, in capitals; the report rounds to its minor units
       * @example EUR
       */
      currency: string;
      rules: components["schemas"]["CapRules"];
    };
    CapEpic: {
      epicKey: string;
      summary: string | null;
      projectKey: string;
      phases: components["schemas"]["EpicPhases"] | null;
    };
    EpicPhases: {
      epicKey: string;
      projectKey: string;
      developmentFrom: string | null;
      postImplementationFrom: string | null;
      updatedBy: string;
      updatedAt: string;
    };
    EpicPhasesInput: {
      /**
       * Format: date
       * @description First day of development; null: not yet
       * @example 2026-07-01
       */
      developmentFrom: string | null;
      /**
       * Format: date
       * @description First day after development; must be after developmentFrom
       * @example 2026-07-01
       */
      postImplementationFrom: string | null;
    };
    CostRate: {
      id: string;
      /** @enum {string} */
      subjectKind: "person" | "role";
      subject: string;
      hourlyRate: string;
      currency: string;
      effectiveFrom: string;
      createdBy: string;
      createdAt: string;
    };
    CostRateInput: (
      | {
          /** @enum {string} */
          subjectKind: "person";
          /** @example 5b10a2844c20165700ede21g */
          subject: string;
        }
      | {
          /** @enum {string} */
          subjectKind: "role";
          subject: string;
        }
    ) & {
      /**
       * @description Cost per hour, a decimal string above 0
       * @example 85.00
       */
      hourlyRate: string;
      /**
       * @description ISO 4217, in capitals; the report rounds to its minor units
       * @example EUR
       */
      currency: string;
      /**
       * Format: date
       * @description The rate applies to work from this day on
       * @example 2026-07-01
       */
      effectiveFrom: string;
    };
    CapPerson: {
      accountId: string;
      name: string;
      role: string | null;
    };
    CapPersonInput: {
      /** @description null: no role */
      role: string | null;
    };
    CapAuditEntry: {
      /** @description Increasing: a later change has a larger id (as a number) */
      id: string;
      at: string;
      userId: string;
      userEmail: string | null;
      /** @enum {string} */
      entity: "policy" | "epic_phases" | "rate" | "person_role";
      key: string;
      /** @enum {string} */
      action: "create" | "update" | "delete";
      before?: unknown;
      after?: unknown;
    };
    CapReport: {
      period: {
        from: string;
        to: string;
      };
      projects: string[];
      currency: string;
      /** @description The rounding rule, stated */
      rounding: string;
      /** @description When the report was computed; a repeat served from the Api's cache keeps this time */
      generatedAt: string;
      syncedAt: string | null;
      totals: {
        capitalisable: components["schemas"]["CapHoursAndCost"];
        expensed: components["schemas"]["CapHoursAndCost"];
        unclassified: components["schemas"]["CapHoursAndCost"];
        total: components["schemas"]["CapHoursAndCost"];
        unrated: {
          /**
           * @description Hours, two decimal places
           * @example 85.00
           */
          hours: string;
          worklogs: number;
        };
        worklogs: number;
      };
      epics: {
        epicKey: string | null;
        summary: string | null;
        projectKey: string | null;
        phases: {
          developmentFrom: string | null;
          postImplementationFrom: string | null;
        } | null;
        capitalisable: components["schemas"]["CapHoursAndCost"];
        expensed: components["schemas"]["CapHoursAndCost"];
        unclassified: components["schemas"]["CapHoursAndCost"];
        /**
         * @description Hours, two decimal places
         * @example 85.00
         */
        unratedHours: string;
        worklogs: number;
        evidence: {
          pulls: {
            repo: string;
            number: number;
            title: string;
            url: string;
          }[];
          commits: {
            repo: string;
            sha: string;
            message: string;
            url: string;
          }[];
          /** @description Matching pull requests beyond those listed */
          morePulls?: number;
          moreCommits?: number;
          /** @description Repositories GitHub did not answer for */
          unavailable?: string[];
        } | null;
      }[];
      people: {
        accountId: string;
        name: string;
        role: string | null;
        capitalisable: components["schemas"]["CapHoursAndCost"];
        expensed: components["schemas"]["CapHoursAndCost"];
        unclassified: components["schemas"]["CapHoursAndCost"];
        /**
         * @description Hours, two decimal places
         * @example 85.00
         */
        unratedHours: string;
        worklogs: number;
      }[];
      exceptions: {
        unclassified: components["schemas"]["CapLine"][];
        unrated: components["schemas"]["CapLine"][];
      };
    };
    CapHoursAndCost: {
      /**
       * @description Hours, two decimal places
       * @example 85.00
       */
      hours: string;
      /**
       * @description An amount in the report's currency, rounded to its minor units
       * @example 85.00
       */
      cost: string;
    };
    CapLine: {
      worklogId: string;
      issueKey: string | null;
      issueSummary: string | null;
      epicKey: string | null;
      accountId: string;
      authorName: string;
      workDate: string;
      seconds: number;
      /**
       * @description Hours, two decimal places
       * @example 85.00
       */
      hours: string;
      /** @enum {string} */
      treatment: "capitalisable" | "expensed" | "unclassified";
      reason: string;
      /** @enum {string|null} */
      phase: "preliminary" | "development" | "post-implementation" | null;
      /** @description null: no rate that day (the line is unrated) */
      rate: {
        id: string;
        /** @enum {string} */
        subjectKind: "person" | "role";
        subject: string;
        hourlyRate: string;
        effectiveFrom: string;
      } | null;
      /**
       * @description An amount in the report's currency, rounded to its minor units
       * @example 85.00
       */
      cost: string | null;
    };
    CapExport: {
      id: string;
      /** @enum {string} */
      format: "csv" | "xlsx";
      url: string;
    };
    CapExportInput: {
      /**
       * Format: date
       * @description A calendar day, YYYY-MM-DD
       * @example 2026-07-01
       */
      from: string;
      /**
       * Format: date
       * @description A calendar day, YYYY-MM-DD
       * @example 2026-07-01
       */
      to: string;
      projects?: string[];
      /** @enum {string} */
      format: "csv" | "xlsx";
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
