import { describeDescriptorReadme } from '@descent/optim/testing';
import { adadeltaPlugin } from './adadelta-plugin.js';

describeDescriptorReadme(adadeltaPlugin, new URL('..', import.meta.url));
