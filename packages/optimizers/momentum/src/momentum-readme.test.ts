import { describeDescriptorReadme } from '@descent/optim/testing';
import { momentumPlugin } from './momentum-plugin.js';

describeDescriptorReadme(momentumPlugin, new URL('..', import.meta.url));
