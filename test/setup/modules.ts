// Tests run netlint from its sources, where the compiled validators exist only as TypeScript,
// which Node's `require` (src/engine/lazy.ts) cannot load: hand them over as the Action does.
import { provideModules } from '../../src/engine/lazy.js';
import * as validators from '../../src/engine/model/schema-validators.generated.js';

provideModules({ validators });
