/**
 * The guide's pages in reading order, with their titles in both languages. The sidebar lists those whose file
 * exists, so a page written later (recipes, benchmark, many machines) joins it when it lands.
 */
export const guidePages: readonly { id: string; en: string; zh: string }[] = [
  { id: '1d-descent', en: '1D descent and the step size', zh: '一维梯度下降与步长' },
  { id: '2d-descent', en: '2D descent and the shape of f', zh: '二维梯度下降与 f 的形状' },
  { id: 'several-minima', en: 'Several minima', zh: '多个极小值' },
  { id: 'minibatches', en: 'Minibatches and SGD', zh: '小批量与随机梯度下降' },
  { id: 'momentum', en: 'Momentum and Nesterov', zh: '动量与 Nesterov 动量' },
  { id: 'adaptive', en: 'RMSprop, Adagrad, Adadelta, Adam', zh: '自适应方法：RMSprop、Adagrad、Adadelta、Adam' },
  { id: 'schedules', en: 'Learning-rate schedules', zh: '学习率调度' },
  { id: 'training', en: 'Training a network', zh: '训练一个网络' },
  { id: 'comparing', en: 'Comparing optimizers honestly', zh: '诚实地比较优化器' },
  { id: 'recipes', en: 'Recipes: gradient transformations', zh: '配方：梯度变换' },
  { id: 'benchmark', en: 'Benchmark', zh: '基准测试' },
  { id: 'many-machines', en: 'Training on many machines', zh: '多台机器上的训练' },
];
