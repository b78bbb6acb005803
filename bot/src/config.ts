import { z } from 'zod';

/** True for 127.0.0.0/8, ::1 and localhost: the only addresses where local-only modes may run. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const guidList = list.pipe(
  z.array(z.string().regex(/^[0-9a-f-]{36}$/i, 'a comma-separated list of tenant GUIDs')),
);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Azure Tables connection string; `UseDevelopmentStorage=true` for Azurite on its default port. */
    STORAGE_CONNECTION_STRING: optionalText,
    /** In Azure: the account's table endpoint, reached with the managed identity (AZURE_CLIENT_ID). */
    STORAGE_TABLE_ENDPOINT: optionalText.pipe(z.url().optional()),
    AZURE_CLIENT_ID: optionalText,
    /** Table names get this prefix, so several environments can share one account. */
    TABLE_PREFIX: z
      .string()
      .trim()
      .regex(/^[A-Za-z]?[A-Za-z0-9]{0,20}$/, 'letters and digits, starting with a letter')
      .default(''),
    BOT_ID: optionalText,
    BOT_PASSWORD: optionalText,
    BOT_TENANT_ID: optionalText,
    BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    /** Entra app of the tab (SSO): the audience of the tab's tokens. */
    AAD_APP_CLIENT_ID: optionalText,
    AAD_APP_TENANT_ID: optionalText,
    ALLOWED_TENANT_IDS: guidList,
    /**
     * Client apps (`azp`/`appid`) whose tokens the API accepts; empty = the Teams and Microsoft
     * 365 clients that Teams SSO pre-authorises.
     */
    ALLOWED_CLIENT_IDS: guidList,
    /** Signing keys of the tokens' issuer; default Entra's JWKS of AAD_APP_TENANT_ID (or common). */
    AUTH_JWKS_URL: optionalText.pipe(z.url().optional()),
    /** A local issuer that signs tokens for demo people; loopback only. */
    DEV_AUTH: flag,
    /** User principal names (e-mails) that are coordinators from the first start on. */
    INITIAL_COORDINATORS: list.pipe(z.array(z.email('a comma-separated list of e-mail addresses'))),
    SEED_DEMO_DATA: flag,
    TAB_DIST: z.string().trim().min(1).default('tab/dist'),
    /** Public https address of this server as Teams sees it; for links in cards. */
    PUBLIC_URL: optionalText.pipe(z.url().optional()),
    /** The Teams app's id (manifest `id`): card links then open the tab inside Teams. */
    TEAMS_APP_ID: optionalText.pipe(z.uuid('a Teams app id (a GUID)').optional()),
    /** Scheduled posts on or off; unset = on, except with NODE_ENV=test. */
    DELIVERY_ENABLED: z
      .enum(['true', 'false', '1', '0', ''])
      .optional()
      .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1')),
    /** How often the timer looks for due posts; at most 30 s, so a post is at most a minute late. */
    DELIVERY_TICK_SECONDS: z.coerce.number().int().min(1).max(30).default(30),
    /** Posts per second for the whole app (Teams allows 30–50 per tenant). */
    DELIVERY_TENANT_RATE: z.coerce.number().int().min(1).max(1000).default(30),
    /** The team's language: the channel's posts (invitations, reminders, monthly, annual). */
    TEAM_LOCALE: z.enum(['fi', 'en']).default('fi'),
    /** A post due longer ago than this is skipped, not sent late. */
    DELIVERY_STALE_HOURS: z.coerce.number().min(0.1).max(168).default(12),
    /** Days after an evening when its answers lose the person (name, association, wish). */
    RSVP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Years an audit entry is kept. */
    AUDIT_RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(5),
    /** The timer lease: another instance takes over this long after the holder stops. */
    DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(2).max(300).default(30),
    /** Posts handled at the same time. */
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  })
  .superRefine((c, ctx) => {
    const loopback = isLoopbackHost(c.HOST);
    if (!c.BOT_ID && !loopback) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_ID'],
        message: `is required when HOST is not a loopback address (HOST=${c.HOST}); the bot runs without an app id only on 127.0.0.1`,
      });
    }
    if (c.DEV_AUTH && !loopback) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_AUTH'],
        message: `may be true only when HOST is a loopback address (HOST=${c.HOST})`,
      });
    }
    // Any sign of a deployment (or of a tunnel from Teams to this machine) rules out the two
    // local-only modes, whatever the listen address: a tunnel ends on 127.0.0.1 too.
    const deployedBy = [
      ...(c.NODE_ENV === 'production' ? ['NODE_ENV=production'] : []),
      ...(['PUBLIC_URL', 'BOT_ID', 'AAD_APP_CLIENT_ID'] as const).filter((k) => c[k]),
    ];
    if (c.DEV_AUTH && deployedBy.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_AUTH'],
        message: `must be false when ${deployedBy.join(', ')} is set: the development issuer is for a plain local run only`,
      });
    }
    const deployedWithoutBot = deployedBy.filter((k) => k !== 'BOT_ID');
    if (!c.BOT_ID && deployedWithoutBot.length > 0 && loopback) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_ID'],
        message: `is required when ${deployedWithoutBot.join(', ')} is set: the bot runs without an app id only in a plain local run`,
      });
    }
    if (c.BOT_ID && c.BOT_TYPE !== 'UserAssignedMSI' && !c.BOT_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_PASSWORD'],
        message: 'is required with BOT_ID unless BOT_TYPE=UserAssignedMSI',
      });
    }
    if (c.BOT_TYPE !== 'MultiTenant' && c.BOT_ID && !c.BOT_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_TENANT_ID'],
        message: `is required with BOT_TYPE=${c.BOT_TYPE}`,
      });
    }
    if (!c.DEV_AUTH && !c.AAD_APP_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['AAD_APP_CLIENT_ID'],
        message: 'is required unless DEV_AUTH=true (the tab API needs an audience to check)',
      });
    }
  });

export type Config = Readonly<z.output<typeof schema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; a wrong value names the variable and what it should be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`),
    );
  }
  return Object.freeze(parsed.data);
}
