// A real PostgreSQL for tests, without a server install or the network: PGlite with pgvector over
// the wire protocol (src/eval/pgliteServer.ts), one per test file (beforeAll/afterAll): startup
// takes 3–6 s. A pool through it wants `max: 1` unless the test needs more connections.
export { startPgliteServer as startTestPostgres, type PgliteServer as TestPostgres } from '../../src/eval/pgliteServer.ts';
