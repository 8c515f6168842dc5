import { describeDescriptorReadme } from '@descent/optim/testing';
import { adamaxPlugin } from './adamax-plugin.js';

describeDescriptorReadme(adamaxPlugin, new URL('..', import.meta.url));
