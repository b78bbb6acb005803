/**
 * Working groups: everyone signed in reads them (readers and guests without people's addresses),
 * coordinators write. The rules (unique names,
 * the four built-in groups stay, a group with meetings stays) are the service's.
 *
 *   GET    /api/v1/working-groups                  → {items: WorkingGroupView[]}
 *   POST   /api/v1/working-groups      WorkingGroupInput → 201
 *   GET|PUT|DELETE /api/v1/working-groups/:id      (PUT/DELETE with If-Match)
 *   GET    /api/v1/team-channels                   → {items: TeamChannel[]} (coordinators): the
 *          channels of the teams the app is in, as Teams told the bot, for a group's reminders
 */
import type { Server } from 'restify';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import { seesContactDetails } from '@yhdistysyhteistyo/contract/roles';
import type { Versioned } from '../domain/errors';
import type { WorkingGroupsService } from '../domain/working-groups-service';
import { actor, ifMatch, param, requireCoordinator, securedArea } from './events-common';
import type { RouteModule } from './server';
import type { AuthDeps, UserContext } from './user-context';

/** A channel the app can post to; General has no name from Teams (`general: true`). */
export interface TeamChannel {
  readonly id: string;
  readonly name?: string;
  readonly general: boolean;
  readonly teamId: string;
  readonly teamName?: string;
  /** The team's chosen channel for posts: where reminders go when a group names none. */
  readonly postChannel: boolean;
}

export interface WorkingGroupsRoutesDeps extends AuthDeps {
  readonly groups: Pick<WorkingGroupsService, 'list' | 'get' | 'create' | 'edit' | 'remove'>;
  /** The recorded channels of the teams the app is installed in. */
  readonly channels: () => Promise<readonly TeamChannel[]>;
}

const view = (group: Versioned<WorkingGroup>) => ({ ...group.value, etag: group.etag });

/** A group as a reader or guest sees it: names only, no addresses or object ids. */
function publicGroup(group: WorkingGroup): WorkingGroup {
  const { contact } = group;
  return {
    ...group,
    members: group.members.map((m) =>
      m.kind === 'representative' ? m : { kind: m.kind, name: m.name },
    ),
    ...(contact ? { contact: { name: contact.name } } : {}),
    createdBy: '',
    updatedBy: '',
  };
}

const viewFor = (user: UserContext, group: Versioned<WorkingGroup>) =>
  seesContactDetails(user.roles) ? view(group) : { ...publicGroup(group.value), etag: group.etag };

export function workingGroupsRoutes(deps: WorkingGroupsRoutesDeps): RouteModule {
  const secure = securedArea<WorkingGroup>(deps, (_req, stored) => view(stored));

  return (server: Server) => {
    server.get(
      '/api/v1/working-groups',
      secure(async (_req, res, user) => {
        res.send(200, { items: (await deps.groups.list()).map((g) => viewFor(user, g)) });
      }),
    );

    server.get(
      '/api/v1/team-channels',
      secure(async (_req, res, user) => {
        requireCoordinator(user);
        res.send(200, { items: await deps.channels() });
      }),
    );

    server.post(
      '/api/v1/working-groups',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const saved = await deps.groups.create(req.body as unknown, actor(user));
        res.header('ETag', saved.etag);
        res.send(201, view(saved));
      }),
    );

    server.get(
      '/api/v1/working-groups/:id',
      secure(async (req, res, user) => {
        const found = await deps.groups.get(param(req, 'id'));
        res.header('ETag', found.etag);
        res.send(200, viewFor(user, found));
      }),
    );

    server.put(
      '/api/v1/working-groups/:id',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const etag = ifMatch(req);
        const saved = await deps.groups.edit(
          param(req, 'id'),
          req.body as unknown,
          etag,
          actor(user),
        );
        res.header('ETag', saved.etag);
        res.send(200, view(saved));
      }),
    );

    server.del(
      '/api/v1/working-groups/:id',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const etag = ifMatch(req);
        await deps.groups.remove(param(req, 'id'), etag);
        res.send(204);
      }),
    );
  };
}
