import { describeDescriptorReadme } from '@descent/optim/testing';
import { adamPlugin } from './adam-plugin.js';

describeDescriptorReadme(adamPlugin, new URL('..', import.meta.url));
