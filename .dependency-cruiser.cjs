// The stage order of src/ (README, "How it works"), checked by `npm test` (npm run lint:deps).
// Each stage imports only the stages below it:
//   base (config, errors, util) ← text, corpus, chunk ← embed ← index ← search ← answer, feedback
//   ← app ← discord, terminal, eval, bench ← scripts
// and the transports (discord, terminal) talk to app/ and answer/ only, besides the base.
const stages = ['config|errors\\.ts|util|types', 'text|corpus|chunk', 'embed', 'index', 'search', 'answer|feedback', 'app', 'discord|terminal|eval|bench'];
const folder = (names) => `^src/(${names})(/|$)`;

const upward = stages.slice(0, -1).map((names, level) => ({
  name: `stage-order-${names.split('|')[0].replace(/\W/g, '')}`,
  comment: `src/{${names}} may import only the stages below it`,
  severity: 'error',
  from: { path: folder(names) },
  to: { path: `${folder(stages.slice(level + 1).join('|'))}|^scripts/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'transports-use-app',
      comment: 'discord/ and terminal/ talk to the use cases in app/ and read answer/ types; they never open the index, the corpus or a log',
      severity: 'error',
      from: { path: '^src/(discord|terminal)/' },
      to: { path: '^src/', pathNot: ['^src/(app|answer)/', '^src/(errors\\.ts|util/)', '^src/$1/'] },
    },
    {
      name: 'transports-apart',
      comment: 'the Discord bot and the terminal are separate adapters',
      severity: 'error',
      from: { path: '^src/discord/' },
      to: { path: '^src/terminal/' },
    },
    {
      name: 'terminal-apart',
      severity: 'error',
      from: { path: '^src/terminal/' },
      to: { path: '^src/discord/' },
    },
    {
      name: 'measure-not-transports',
      comment: 'eval/ and bench/ measure the product through app/ and index/, not through a transport',
      severity: 'error',
      from: { path: '^src/(eval|bench)/' },
      to: { path: '^src/discord/' },
    },
    {
      name: 'only-app-wires',
      comment: 'only app/ builds the model holder, the feedback log and the question queue; everything else receives them',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|embed)/' },
      to: { path: '^src/(embed/modelHolder|feedback/feedbackLog)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-tests-from-source',
      comment: 'src/ and scripts/ never import test/',
      severity: 'error',
      from: { path: '^(src|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
