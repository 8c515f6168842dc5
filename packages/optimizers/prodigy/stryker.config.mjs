import { strykerConfig } from '../../../tooling/stryker.base.mjs';

export default strykerConfig({ breakAt: 85 });
