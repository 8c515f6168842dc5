import { describeDescriptorReadme } from '@descent/optim/testing';
import { rmspropPlugin } from './rmsprop-plugin.js';

describeDescriptorReadme(rmspropPlugin, new URL('..', import.meta.url));
