import { describeDescriptorReadme } from '@descent/optim/testing';
import { lambPlugin } from './lamb-plugin.js';

describeDescriptorReadme(lambPlugin, new URL('..', import.meta.url));
