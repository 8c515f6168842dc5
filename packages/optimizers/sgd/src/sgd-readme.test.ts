import { describeDescriptorReadme } from '@descent/optim/testing';
import { sgdPlugin } from './sgd-plugin.js';

describeDescriptorReadme(sgdPlugin, new URL('..', import.meta.url));
