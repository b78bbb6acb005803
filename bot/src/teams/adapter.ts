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
  return new BotAdapter(new ConfigurationBotFrameworkAuthentication(options, credentials));
}
