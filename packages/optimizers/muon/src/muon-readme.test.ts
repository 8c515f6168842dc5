import { describeDescriptorReadme } from '@descent/optim/testing';
import { muonPlugin } from './muon-plugin.js';

describeDescriptorReadme(muonPlugin, new URL('..', import.meta.url));
