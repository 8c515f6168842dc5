import { describeDescriptorReadme } from '@descent/optim/testing';
import { radamPlugin } from './radam-plugin.js';

describeDescriptorReadme(radamPlugin, new URL('..', import.meta.url));
