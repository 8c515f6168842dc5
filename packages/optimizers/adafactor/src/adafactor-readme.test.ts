import { describeDescriptorReadme } from '@descent/optim/testing';
import { adafactorPlugin } from './adafactor-plugin.js';

describeDescriptorReadme(adafactorPlugin, new URL('..', import.meta.url));
