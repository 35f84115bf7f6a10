// What every route sees: the dependencies the app was made with, and who is calling.
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { FleetStore } from '../store/fleet/fleet-store.js';
import type { HostRecord, LoginSession, User } from '../store/fleet/types.js';
import type { AdvisorScheduler } from './advisor/schedule.js';
import type { LoginLimiter } from './auth/login-limiter.js';
import type { PolicyHub } from './policy/policy-hub.js';

export interface ServerDeps {
  readonly store: FleetStore;
  readonly logger?: Logger;
  /** Cookies get `Secure`: always (true), never (false), or when the request came over https (undefined). */
  readonly secureCookies?: boolean;
  /** Trust x-forwarded-for / x-forwarded-proto from a proxy in front. */
  readonly trustProxy?: boolean;
  /** Where the built dashboard lives (build/web); without it, `/` says how to build it. */
  readonly webRoot?: string;
  readonly now?: () => number;
}

export interface AppServices {
  readonly deps: ServerDeps;
  readonly store: FleetStore;
  readonly limiter: LoginLimiter;
  readonly hub: PolicyHub;
  /** The Policy Advisor's analysis runs (the schedule ticks only once serve.ts starts it). */
  readonly advisor: AdvisorScheduler;
  readonly now: () => number;
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    user: User;
    session: LoginSession;
    host: HostRecord;
  };
}

export type App = Hono<AppEnv>;
