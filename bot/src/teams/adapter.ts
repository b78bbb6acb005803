/**
 * The Bot Framework adapter: authenticates every request to /api/messages with the app's
 * identity (app id + secret, or a user-assigned managed identity, and tenant) and sends replies
 * with the same identity. Without an app id it runs anonymously, which the config allows only on
 * a loopback address (local runs and the Agents Playground).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';

export type BotIdentity = Pick<Config, 'BOT_ID' | 'BOT_PASSWORD' | 'BOT_TENANT_ID' | 'BOT_TYPE'>;

/**
 * Where channel tokens come from. Production leaves this out and gets the public cloud's values;
 * tests point it at an issuer of their own on loopback.
 */
export interface ChannelTokenSource {
  readonly openIdMetadataUrl: string;
  readonly issuer: string;
}

/** The public cloud's Bot Framework endpoints, for when one of them is replaced. */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl:
    'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
} as const;

/**
 * CloudAdapter with the step after body parsing exposed: the route validates the body itself and
 * answers authentication failures and errors in the app's own error shape (CloudAdapter's own
 * `process` would send the raw error text and print it to the console).
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request and runs the turn; the invoke response for invoke activities. */
  runActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** True for the errors botbuilder's token validation raises for a missing or bad token. */
export function isAuthenticationFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; statusCode?: unknown };
  return (
    e.statusCode === 401 ||
    e.name === 'AuthenticationError' ||
    // jsonwebtoken's errors for a bad signature, a malformed or an expired token.
    e.name === 'JsonWebTokenError' ||
    e.name === 'TokenExpiredError' ||
    e.name === 'NotBeforeError'
  );
}

type ClaimsIdentity = Parameters<
  ConfigurationBotFrameworkAuthentication['createConnectorFactory']
>[0];
type ConnectorFactory = ReturnType<
  ConfigurationBotFrameworkAuthentication['createConnectorFactory']
>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>
>;

/** Connector clients kept at most (one per service URL and audience; Teams has a few regions). */
const MAX_CONNECTORS = 64;

/**
 * botbuilder's authentication with two costs taken off every turn (measured in
 * test/bench/profile-bot.ts): CloudAdapter builds a new ConnectorClient for each turn and each
 * proactive send (a new HTTP pipeline, credentials and a new connection to the service), and a
 * user-token client that only sign-in flows use. Here a connector client is built once per bot
 * id, service URL and audience and then reused (its credentials renew their own token), and the
 * user-token client is built on its first use.
 */
class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();

  override async authenticateRequest(activity: Activity, authHeader: string) {
    const result = await super.authenticateRequest(activity, authHeader);
    return this.reusingIn(result);
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string) {
    const result = await super.authenticateStreamingRequest(authHeader, channelIdHeader);
    return this.reusingIn(result);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    let client: Promise<UserTokenClient> | undefined;
    const real = () => (client ??= super.createUserTokenClient(claimsIdentity));
    return Promise.resolve({
      getUserToken: async (...args) => (await real()).getUserToken(...args),
      getSignInResource: async (...args) => (await real()).getSignInResource(...args),
      signOutUser: async (...args) => (await real()).signOutUser(...args),
      getTokenStatus: async (...args) => (await real()).getTokenStatus(...args),
      getAadTokens: async (...args) => (await real()).getAadTokens(...args),
      exchangeToken: async (...args) => (await real()).exchangeToken(...args),
    });
  }

  private reusingIn<
    T extends { claimsIdentity: ClaimsIdentity; connectorFactory?: ConnectorFactory },
  >(result: T): T {
    const factory = result.connectorFactory;
    return factory
      ? { ...result, connectorFactory: this.reusing(result.claimsIdentity, factory) }
      : result;
  }

  private reusing(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    // The bot id the factory was made for: the audience claim (channel), else the app id claim.
    const claim = (type: string) => claimsIdentity.claims.find((c) => c.type === type)?.value;
    const botId = claim('aud') ?? claim('appid') ?? '';
    return {
      create: (serviceUrl: string, audience?: string) => {
        const key = `${botId}|${serviceUrl}|${audience ?? ''}`;
        let client = this.connectors.get(key);
        if (!client) {
          if (this.connectors.size >= MAX_CONNECTORS) this.connectors.clear();
          client = factory.create(serviceUrl, audience);
          // A failed build is not kept: the next turn tries again.
          client.catch(() => this.connectors.delete(key));
          this.connectors.set(key, client);
        }
        return client;
      },
    };
  }
}

export function createAdapter(identity: BotIdentity, tokens?: ChannelTokenSource): BotAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: identity.BOT_ID ?? '',
    MicrosoftAppPassword: identity.BOT_PASSWORD ?? '',
    MicrosoftAppType: identity.BOT_TYPE,
    MicrosoftAppTenantId: identity.BOT_TENANT_ID ?? '',
  });
  const options: ConfigurationBotFrameworkAuthenticationOptions = tokens
    ? {
        ...PUBLIC_CLOUD,
        ToBotFromChannelOpenIdMetadataUrl: tokens.openIdMetadataUrl,
        ToBotFromChannelTokenIssuer: tokens.issuer,
        ValidateAuthority: true,
      }
    : {};
  return new BotAdapter(new ReusingBotFrameworkAuthentication(options, credentials));
}
