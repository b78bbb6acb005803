// The rooms of bot/src, the contract and the tab, and the arrows that may exist between them
// (README: "The house"). A wrong import fails lint, and so `npm test`.
// Each room lists what it must not import; `message` says where the code belongs instead.

const EDGES = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teamsfx', 'restify'];
const STORAGE = ['@azure/data-tables', '@azure/identity'];

/** Relative imports of a sibling room, from a file in a room or in a folder below it. */
const room = (name) =>
  ['../', '../../', '../../../'].flatMap((up) => [up + name, `${up}${name}/**`]);

/**
 * A room whose `ports` module others implement: everything of it but `ports` is restricted.
 * (Written as `name/*` and deeper, not `name/**` nor `name`: a negation cannot re-include a path
 * whose folder is already excluded.)
 */
const roomButPorts = (name) => {
  const ups = ['../', '../../', '../../../'];
  // Negations last: a later pattern would exclude the path again.
  return [
    ...ups.flatMap((up) => [`${up}${name}/*`, `${up}${name}/*/**`]),
    ...ups.map((up) => `!${up}${name}/ports`),
  ];
};

const restrict = (files, groups) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: groups.map(([group, message]) => ({ group, message })) },
    ],
  },
});

export const ROOMS = [
  restrict(
    ['contract/src/**/*.ts'],
    [
      [
        ['../../bot/**', '../../../bot/**', '@yhdistysyhteistyo/bot', '@yhdistysyhteistyo/bot/**'],
        'The contract is what the bot and the tab share: it imports neither.',
      ],
      [
        ['node:*', ...EDGES, ...STORAGE, 'pino', 'ical-generator', '@resvg/*'],
        'The contract runs in the browser too: server-only modules stay in bot/src.',
      ],
    ],
  ),
  restrict(
    ['bot/src/domain/**/*.ts'],
    [
      [
        [
          ...room('storage'),
          ...room('http'),
          ...room('teams'),
          ...room('delivery'),
          ...room('cards'),
          ...room('compose'),
          '../index',
          '../config',
        ],
        'domain/ holds rules and ports; adapters and edges import it, never the other way.',
      ],
      [
        [...EDGES, ...STORAGE],
        'domain/ knows nothing of Teams, HTTP or storage: take a port instead.',
      ],
    ],
  ),
  restrict(
    ['bot/src/cards/**/*.ts'],
    [
      [
        [
          ...room('storage'),
          ...room('http'),
          ...room('teams'),
          ...room('delivery'),
          ...room('compose'),
          '../index',
          '../config',
          '../log',
        ],
        'A card is (data, locale) → JSON: it imports the domain, the contract and i18n only.',
      ],
      [[...EDGES, ...STORAGE], 'A card is pure: no Teams SDK, HTTP or storage.'],
    ],
  ),
  restrict(
    ['bot/src/delivery/**/*.ts'],
    [
      [
        [
          ...room('storage'),
          ...room('http'),
          ...room('teams'),
          ...room('cards'),
          ...room('compose'),
          '../index',
        ],
        'delivery/ knows ports only: the composition root hands it the adapters.',
      ],
      [[...EDGES, ...STORAGE], 'delivery/ knows ports only: no Teams SDK, HTTP or storage.'],
    ],
  ),
  restrict(
    ['bot/src/http/**/*.ts'],
    [
      [
        [
          ...room('storage'),
          ...room('teams'),
          ...room('cards'),
          ...room('compose'),
          '../index',
          ...roomButPorts('delivery'),
        ],
        'Routes know ports and services: the composition root hands them in.',
      ],
      [
        ['botbuilder', 'botbuilder-*', '@microsoft/teamsfx', ...STORAGE],
        'http/ knows no Teams SDK and no storage client.',
      ],
    ],
  ),
  restrict(
    ['bot/src/storage/**/*.ts'],
    [
      [
        [
          ...room('http'),
          ...room('teams'),
          ...room('cards'),
          ...room('compose'),
          '../index',
          ...roomButPorts('delivery'),
        ],
        "storage/ adapts Azure Tables to the domain's ports; it knows no edge.",
      ],
      [[...EDGES], 'storage/ knows no Teams SDK and no HTTP server.'],
    ],
  ),
  restrict(
    ['bot/src/teams/**/*.ts'],
    [
      [
        [...room('storage'), ...room('compose'), '../index', ...roomButPorts('delivery')],
        'teams/ gets its stores as ports from the composition root.',
      ],
      [[...STORAGE, 'restify'], 'teams/ knows no storage client and no HTTP server.'],
    ],
  ),
  restrict(
    ['tab/src/**/*.{ts,tsx}'],
    [
      [
        ['**/bot/**', '@yhdistysyhteistyo/bot', '@yhdistysyhteistyo/bot/**'],
        'The tab imports the contract (@yhdistysyhteistyo/contract/…) and its own files only.',
      ],
      [
        ['node:*', ...EDGES, ...STORAGE, 'pino'],
        'The tab runs in the browser: no server-only modules.',
      ],
    ],
  ),
];
