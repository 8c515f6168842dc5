import { describeDescriptorReadme } from '@descent/optim/testing';
import { adamwPlugin } from './adamw-plugin.js';

describeDescriptorReadme(adamwPlugin, new URL('..', import.meta.url));
