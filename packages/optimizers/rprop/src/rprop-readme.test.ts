import { describeDescriptorReadme } from '@descent/optim/testing';
import { rpropPlugin } from './rprop-plugin.js';

describeDescriptorReadme(rpropPlugin, new URL('..', import.meta.url));
