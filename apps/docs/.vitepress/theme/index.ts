import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import BenchmarkResults from './components/BenchmarkResults.vue';
import Descent1D from './components/Descent1D.vue';
import Descent2D from './components/Descent2D.vue';
import EqualBudgetRace from './components/EqualBudgetRace.vue';
import MomentumNesterov from './components/MomentumNesterov.vue';
import MomentumQuadratic from './components/MomentumQuadratic.vue';
import OptimizerRace from './components/OptimizerRace.vue';
import SchedulePlot from './components/SchedulePlot.vue';
import StateGlyphs from './components/StateGlyphs.vue';
import StatsPlayground from './components/StatsPlayground.vue';
import TrainInBrowser from './components/TrainInBrowser.vue';
import TransformRecipe from './components/TransformRecipe.vue';
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
    app.component('EqualBudgetRace', EqualBudgetRace);
    app.component('BenchmarkResults', BenchmarkResults);
    app.component('TransformRecipe', TransformRecipe);
  },
} satisfies Theme;
