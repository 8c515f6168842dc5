export { contourFigure, contourFigureDataAt, contourLevels, logContourLevels, type ContourFigureOptions } from './contour-figure.js';
export { curveFigure, type CurveFigureOptions } from './curve-figure.js';
export { histogramFigure, type HistogramFigureOptions, type HistogramSeries } from './histogram-figure.js';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.js';
export { MARKER_NAMES, markerPath, type MarkerName } from './markers.js';
export { PALETTE, type PlotPath } from './paths.js';
export { errorBarFigure, type ErrorBarFigureOptions, type ErrorBarPanel } from './error-bar-figure.js';
