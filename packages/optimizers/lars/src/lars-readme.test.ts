import { describeDescriptorReadme } from '@descent/optim/testing';
import { larsPlugin } from './lars-plugin.js';

describeDescriptorReadme(larsPlugin, new URL('..', import.meta.url));
