import { describeDescriptorReadme } from '@descent/optim/testing';
import { lbfgsPlugin } from './lbfgs-plugin.js';

describeDescriptorReadme(lbfgsPlugin, new URL('..', import.meta.url));
