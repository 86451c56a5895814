/** The layering of STYLE.md as rules `npm run lint` enforces. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports nothing outside itself (types of typings/ and dayjs excepted)',
      severity: 'error',
      from: { path: '^cloudfunctions/_shared/domain/' },
      to: { pathNot: ['^cloudfunctions/_shared/domain/', '^typings/', 'node_modules/dayjs/'] },
    },
    {
      name: 'adapters-only-from-composition-root',
      comment: 'only the composition root, other adapters and the local cloud import adapters',
      severity: 'error',
      from: {
        pathNot: [
          '^cloudfunctions/_shared/adapters/',
          '^cloudfunctions/_shared/runtime/(container|binding)\\.ts$',
          '^scripts/',
          '^test/',
        ],
      },
      to: { path: '^cloudfunctions/_shared/adapters/' },
    },
    {
      name: 'app-does-not-reach-runtime',
      comment: 'use cases know ports and domain, not the wrappers that call them',
      severity: 'error',
      from: { path: '^cloudfunctions/_shared/app/' },
      to: { path: '^cloudfunctions/_shared/runtime/' },
    },
    {
      name: 'adapters-do-not-reach-runtime',
      comment: 'adapters are handed what they need (a logger, a clock) by the composition root',
      severity: 'error',
      from: { path: '^cloudfunctions/_shared/adapters/' },
      to: { path: '^cloudfunctions/_shared/runtime/' },
    },
    {
      name: 'contract-is-pure',
      comment: 'the contract is what the clients compile against: zod, typings/ and itself only',
      severity: 'error',
      from: { path: '^cloudfunctions/_shared/contract/' },
      to: { pathNot: ['^cloudfunctions/_shared/contract/', '^typings/', 'node_modules/zod/'] },
    },
    {
      name: 'miniprogram-shares-only-typings',
      comment: 'the member client shares only typings/ with the server',
      severity: 'error',
      from: { path: '^miniprogram/' },
      to: { path: '^(cloudfunctions|scripts)/' },
    },
    {
      name: 'functions-do-not-import-each-other',
      severity: 'error',
      from: { path: '^cloudfunctions/([^_/][^/]*)/' },
      to: { path: '^cloudfunctions/([^_/][^/]*)/', pathNot: '^cloudfunctions/$1/' },
    },
    {
      name: 'local-cloud-stays-out-of-bundles',
      comment: 'deployed code never imports the local cloud or its emulated database',
      severity: 'error',
      from: { path: '^cloudfunctions/', pathNot: '^cloudfunctions/_shared/adapters/local/' },
      to: { path: ['^scripts/', '^cloudfunctions/_shared/adapters/local/'] },
    },
    {
      name: 'no-circular',
      comment: 'type-only cycles (a contract and the typings derived from it) are not cycles at run time',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.js$', 'node_modules'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
  },
}
