// Property tests explore with a random seed when run by hand; in CI (CI=true) they use a fixed seed so
// that a submission's result does not depend on luck. A failure prints its seed and path: replay it
// with FC_SEED=<seed> npm test.
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
if (fromEnv !== undefined && fromEnv !== '') fc.configureGlobal({ seed: Number(fromEnv) });
else if (process.env.CI) fc.configureGlobal({ seed: 20261122 });
