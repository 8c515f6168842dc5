import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// For tests: the book's fixtures vendored in fixtures/book/ (with their MIT notice), and Debian's Fashion-MNIST.
const repository = fileURLToPath(new URL('../../..', import.meta.url));

export function bookFixture(name: string): string {
  return join(repository, 'fixtures', 'book', name);
}

const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/** Tests on the real files need Debian's dataset-fashion-mnist; .ci/run installs it. */
export function requireDebianFashionMnist(): string {
  if (!existsSync(join(DEBIAN_FASHION_MNIST, 't10k-images-idx3-ubyte.gz'))) {
    throw new Error(`Debian's dataset-fashion-mnist is not installed (${DEBIAN_FASHION_MNIST}); run: apt-get install dataset-fashion-mnist`);
  }
  return DEBIAN_FASHION_MNIST;
}
