// A minimal router: routes match the raw request path (never decoded or normalised, so "..", "%2e%2e" and the
// like match nothing), the client address's rate limit (not for kiosk-signed routes, limited per kiosk) and the
// declared body size are checked first, staff routes check the token before anything else, and every failure
// becomes a HubErrorBody. A thrown bug is logged with its stack and answered 500 without it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HubHttpError, refuseDeclaredBody, sendError } from './http.ts';
import { DEFAULT_BODY_MAX_BYTES, type HubLimits } from './limits.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The route pattern's capture groups, still encoded. */
  params: (string | undefined)[];
  query: URLSearchParams;
}

export interface Route {
  methods: readonly string[];
  /** Matched against the whole path, without the query. */
  path: RegExp;
  /** Needs a staff token. */
  staff: boolean;
  /** Signed by an enrolled kiosk: rate limited per kiosk once the signature checks out, not per address. */
  signed?: boolean;
  /** The largest request body, refused from its Content-Length before reading; default DEFAULT_BODY_MAX_BYTES. */
  maxBodyBytes?: number;
  handle(context: RouteContext): Promise<void>;
}

export interface RouterOptions {
  routes: readonly Route[];
  authenticateStaff: (req: IncomingMessage) => void;
  /** Rate limits; none in a router built without them. */
  limits?: HubLimits;
  log: Logger;
}

export function createRouter(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { routes, authenticateStaff, limits, log } = options;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '';
    if (!target.startsWith('/')) throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the request target must be a path');
    const queryStart = target.indexOf('?');
    const path = queryStart < 0 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1));
    const allowed = new Set<string>();
    for (const route of routes) {
      const match = route.path.exec(path);
      if (!match) continue;
      if (!route.methods.includes(req.method ?? '')) {
        for (const method of route.methods) allowed.add(method);
        continue;
      }
      if (limits && !route.signed) limits.admitAddress(req);
      refuseDeclaredBody(req, route.maxBodyBytes ?? DEFAULT_BODY_MAX_BYTES);
      if (route.staff) authenticateStaff(req);
      await route.handle({ req, res, params: match.slice(1), query });
      return;
    }
    if (allowed.size > 0) {
      throw new HubHttpError(405, 'HUB_BAD_REQUEST', `${req.method} is not allowed here`, {
        Allow: [...allowed].join(', '),
      });
    }
    throw new HubHttpError(404, 'HUB_NOT_FOUND', 'no such endpoint');
  }

  return (req, res) => {
    dispatch(req, res).catch((thrown: unknown) => {
      let error: HubHttpError;
      if (thrown instanceof HubHttpError) {
        error = thrown;
      } else {
        log.error({ err: thrown, method: req.method, path: req.url?.split('?')[0] }, 'hub request failed');
        error = new HubHttpError(500, 'HUB_INTERNAL', 'the hub failed to handle the request; see its log');
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (!req.complete) {
        // The body was not read (refused early): close after answering rather than read what may be huge.
        res.setHeader('Connection', 'close');
        req.resume();
      }
      sendError(res, error);
    });
  };
}
