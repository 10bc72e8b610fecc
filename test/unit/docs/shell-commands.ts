/**
 * Finds the `aexy ...` invocations in shell scripts (CI `run:` and `script:` blocks, `sh` code blocks of
 * the docs), so a test can check each one against the real command definitions. A small tokenizer, not
 * a shell: it knows quotes, command substitution, operators and redirections, which is what the recipes
 * use; `aexy` counts only in command position, never inside a quoted string such as an echo message.
 */

/** A word (quotes removed) or a shell operator. */
type Token = { word: string } | { op: string };

/** Words that may precede a command without being it. */
const PREFIX_KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  '{',
  'time',
  'exec',
]);

/** The argument lists (after `aexy`) of every aexy invocation in `script`. */
export function aexyInvocations(script: string): string[][] {
  return simpleCommands(tokenize(script))
    .map(commandWords)
    .filter((words): words is string[] => words !== undefined);
}

/** The arguments after `aexy` when the simple command runs aexy (directly or through npx). */
function commandWords(words: string[]): string[] | undefined {
  let i = 0;
  while (i < words.length && (PREFIX_KEYWORDS.has(words[i]) || /^[A-Za-z_]\w*=/.test(words[i]))) i++;
  if (words[i] === 'npx') {
    i++;
    while (i < words.length && words[i].startsWith('-')) i++;
  }
  const command = words[i];
  if (command !== 'aexy' && !command?.endsWith('/aexy')) return undefined;
  return words.slice(i + 1);
}

/** Splits tokens into simple commands at operators, dropping redirections and their targets. */
function simpleCommands(tokens: Token[]): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  let skipNext = false;
  for (const token of tokens) {
    if ('word' in token) {
      if (!skipNext) current.push(token.word);
      skipNext = false;
    } else if (token.op === 'redirect') {
      skipNext = true;
    } else {
      if (current.length) commands.push(current);
      current = [];
    }
  }
  if (current.length) commands.push(current);
  return commands;
}

function tokenize(script: string): Token[] {
  const text = script.replace(/\\\r?\n/g, ' ');
  const tokens: Token[] = [];
  let word: string | undefined;
  const flush = () => {
    if (word !== undefined) tokens.push({ word });
    word = undefined;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && word === undefined) {
      i = endOfLine(text, i);
    } else if (c === "'" || c === '"') {
      const end = c === "'" ? closingSingleQuote(text, i) : closingDoubleQuote(text, i);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '\\') {
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else if ((c === '$' || c === '<') && text[i + 1] === '(') {
      flush();
      tokens.push({ op: '$(' });
      i += 2;
    } else if (c === '>' || c === '<') {
      if (word !== undefined && /^\d+$/.test(word)) word = undefined; // `2>`: the fd is no argument
      flush();
      tokens.push({ op: 'redirect' });
      i += text[i + 1] === '>' || text[i + 1] === '&' ? 2 : 1;
    } else if ('\n;|&()'.includes(c)) {
      flush();
      tokens.push({ op: c });
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return tokens;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function closingSingleQuote(text: string, open: number): number {
  const end = text.indexOf("'", open + 1);
  if (end === -1) throw new Error(`unterminated single quote at offset ${open}`);
  return end;
}

/** Index of the `"` closing the string opened at `open`, skipping `$( ... )` with quotes inside. */
function closingDoubleQuote(text: string, open: number): number {
  let depth = 0;
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '$' && text[j + 1] === '(') {
      depth++;
      j++;
    } else if (c === ')' && depth > 0) depth--;
    else if (c === '"' && depth === 0) return j;
    else if (c === '"') j = closingDoubleQuote(text, j);
    else if (c === "'" && depth > 0) j = closingSingleQuote(text, j);
  }
  throw new Error(`unterminated double quote at offset ${open}`);
}
