import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import Descent1D from './components/Descent1D.vue';
import Descent2D from './components/Descent2D.vue';
import MomentumNesterov from './components/MomentumNesterov.vue';
import MomentumQuadratic from './components/MomentumQuadratic.vue';
import OptimizerRace from './components/OptimizerRace.vue';
import SchedulePlot from './components/SchedulePlot.vue';
import StateGlyphs from './components/StateGlyphs.vue';
import StatsPlayground from './components/StatsPlayground.vue';
import TrainInBrowser from './components/TrainInBrowser.vue';
import './demos.css';

// The chapter's figures as components that markdown pages use by name: <Descent1D />, <Descent2D />, …
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('Descent1D', Descent1D);
    app.component('Descent2D', Descent2D);
    app.component('MomentumNesterov', MomentumNesterov);
    app.component('MomentumQuadratic', MomentumQuadratic);
    app.component('StateGlyphs', StateGlyphs);
    app.component('OptimizerRace', OptimizerRace);
    app.component('TrainInBrowser', TrainInBrowser);
    app.component('StatsPlayground', StatsPlayground);
    app.component('SchedulePlot', SchedulePlot);
  },
} satisfies Theme;
