import { describeDescriptorReadme } from '@descent/optim/testing';
import { nesterovPlugin } from './nesterov-plugin.js';

describeDescriptorReadme(nesterovPlugin, new URL('..', import.meta.url));
