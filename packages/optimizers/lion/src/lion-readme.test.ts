import { describeDescriptorReadme } from '@descent/optim/testing';
import { lionPlugin } from './lion-plugin.js';

describeDescriptorReadme(lionPlugin, new URL('..', import.meta.url));
