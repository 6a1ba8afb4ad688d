// Lets cucumber load TypeScript step definitions without a build step (see shared toolchain notes:
// on Node 20 tsx must be registered this way, listed first in cucumber's `import`).
import { register } from 'tsx/esm/api';
register();
