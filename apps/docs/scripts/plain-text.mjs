// Build output for logs: tools that colour their text whether or not a terminal reads it (TypeDoc, and the
// TypeScript diagnostics it quotes) leave escape codes such as `\x1b[93m` in a file; these are taken out.

/** Text without ANSI escape sequences (colours, cursor moves). */
export function withoutAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
