import { describeDescriptorReadme } from '@descent/optim/testing';
import { asgdPlugin } from './asgd-plugin.js';

describeDescriptorReadme(asgdPlugin, new URL('..', import.meta.url));
