// A small busybox `sh` for simulated containers, run in virtual time. Teaching images start shell
// scripts (`while true; do echo 'SSD OK'; sleep 5; done`), and exec probes run commands such as
// `cat /tmp/healthy`; this interpreter runs them with busybox's behaviour and messages against an
// in-memory file system, without real time, processes or files.
//
// A script is compiled to an AST once, at start. It then runs as a generator that yields the
// length of each `sleep`; the process driver resumes it when virtual time reaches the wake-up, so
// advancing over days costs one resume per sleep. (A script that can never sleep, such as
// `echo done`, runs the same steps without generators: see neverYields.) Only what teaching
// examples use is supported: syntax beyond that (pipes, background jobs, functions, `case`,
// subshells, globs, here-documents) and busybox commands that are not implemented raise a
// UserError naming the construct and the script when the process starts, instead of being
// silently ignored. Commands that busybox does not have fail as in busybox (`sh: foo: not found`,
// status 127).
import { UserError } from '../errors.ts';
import { Memo } from '../util/memo.ts';

/** The container's file system: absolute path → contents. A key ending in `/` marks a directory
 * (the kubelet adds one per volume mount); the busybox image's own directories always exist. */
export interface ContainerFs {
  files: Map<string, string>;
}

export interface OutputLine {
  atMs: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export type ProcessState =
  | { state: 'running'; nextWakeMs: number | undefined }
  | { state: 'exited'; exitCode: number; atMs: number };

export interface ShellProcess {
  /** Runs the program up to virtual time untilMs (never beyond), appending output and changing the
   * file system. Returns how it stands then: running (with the end of its current sleep, undefined
   * for `sleep infinity`), or exited with a code at a time. */
  advance(untilMs: number): ProcessState;
  /** Output lines produced since the last call (the kubelet keeps the logs). */
  takeOutput(): OutputLine[];
  /** SIGKILL at atMs: runs the program up to atMs, then ends it with exit code 137. There is no
   * SIGTERM: every program here runs as PID 1 without a handler, and the kernel gives PID 1 no
   * default action, so SIGTERM is ignored and the kubelet kills it when the grace period ends. */
  kill(atMs: number): void;
}

export interface ExecResult {
  exitCode: number;
  /** stdout then stderr, as the kubelet's RunInContainer joins them for a probe
   * (k8s.io/kubernetes/pkg/kubelet/kuberuntime/kuberuntime_container.go). */
  output: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Lines a process keeps between two takeOutput() calls; the newest win. This only bounds memory:
 * the kubelet's log rotation bounds the logs themselves. */
const MAX_KEPT_LINES = 10_000;
/** Commands a script may run at one virtual instant before it is taken for a busy loop, which a
 * virtual clock cannot run. */
const MAX_COMMANDS_WITHOUT_SLEEP = 100_000;
/** 128 + SIGKILL (9). */
const SIGKILL_EXIT_CODE = 137;
/** Directories of the busybox image (docker.io/library/busybox: `ls -R /` without /bin's applets). */
const IMAGE_DIRECTORIES = new Set(['/', '/bin', '/dev', '/etc', '/home', '/lib', '/lib64', '/proc', '/root', '/sys', '/tmp', '/usr', '/usr/sbin', '/var', '/var/spool', '/var/spool/mail', '/var/www']);
/** Where the busybox image installs its applets. */
const APPLET_DIRECTORY = '/bin/';
/** No positional parameters (shared: a shell only reads or copies its list). */
const NO_PARAMS: string[] = Object.freeze([]) as unknown as string[];
/** Names under which the busybox binary runs ash. */
const SHELL_NAMES = new Set(['sh', 'ash']);
/** Reserved words (tokname_array in busybox shell/ash.c). */
const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);
/** Reserved words that end a compound list. */
const LIST_ENDS = new Set(['do', 'done', 'elif', 'else', 'esac', 'fi', 'then', '}']);
/** ash's special builtins: assignments before them persist, and their errors end the shell. */
const SPECIAL_BUILTINS = new Set([':', 'break', 'continue', 'exec', 'exit', 'export', 'set', 'unset']);
/** ash builtins and busybox applets that exist in the image but are not simulated: a script that
 * uses one fails the scenario instead of printing a wrong `not found`. */
const UNSUPPORTED_COMMANDS = new Set([
  // shell/ash.c builtintab
  '.', 'alias', 'bg', 'command', 'eval', 'fg', 'getopts', 'hash', 'jobs', 'kill', 'let', 'local', 'printf', 'read', 'readonly',
  'return', 'shift', 'source', 'times', 'trap', 'type', 'ulimit', 'umask', 'unalias', 'wait',
  // applets of the busybox image
  'awk', 'base64', 'basename', 'bc', 'cal', 'chgrp', 'chmod', 'chown', 'chroot', 'cksum', 'clear', 'cmp', 'comm', 'cp', 'cut', 'dd',
  'df', 'diff', 'dirname', 'dmesg', 'dnsdomainname', 'du', 'egrep', 'env', 'expand', 'expr', 'fgrep', 'find', 'flock', 'fold', 'free',
  'grep', 'gunzip', 'gzip', 'head', 'hexdump', 'id', 'ifconfig', 'install', 'ip', 'killall', 'less', 'ln', 'logger', 'md5sum',
  'mkfifo', 'mknod', 'mktemp', 'more', 'mount', 'mv', 'nc', 'netstat', 'nice', 'nl', 'nohup', 'nproc', 'nslookup', 'od', 'paste',
  'patch', 'pidof', 'ping', 'pkill', 'printenv', 'ps', 'readlink', 'realpath', 'rev', 'rmdir', 'route', 'sed', 'seq', 'setsid',
  'sha1sum', 'sha256sum', 'sha512sum', 'shuf', 'sort', 'split', 'stat', 'strings', 'stty', 'su', 'sync', 'sysctl', 'tac', 'tail',
  'tar', 'tee', 'telnet', 'tftp', 'time', 'timeout', 'top', 'tr', 'traceroute', 'truncate', 'tty', 'umount', 'uname', 'uniq',
  'unlink', 'unzip', 'uptime', 'usleep', 'uudecode', 'uuencode', 'vi', 'watch', 'wc', 'wget', 'which', 'whoami', 'xargs', 'xxd',
  'yes', 'zcat',
]);

// ---------------------------------------------------------------------------------------------
// Syntax tree

type Part =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'parameter'; name: string; quoted: boolean; length: boolean; op: ParameterOp | undefined; arg: Word | undefined }
  | { kind: 'substitution'; body: Node | undefined; quoted: boolean }
  | { kind: 'arithmetic'; expr: Arith; quoted: boolean };
type ParameterOp = '-' | ':-' | '=' | ':=' | '+' | ':+';

interface Word {
  parts: Part[];
  /** The text when the word has no expansions (quoted or not): expanding it is free. */
  literal: string | undefined;
}

interface Redirect {
  fd: 1 | 2;
  op: '>' | '>>' | '>&';
  target: Word;
}

interface SimpleCommand {
  kind: 'simple';
  line: number;
  assignments: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

type Node =
  | SimpleCommand
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; body: Node }
  | { kind: 'list'; items: Node[] }
  | { kind: 'if'; condition: Node; then: Node; else: Node | undefined }
  | { kind: 'loop'; until: boolean; condition: Node; body: Node }
  | { kind: 'for'; name: string; items: Word[] | undefined; body: Node }
  | { kind: 'redirected'; body: Node; redirects: Redirect[] };

type Arith =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: string }
  | { kind: 'unary'; op: string; operand: Arith }
  | { kind: 'binary'; op: string; left: Arith; right: Arith }
  | { kind: 'assign'; name: string; op: string; value: Arith };

/** A parsed script. ash parses and runs one top-level line at a time, so the lines before a
 * syntax error run before the error is reported. */
interface Script {
  lines: Node[];
  syntaxError: { message: string; line: number } | undefined;
  /** Whether it can never sleep (see neverYields): worked out on first run. */
  sync?: boolean;
  /** Whether it only prints and sets its status (see printsOnly): worked out on first start. */
  printsOnly?: boolean;
  /** What it does, without and with `-e`, when it only prints (see replayOf): worked out on first start. */
  replay?: Replay | false;
  replayErrexit?: Replay | false;
}

// ---------------------------------------------------------------------------------------------
// Parser (after parse_command, list, andor and readtoken1 in busybox shell/ash.c)

class ShellSyntaxError {
  constructor(
    readonly message: string,
    readonly line: number,
  ) {}
}

type Token =
  | { kind: 'word'; word: Word; keyword: string | undefined; line: number }
  | { kind: 'op'; op: string; line: number }
  | { kind: 'redirect'; fd: 1 | 2; op: '>' | '>>' | '>&'; line: number }
  | { kind: 'newline'; line: number }
  | { kind: 'eof'; line: number };

class Parser {
  private pos = 0;
  private line = 1;
  private peeked: Token | undefined;

  constructor(
    private readonly src: string,
    /** The whole script, quoted in UserErrors. */
    private readonly script: string,
  ) {}

  parseScript(): Script {
    const lines: Node[] = [];
    try {
      for (;;) {
        this.skipNewlines();
        if (this.peek().kind === 'eof') return { lines, syntaxError: undefined };
        lines.push(this.topLevelLine());
      }
    } catch (e) {
      if (e instanceof ShellSyntaxError) return { lines, syntaxError: { message: e.message, line: e.line } };
      throw e;
    }
  }

  private unsupported(construct: string): never {
    throw new UserError(`unsupported shell syntax "${construct}" in: ${this.script}`);
  }

  private syntax(message: string, line = this.line): never {
    throw new ShellSyntaxError(message, line);
  }

  /** raise_error_unexpected_syntax: `unexpected "fi" (expecting "done")`. */
  private unexpected(token: Token, expecting?: string): never {
    const name =
      token.kind === 'eof' ? 'end of file'
      : token.kind === 'newline' ? 'newline'
      : token.kind === 'redirect' ? 'redirection'
      : token.kind === 'word' ? (token.keyword !== undefined ? `"${token.keyword}"` : 'word')
      : `"${token.op}"`;
    this.syntax(`unexpected ${name}${expecting !== undefined ? ` (expecting "${expecting}")` : ''}`, token.line);
  }

  private peek(): Token {
    return (this.peeked ??= this.lex());
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  private isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.op === op;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.keyword === keyword;
  }

  private expect(keyword: string): void {
    const token = this.next();
    if (!this.isKeyword(token, keyword)) this.unexpected(token, keyword);
  }

  /** One top-level line (ash's list(1)): and-or lists separated by `;`, up to a newline. */
  private topLevelLine(): Node {
    const items: Node[] = [];
    for (;;) {
      items.push(this.andOr());
      const token = this.next();
      if (token.kind === 'eof' || token.kind === 'newline') break;
      if (this.isOp(token, '&')) this.unsupported('&');
      if (!this.isOp(token, ';')) this.unexpected(token);
      const after = this.peek();
      if (after.kind === 'eof') break;
      if (after.kind === 'newline') {
        this.next();
        break;
      }
    }
    return items.length === 1 ? items[0] : { kind: 'list', items };
  }

  /** A compound list (ash's list(0)): commands up to a reserved word that ends it. */
  private list(): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === 'eof') break;
      if (items.length > 0 && ((token.kind === 'word' && token.keyword !== undefined && LIST_ENDS.has(token.keyword)) || this.isOp(token, ')'))) break;
      items.push(this.andOr());
      const separator = this.peek();
      if (this.isOp(separator, '&')) this.unsupported('&');
      if (separator.kind !== 'newline' && !this.isOp(separator, ';')) break;
      this.next();
    }
    return items.length === 1 ? items[0] : { kind: 'list', items };
  }

  private andOr(): Node {
    let node = this.pipeline();
    for (;;) {
      const token = this.peek();
      if (!this.isOp(token, '&&') && !this.isOp(token, '||')) return node;
      this.next();
      this.skipNewlines();
      node = { kind: this.isOp(token, '&&') ? 'and' : 'or', left: node, right: this.pipeline() };
    }
  }

  private pipeline(): Node {
    const negate = this.isKeyword(this.peek(), '!');
    if (negate) this.next();
    const command = this.command();
    if (this.isOp(this.peek(), '|')) this.unsupported('|');
    return negate ? { kind: 'not', body: command } : command;
  }

  private command(): Node {
    const token = this.peek();
    if (token.kind === 'word' && token.keyword !== undefined) {
      switch (token.keyword) {
        case 'if':
          this.next();
          return this.withRedirects(this.ifRest());
        case 'while':
        case 'until': {
          this.next();
          const condition = this.list();
          this.expect('do');
          const body = this.list();
          this.expect('done');
          return this.withRedirects({ kind: 'loop', until: token.keyword === 'until', condition, body });
        }
        case 'for':
          return this.withRedirects(this.forCommand());
        case '{': {
          this.next();
          const body = this.list();
          this.expect('}');
          return this.withRedirects(body);
        }
        case 'case':
          this.unsupported('case');
      }
      this.unexpected(this.next());
    }
    if (token.kind === 'word' || token.kind === 'redirect') return this.simpleCommand();
    if (this.isOp(token, '(')) this.unsupported('(');
    this.unexpected(this.next());
  }

  private ifRest(): Node {
    const condition = this.list();
    this.expect('then');
    const then = this.list();
    const token = this.next();
    if (this.isKeyword(token, 'elif')) return { kind: 'if', condition, then, else: this.ifRest() };
    if (this.isKeyword(token, 'fi')) return { kind: 'if', condition, then, else: undefined };
    if (!this.isKeyword(token, 'else')) this.unexpected(token, 'fi');
    const otherwise = this.list();
    this.expect('fi');
    return { kind: 'if', condition, then, else: otherwise };
  }

  private forCommand(): Node {
    this.next();
    const variable = this.next();
    const name = variable.kind === 'word' ? plainText(variable.word) : undefined;
    if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.syntax('bad for loop variable');
    this.skipNewlines();
    let items: Word[] | undefined;
    if (this.isKeyword(this.peek(), 'in')) {
      this.next();
      items = [];
      let token = this.next();
      for (; token.kind === 'word'; token = this.next()) {
        this.checkExpandable(token.word);
        items.push(token.word);
      }
      if (token.kind !== 'newline' && !this.isOp(token, ';')) this.unexpected(token);
    } else if (this.isOp(this.peek(), ';')) {
      this.next();
    }
    this.skipNewlines();
    this.expect('do');
    const body = this.list();
    this.expect('done');
    return { kind: 'for', name, items, body };
  }

  private withRedirects(body: Node): Node {
    const redirects: Redirect[] = [];
    while (this.peek().kind === 'redirect') redirects.push(this.redirect());
    return redirects.length > 0 ? { kind: 'redirected', body, redirects } : body;
  }

  private redirect(): Redirect {
    const token = this.next();
    if (token.kind !== 'redirect') this.unexpected(token);
    const target = this.next();
    if (target.kind !== 'word') this.unexpected(target);
    if (token.op === '>&' && target.word.literal !== '1' && target.word.literal !== '2') {
      this.unsupported(`>&${target.word.literal ?? '...'}`);
    }
    this.checkExpandable(target.word);
    return { fd: token.fd, op: token.op, target: target.word };
  }

  private simpleCommand(): SimpleCommand {
    const command: SimpleCommand = { kind: 'simple', line: this.peek().line, assignments: [], words: [], redirects: [] };
    for (;;) {
      const token = this.peek();
      if (token.kind === 'redirect') {
        command.redirects.push(this.redirect());
        continue;
      }
      if (token.kind !== 'word') break;
      this.next();
      const assignment = command.words.length === 0 ? asAssignment(token.word) : undefined;
      if (assignment !== undefined) {
        command.assignments.push(assignment);
        continue;
      }
      this.checkExpandable(token.word);
      command.words.push(token.word);
      if (command.words.length === 1) this.checkCommandName(token.word);
    }
    return command;
  }

  private checkCommandName(word: Word): void {
    const name = word.literal;
    if (name === undefined) return;
    if (this.isOp(this.peek(), '(')) this.unsupported(`${name}()`);
    if (name === 'function') this.unsupported('function');
    const command = name.startsWith(APPLET_DIRECTORY) ? name.slice(APPLET_DIRECTORY.length) : name;
    if (UNSUPPORTED_COMMANDS.has(command)) throw new UserError(`unsupported shell command "${name}" in: ${this.script}`);
  }

  /** Pathname and tilde expansion are not simulated: a word that would need them is refused. */
  private checkExpandable(word: Word): void {
    const unquoted = word.parts.map((p) => (p.kind === 'literal' && !p.quoted ? p.text : ' ')).join('');
    const glob = /[*?]|\[.*\]/.exec(unquoted);
    if (glob !== null) this.unsupported(glob[0]);
    const first = word.parts[0];
    if (first?.kind === 'literal' && !first.quoted && first.text.startsWith('~')) this.unsupported('~');
  }

  // --- lexer ---

  private lex(): Token {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const line = this.line;
    if (this.pos >= this.src.length) return { kind: 'eof', line };
    const c = this.src[this.pos];
    if (c === '\n') {
      this.pos++;
      this.line++;
      return { kind: 'newline', line };
    }
    const two = this.src.slice(this.pos, this.pos + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      this.pos += 2;
      return { kind: 'op', op: two, line };
    }
    if (';&|()'.includes(c)) {
      this.pos++;
      return { kind: 'op', op: c, line };
    }
    const redirect = /^(\d*)(>>|>&|>\||<<-?|<&|<>|>|<)/.exec(this.src.slice(this.pos, this.pos + 16));
    if (redirect !== null) {
      this.pos += redirect[0].length;
      const op = redirect[2];
      if (op.startsWith('<')) this.unsupported(op);
      const fd = redirect[1] === '' ? 1 : Number(redirect[1]);
      if (fd !== 1 && fd !== 2) this.unsupported(redirect[0]);
      return { kind: 'redirect', fd, op: op === '>|' ? '>' : (op as '>' | '>>' | '>&'), line };
    }
    const word = this.readWord(false);
    const text = plainText(word);
    return { kind: 'word', word, keyword: text !== undefined && KEYWORDS.has(text) ? text : undefined, line };
  }

  /** A word, up to an unquoted metacharacter; inside `${name-...}` it runs up to the `}`. */
  private readWord(insideBraces: boolean): Word {
    const builder = new PartsBuilder();
    for (;;) {
      if (this.pos >= this.src.length) {
        if (insideBraces) this.syntax("missing '}'");
        break;
      }
      const c = this.src[this.pos];
      if (insideBraces ? c === '}' : ' \t\n;&|()<>'.includes(c)) break;
      if (c === '\\') {
        const escaped = this.src[this.pos + 1];
        this.pos += 2;
        if (escaped === '\n') this.line++;
        else if (escaped === undefined) builder.literal('\\', false);
        else builder.literal(escaped, true);
      } else if (c === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.syntax('unterminated quoted string');
        const text = this.src.slice(this.pos + 1, end);
        this.line += countNewlines(text);
        builder.literal(text, true);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        this.readDoubleQuoted(builder);
      } else if (c === '$') {
        this.readDollar(builder, false);
      } else if (c === '`') {
        builder.part(this.readBackquote(false));
      } else {
        if (c === '\n') this.line++;
        builder.literal(c, false);
        this.pos++;
      }
    }
    return builder.word();
  }

  private readDoubleQuoted(builder: PartsBuilder): void {
    builder.literal('', true);
    for (;;) {
      if (this.pos >= this.src.length) this.syntax('unterminated quoted string');
      const c = this.src[this.pos];
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === '\\') {
        const escaped = this.src[this.pos + 1];
        if (escaped === '\n') {
          this.pos += 2;
          this.line++;
        } else if (escaped === '$' || escaped === '`' || escaped === '"' || escaped === '\\') {
          builder.literal(escaped, true);
          this.pos += 2;
        } else {
          builder.literal('\\', true);
          this.pos++;
        }
      } else if (c === '$') {
        this.readDollar(builder, true);
      } else if (c === '`') {
        builder.part(this.readBackquote(true));
      } else {
        if (c === '\n') this.line++;
        builder.literal(c, true);
        this.pos++;
      }
    }
  }

  private readDollar(builder: PartsBuilder, quoted: boolean): void {
    const next = this.src[this.pos + 1] ?? '';
    if (next === '(' && this.src[this.pos + 2] === '(') {
      builder.part(this.readArithmetic(quoted));
    } else if (next === '(') {
      this.pos += 2;
      builder.part({ kind: 'substitution', body: this.readSubstitutionBody(), quoted });
    } else if (next === '{') {
      builder.part(this.readBraced(quoted));
    } else if (/[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1))![0];
      this.pos += 1 + name.length;
      builder.part({ kind: 'parameter', name, quoted, length: false, op: undefined, arg: undefined });
    } else if (/[0-9?#@*]/.test(next) && next !== '') {
      this.pos += 2;
      builder.part({ kind: 'parameter', name: next, quoted, length: false, op: undefined, arg: undefined });
    } else if (next === '$' || next === '!' || next === '-') {
      this.unsupported(`$${next}`);
    } else {
      this.pos++;
      builder.literal('$', quoted);
    }
  }

  /** `$(...)`: ash parses the command inside with the same parser (parsebackq). */
  private readSubstitutionBody(): Node | undefined {
    this.skipNewlines();
    if (this.isOp(this.peek(), ')')) {
      this.next();
      return undefined;
    }
    const body = this.list();
    const close = this.next();
    if (!this.isOp(close, ')')) this.unexpected(close, ')');
    return body;
  }

  /** `` `...` ``: the text up to the closing backquote, unescaped, is parsed as a script. */
  private readBackquote(quoted: boolean): Part {
    this.pos++;
    let inner = '';
    for (;;) {
      if (this.pos >= this.src.length) this.syntax('EOF in backquote substitution');
      const c = this.src[this.pos];
      if (c === '`') break;
      const escaped = this.src[this.pos + 1];
      if (c === '\\' && (escaped === '\\' || escaped === '`' || escaped === '$' || (quoted && escaped === '"'))) {
        inner += escaped;
        this.pos += 2;
        continue;
      }
      if (c === '\n') this.line++;
      inner += c;
      this.pos++;
    }
    this.pos++;
    const script = new Parser(inner, this.script).parseScript();
    if (script.syntaxError !== undefined) this.syntax(script.syntaxError.message);
    const body: Node | undefined = script.lines.length <= 1 ? script.lines[0] : { kind: 'list', items: script.lines };
    return { kind: 'substitution', body, quoted };
  }

  private readBraced(quoted: boolean): Part {
    const start = this.pos;
    this.pos += 2;
    const length = this.src[this.pos] === '#' && this.src[this.pos + 1] !== '}';
    if (length) this.pos++;
    const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*])/.exec(this.src.slice(this.pos))?.[0];
    const construct = () => this.src.slice(start, this.src.indexOf('}', start) + 1 || undefined);
    if (name === undefined) this.unsupported(construct());
    this.pos += name.length;
    if (this.src[this.pos] === '}') {
      this.pos++;
      return { kind: 'parameter', name, quoted, length, op: undefined, arg: undefined };
    }
    const op = /^:?[-=+]/.exec(this.src.slice(this.pos))?.[0] as ParameterOp | undefined;
    if (length || op === undefined) this.unsupported(construct());
    this.pos += op.length;
    const arg = this.readWord(true);
    this.pos++;
    return { kind: 'parameter', name, quoted, length, op, arg };
  }

  private readArithmetic(quoted: boolean): Part {
    const start = this.pos + 3;
    let depth = 0;
    let end = start;
    for (;; end++) {
      if (end >= this.src.length) this.syntax("missing '))'");
      const c = this.src[end];
      if (c === '(') depth++;
      else if (c === ')' && depth > 0) depth--;
      else if (c === ')') {
        if (this.src[end + 1] !== ')') this.unsupported(this.src.slice(this.pos, end + 1));
        break;
      }
    }
    const text = this.src.slice(start, end);
    this.line += countNewlines(text);
    this.pos = end + 2;
    return { kind: 'arithmetic', expr: new ArithParser(text, () => this.unsupported(`$((${text}))`)).parse(), quoted };
  }
}

/** Collects a word's parts, merging adjacent literals of the same quoting. */
class PartsBuilder {
  private readonly parts: Part[] = [];

  literal(text: string, quoted: boolean): void {
    const last = this.parts[this.parts.length - 1];
    if (last?.kind === 'literal' && last.quoted === quoted) last.text += text;
    else this.parts.push({ kind: 'literal', text, quoted });
  }

  part(part: Part): void {
    this.parts.push(part);
  }

  word(): Word {
    const literal = this.parts.every((p) => p.kind === 'literal') ? this.parts.map((p) => (p as { text: string }).text).join('') : undefined;
    return { parts: this.parts, literal };
  }
}

/** The text of a word that is one unquoted literal (a keyword or a name can only be that). */
function plainText(word: Word): string | undefined {
  const [only, ...rest] = word.parts;
  return only?.kind === 'literal' && !only.quoted && rest.length === 0 ? only.text : undefined;
}

function asAssignment(word: Word): { name: string; value: Word } | undefined {
  const first = word.parts[0];
  if (first?.kind !== 'literal' || first.quoted) return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (match === null) return undefined;
  const rest = first.text.slice(match[0].length);
  const parts: Part[] = [...(rest === '' ? [] : [{ ...first, text: rest }]), ...word.parts.slice(1)];
  const literal = word.literal?.slice(match[0].length);
  return { name: match[1], value: { parts, literal } };
}

function countNewlines(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n++;
  return n;
}

// --- arithmetic (busybox shell/math.c, the integer subset) ---

/** C precedence of the binary operators supported in `$((...))`. */
const ARITH_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const ARITH_ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=']);

class ArithParser {
  private readonly tokens: string[];
  private index = 0;

  constructor(
    text: string,
    private readonly unsupported: () => never,
  ) {
    const tokens = text.match(/\s+|0[xX][0-9a-fA-F]+|\d+|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$[0-9#?]|[A-Za-z_][A-Za-z0-9_]*|<<=|>>=|\+\+|--|[-+*/%<>=!&|^]=|&&|\|\||<<|>>|[-+*/%<>=!~&|^()?:]|./g) ?? [];
    this.tokens = tokens.filter((t) => !/^\s+$/.test(t));
  }

  parse(): Arith {
    const expr = this.assignment();
    if (this.index < this.tokens.length) this.unsupported();
    return expr;
  }

  private peek(): string | undefined {
    return this.tokens[this.index];
  }

  private assignment(): Arith {
    const name = this.peek();
    const op = this.tokens[this.index + 1];
    if (name !== undefined && /^[A-Za-z_]/.test(name) && op !== undefined && ARITH_ASSIGNMENTS.has(op)) {
      this.index += 2;
      return { kind: 'assign', name, op, value: this.assignment() };
    }
    return this.binary(1);
  }

  private binary(minPrecedence: number): Arith {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const precedence = op === undefined ? undefined : ARITH_PRECEDENCE[op];
      if (op === undefined || precedence === undefined || precedence < minPrecedence) return left;
      this.index++;
      left = { kind: 'binary', op, left, right: this.binary(precedence + 1) };
    }
  }

  private unary(): Arith {
    const token = this.tokens[this.index++];
    if (token === undefined) this.unsupported();
    if (token === '-' || token === '+' || token === '!' || token === '~') return { kind: 'unary', op: token, operand: this.unary() };
    if (token === '(') {
      const inner = this.assignment();
      if (this.tokens[this.index++] !== ')') this.unsupported();
      return inner;
    }
    if (/^\d/.test(token)) {
      const value = parseShellInteger(token);
      if (value === undefined) this.unsupported();
      return { kind: 'number', value };
    }
    const name = /^\$?\{?([A-Za-z_][A-Za-z0-9_]*|[0-9#?])\}?$/.exec(token)?.[1];
    if (name === undefined) this.unsupported();
    return { kind: 'variable', name };
  }
}

/** strtoll(s, 0): decimal, 0x hexadecimal or 0 octal, as ash reads numbers in arithmetic. */
function parseShellInteger(text: string): number | undefined {
  const s = text.trim();
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (match === null) return undefined;
  const digits = match[2];
  const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.startsWith('0') ? parseInt(digits, 8) || 0 : parseInt(digits, 10);
  return match[1] === '-' ? -value : value;
}

// ---------------------------------------------------------------------------------------------
// Runtime

/** A generator that yields sleep lengths in milliseconds and returns an exit status. */
type Run<T = number> = Generator<number, T, undefined>;

class ExitSignal {
  constructor(readonly status: number) {}
}

class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

interface Sink {
  write(text: string): void;
}

const DISCARD: Sink = { write() {} };

class Capture implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

class FileSink implements Sink {
  constructor(
    private readonly fs: ContainerFs,
    private readonly path: string,
  ) {}
  write(text: string): void {
    this.fs.files.set(this.path, (this.fs.files.get(this.path) ?? '') + text);
  }
}

/** What the shells of one process (the script, its `$(...)` subshells, scripts it runs) share. */
/**
 * A process's stdout or stderr, written into its context's lines. (A class rather than an object
 * with an arrow: tsx's keepNames makes every named closure cost a defineProperty per process.)
 */
class StreamSink implements Sink {
  constructor(
    private readonly context: ProcessContext,
    private readonly stream: 'stdout' | 'stderr',
  ) {}

  write(text: string): void {
    this.context.emit(this.stream, text);
  }
}

class ProcessContext {
  now: number;
  commandsSinceSleep = 0;
  private lines: OutputLine[] = [];
  private readonly partial = { stdout: '', stderr: '' };

  constructor(
    now: number,
    /** The program as started, quoted in UserErrors raised while it runs. */
    readonly description: string,
    /** The pod's hostname, which `hostname` prints. */
    readonly hostname: string | undefined,
  ) {
    this.now = now;
  }

  stream(stream: 'stdout' | 'stderr'): Sink {
    return new StreamSink(this, stream);
  }

  emit(stream: 'stdout' | 'stderr', text: string): void {
    let buffer = this.partial[stream] + text;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      this.push({ atMs: this.now, stream, text: buffer.slice(0, newline) });
      buffer = buffer.slice(newline + 1);
    }
    this.partial[stream] = buffer;
  }

  private push(line: OutputLine): void {
    // A first line makes a list of one (a push onto an empty list allocates room for sixteen).
    if (this.lines.length === 0) {
      this.lines = [line];
      return;
    }
    this.lines.push(line);
    if (this.lines.length > 2 * MAX_KEPT_LINES) this.lines.splice(0, this.lines.length - MAX_KEPT_LINES);
  }

  /** A last line without a newline is logged when the process ends. */
  flushPartial(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') this.push({ atMs: this.now, stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
  }

  takeLines(): OutputLine[] {
    // No lines: the empty list stays (push replaces it; the caller only reads what it is given).
    if (this.lines.length === 0) return this.lines;
    const lines = this.lines.length > MAX_KEPT_LINES ? this.lines.slice(-MAX_KEPT_LINES) : this.lines;
    this.lines = [];
    return lines;
  }

  unsupported(what: string): never {
    throw new UserError(`unsupported ${what} in: ${this.description}`);
  }
}

interface ShellNames {
  /** $0, and the prefix of the shell's messages (ash's arg0: `/bin/sh` when started so). */
  arg0: string;
  /** The script file, which ash names with a line number in its messages; none for `sh -c`. */
  commandname: string | undefined;
  /** busybox's applet_name (`sh`), the prefix of the messages of builtins such as `test`. */
  appletName: string;
}

class Shell {
  status = 0;
  /** The status of the last `$(...)`: that of a command made only of assignments. */
  substitutionStatus = 0;
  cwd = '/';
  errexit = false;
  loopDepth = 0;
  lineno = 0;

  constructor(
    readonly context: ProcessContext,
    readonly fs: ContainerFs,
    readonly names: ShellNames,
    readonly params: string[],
    readonly vars: Map<string, string>,
    readonly exported: Set<string>,
    public out: Sink,
    public err: Sink,
  ) {}

  /** A copy for `$(...)`, which runs in a forked child: its changes do not come back. */
  subshell(out: Sink): Shell {
    const child = new Shell(this.context, this.fs, this.names, this.params, new Map(this.vars), new Set(this.exported), out, this.err);
    child.status = this.status;
    child.cwd = this.cwd;
    child.errexit = this.errexit;
    return child;
  }

  lookup(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '#') return String(this.params.length);
    if (name === '@' || name === '*') return this.params.join(' ');
    if (name === '0') return this.names.arg0;
    if (/^[0-9]+$/.test(name)) return this.params[Number(name) - 1];
    return this.vars.get(name);
  }

  setVar(name: string, value: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.context.unsupported(`assignment to "${name}"`);
    this.vars.set(name, value);
  }

  /** ash_vmsg (shell/ash.c): `arg0: [commandname: ][line N: ]message`. A builtin is the
   * commandname while it runs (evalbltin); otherwise it is the script file, if any. */
  message(text: string, builtin?: string): string {
    const commandname = builtin ?? this.names.commandname;
    let prefix = `${this.names.arg0}: `;
    if (commandname !== undefined) {
      if (commandname !== this.names.arg0) prefix += `${commandname}: `;
      prefix += `line ${this.lineno}: `;
    }
    return `${prefix}${text}\n`;
  }

  /** An error in a special builtin or an expansion ends a non-interactive shell with status 2. */
  fatal(text: string, builtin?: string): never {
    this.err.write(this.message(text, builtin));
    throw new ExitSignal(2);
  }
}

function* execute(sh: Shell, node: Node, tested: boolean): Run {
  switch (node.kind) {
    case 'simple':
      return yield* executeSimple(sh, node, tested);
    case 'list': {
      let status = 0;
      for (const item of node.items) status = yield* execute(sh, item, tested);
      return status;
    }
    case 'and':
    case 'or': {
      let status = yield* execute(sh, node.left, true);
      if ((status === 0) === (node.kind === 'and')) status = yield* execute(sh, node.right, tested);
      return status;
    }
    case 'not': {
      const status = yield* execute(sh, node.body, true);
      sh.status = status === 0 ? 1 : 0;
      return sh.status;
    }
    case 'if': {
      if ((yield* execute(sh, node.condition, true)) === 0) return yield* execute(sh, node.then, tested);
      if (node.else !== undefined) return yield* execute(sh, node.else, tested);
      sh.status = 0;
      return 0;
    }
    case 'loop':
      return yield* loop(sh, node.body, tested, function* () {
        const status = yield* execute(sh, node.condition, true);
        return (status === 0) !== node.until;
      });
    case 'for': {
      const items = node.items === undefined ? [...sh.params] : yield* expandFields(sh, node.items);
      let index = 0;
      return yield* loop(sh, node.body, tested, function* () {
        if (index >= items.length) return false;
        sh.setVar(node.name, items[index++]);
        return true;
      });
    }
    case 'redirected': {
      const fds = yield* openRedirects(sh, node.redirects);
      if (fds === undefined) return (sh.status = 2);
      const saved = [sh.out, sh.err] as const;
      [sh.out, sh.err] = fds;
      try {
        return yield* execute(sh, node.body, tested);
      } finally {
        [sh.out, sh.err] = saved;
      }
    }
  }
}

/** A loop's status is its body's last, 0 when the body never ran (evalloop in shell/ash.c). */
function* loop(sh: Shell, body: Node, tested: boolean, proceed: () => Run<boolean>): Run {
  let status = 0;
  sh.loopDepth++;
  try {
    while (yield* proceed()) {
      try {
        status = yield* execute(sh, body, tested);
      } catch (e) {
        if (!(e instanceof LoopControl)) throw e;
        status = 0;
        if (--e.levels > 0) throw e;
        if (e.kind === 'break') break;
      }
    }
  } finally {
    sh.loopDepth--;
  }
  sh.status = status;
  return status;
}

/** What every simple command does first: its line for $LINENO, the busy-loop guard, no substitution's status yet. */
function startSimpleCommand(sh: Shell, node: SimpleCommand): void {
  sh.lineno = node.line;
  if (++sh.context.commandsSinceSleep > MAX_COMMANDS_WITHOUT_SLEEP) {
    throw new UserError(`the script ran ${MAX_COMMANDS_WITHOUT_SLEEP} commands without sleeping, a busy loop virtual time cannot run, in: ${sh.context.description}`);
  }
  sh.substitutionStatus = 0;
}

/** What every simple command does last: `$?`, and `set -e` ending the shell on a failure that is not tested. */
function finishSimpleCommand(sh: Shell, status: number, tested: boolean): number {
  sh.status = status;
  if (status !== 0 && sh.errexit && !tested) throw new ExitSignal(status);
  return status;
}

/** evalcommand (shell/ash.c): expand the words, then the redirections, then the assignments. */
function* executeSimple(sh: Shell, node: SimpleCommand, tested: boolean): Run {
  startSimpleCommand(sh, node);
  // Words without expansions (`echo done`) are their own fields: no generator to expand them.
  const argv = node.words.length === 0 ? [] : allLiteral(node.words) ? node.words.map(literalText) : yield* expandFields(sh, node.words);
  const special = argv.length > 0 && SPECIAL_BUILTINS.has(argv[0]);
  const fds = node.redirects.length === 0 ? ([sh.out, sh.err] as const) : yield* openRedirects(sh, node.redirects);
  if (fds === undefined) {
    if (special) throw new ExitSignal(2);
    return (sh.status = 2);
  }
  const assignments: [string, string][] = [];
  for (const { name, value } of node.assignments) assignments.push([name, yield* expandString(sh, value)]);
  let status: number;
  if (argv.length === 0 || (argv[0] === 'exec' && argv.length === 1)) {
    // Without a command, assignments stay and `exec`'s redirections become the shell's own.
    for (const [name, value] of assignments) sh.setVar(name, value);
    [sh.out, sh.err] = fds;
    status = sh.substitutionStatus;
  } else {
    if (special) for (const [name, value] of assignments) sh.setVar(name, value);
    const saved = [sh.out, sh.err] as const;
    [sh.out, sh.err] = fds;
    try {
      // A builtin runs at once (runCommand's first case, without a generator for it).
      const builtin = Object.hasOwn(BUILTINS, argv[0]) ? BUILTINS[argv[0]] : undefined;
      status = builtin !== undefined ? builtin(sh, argv, argv[0]) : yield* runCommand(sh, argv, special ? [] : assignments);
    } finally {
      [sh.out, sh.err] = saved;
    }
  }
  return finishSimpleCommand(sh, status, tested);
}

function allLiteral(words: Word[]): boolean {
  for (const word of words) if (word.literal === undefined) return false;
  return true;
}

function literalText(word: Word): string {
  return word.literal!;
}

function* openRedirects(sh: Shell, redirects: Redirect[]): Run<readonly [Sink, Sink] | undefined> {
  const fds: [Sink, Sink] = [sh.out, sh.err];
  for (const redirect of redirects) {
    const target = yield* expandString(sh, redirect.target);
    if (redirect.op === '>&') {
      fds[redirect.fd - 1] = fds[Number(target) - 1];
      continue;
    }
    const sink = openForWriting(sh, target, redirect.op === '>>', fds);
    if (typeof sink === 'string') {
      sh.err.write(sh.message(sink));
      return undefined;
    }
    fds[redirect.fd - 1] = sink;
  }
  return fds;
}

/** openredirect (shell/ash.c), with its `can't create` messages. */
function openForWriting(sh: Shell, target: string, append: boolean, fds: [Sink, Sink]): Sink | string {
  if (target === '/dev/null') return DISCARD;
  if (target === '/dev/stdout') return fds[0];
  if (target === '/dev/stderr') return fds[1];
  const path = resolvePath(sh.cwd, target);
  if (isDirectory(sh.fs, path)) return `can't create ${target}: Is a directory`;
  if (!isDirectory(sh.fs, parentOf(path))) return `can't create ${target}: nonexistent directory`;
  if (!append || !sh.fs.files.has(path)) sh.fs.files.set(path, '');
  return new FileSink(sh.fs, path);
}

// --- expansion ---

/** Splits unquoted expansions on IFS whitespace (the default IFS) into fields. */
class FieldBuilder {
  private current = '';
  private started = false;

  constructor(private readonly fields: string[]) {}

  quoted(text: string): void {
    this.current += text;
    this.started = true;
  }

  literal(text: string): void {
    this.current += text;
    if (text !== '') this.started = true;
  }

  split(text: string): void {
    if (text === '') return;
    const words = text.split(/[ \t\n]+/);
    for (let i = 0; i < words.length; i++) {
      if (i > 0) this.end();
      if (words[i] !== '') this.quoted(words[i]);
    }
  }

  /** Quoted "$@": one field per positional parameter. */
  each(values: string[]): void {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.end();
      this.quoted(values[i]);
    }
  }

  end(): void {
    if (this.started) this.fields.push(this.current);
    this.current = '';
    this.started = false;
  }
}

function* expandFields(sh: Shell, words: Word[]): Run<string[]> {
  const fields: string[] = [];
  for (const word of words) {
    if (word.literal !== undefined) {
      fields.push(word.literal);
      continue;
    }
    const builder = new FieldBuilder(fields);
    for (const part of word.parts) {
      if (part.kind === 'literal') {
        if (part.quoted) builder.quoted(part.text);
        else builder.literal(part.text);
      } else if (part.kind === 'parameter' && part.name === '@' && part.quoted && part.op === undefined && !part.length) {
        builder.each(sh.params);
      } else {
        const value = yield* expandPart(sh, part);
        if (part.quoted) builder.quoted(value);
        else builder.split(value);
      }
    }
    builder.end();
  }
  return fields;
}

/** Expansion without field splitting: assignments, redirection targets, `${name-word}`. */
function* expandString(sh: Shell, word: Word): Run<string> {
  if (word.literal !== undefined) return word.literal;
  let text = '';
  for (const part of word.parts) text += part.kind === 'literal' ? part.text : yield* expandPart(sh, part);
  return text;
}

function* expandPart(sh: Shell, part: Exclude<Part, { kind: 'literal' }>): Run<string> {
  switch (part.kind) {
    case 'substitution':
      return yield* substitute(sh, part.body);
    case 'arithmetic':
      return String(evaluateArith(sh, part.expr));
    case 'parameter': {
      const value = sh.lookup(part.name);
      if (part.length) return String((value ?? '').length);
      const missing = part.op?.startsWith(':') ? value === undefined || value === '' : value === undefined;
      switch (part.op) {
        case undefined:
          return value ?? '';
        case '-':
        case ':-':
          return missing ? yield* expandString(sh, part.arg!) : value!;
        case '=':
        case ':=': {
          if (!missing) return value!;
          const assigned = yield* expandString(sh, part.arg!);
          sh.setVar(part.name, assigned);
          return assigned;
        }
        case '+':
        case ':+':
          return missing ? '' : yield* expandString(sh, part.arg!);
      }
    }
  }
}

/** `$(...)`: runs in a subshell; its output, without trailing newlines, is the value. */
function* substitute(sh: Shell, body: Node | undefined): Run<string> {
  if (body === undefined) return '';
  const capture = new Capture();
  const child = sh.subshell(capture);
  try {
    sh.substitutionStatus = yield* execute(child, body, false);
  } catch (e) {
    if (e instanceof ExitSignal) sh.substitutionStatus = e.status;
    else if (!(e instanceof LoopControl)) throw e;
  }
  return capture.text.replace(/\n+$/, '');
}

function evaluateArith(sh: Shell, node: Arith): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'variable':
      return arithVariable(sh, node.name);
    case 'unary': {
      const operand = evaluateArith(sh, node.operand);
      return node.op === '-' ? -operand : node.op === '+' ? operand : node.op === '!' ? Number(operand === 0) : ~operand;
    }
    case 'binary':
      if (node.op === '&&') return Number(evaluateArith(sh, node.left) !== 0 && evaluateArith(sh, node.right) !== 0);
      if (node.op === '||') return Number(evaluateArith(sh, node.left) !== 0 || evaluateArith(sh, node.right) !== 0);
      return arithBinary(sh, node.op, evaluateArith(sh, node.left), evaluateArith(sh, node.right));
    case 'assign': {
      const right = evaluateArith(sh, node.value);
      const result = node.op === '=' ? right : arithBinary(sh, node.op.slice(0, -1), arithVariable(sh, node.name), right);
      sh.setVar(node.name, String(result));
      return result;
    }
  }
}

function arithVariable(sh: Shell, name: string): number {
  const text = sh.lookup(name) ?? '';
  if (text.trim() === '') return 0;
  return parseShellInteger(text) ?? sh.fatal('arithmetic syntax error');
}

function arithBinary(sh: Shell, op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
    case '%':
      if (b === 0) sh.fatal('divide by zero');
      return op === '/' ? Math.trunc(a / b) : a % b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '<': return Number(a < b);
    case '<=': return Number(a <= b);
    case '>': return Number(a > b);
    case '>=': return Number(a >= b);
    case '==': return Number(a === b);
    case '!=': return Number(a !== b);
    case '&': return a & b;
    case '^': return a ^ b;
    default: return a | b;
  }
}

// --- commands ---

type Command = (sh: Shell, argv: string[], name: string) => number;

/** ash's builtins (builtintab in shell/ash.c) that are simulated. */
const BUILTINS: Record<string, Command> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  echo: (sh, argv) => echo(sh, argv),
  test: (sh, argv) => test(sh, argv, sh.names.appletName),
  '[': (sh, argv) => test(sh, argv, sh.names.appletName),
  pwd,
  exit: (sh, argv) => {
    throw new ExitSignal(argv.length > 1 ? shellNumber(sh, argv[1], 'exit') % 256 : sh.status);
  },
  break: (sh, argv) => loopControl(sh, argv, 'break'),
  continue: (sh, argv) => loopControl(sh, argv, 'continue'),
  export: (sh, argv) => {
    for (const arg of argv.slice(1)) {
      const [name, ...value] = arg.split('=');
      if (arg.startsWith('-')) sh.context.unsupported(`option "${arg}" of export`);
      if (value.length > 0) sh.setVar(name, value.join('='));
      sh.exported.add(name);
    }
    return 0;
  },
  unset: (sh, argv) => {
    for (const name of argv.slice(1)) {
      if (name === '-f') sh.context.unsupported('unset -f');
      sh.vars.delete(name);
      sh.exported.delete(name);
    }
    return 0;
  },
  set: (sh, argv) => {
    const args = argv.slice(1);
    const errexit = args.length === 1 && /^[-+]e$/.test(args[0]) ? args[0] : args.length === 2 && args[1] === 'errexit' && /^[-+]o$/.test(args[0]) ? args[0] : undefined;
    if (errexit === undefined) return sh.context.unsupported(`"${argv.join(' ')}" (only set -e and set +e are simulated)`);
    sh.errexit = errexit.startsWith('-');
    return 0;
  },
  cd: (sh, argv) => {
    const target = argv[1] ?? sh.vars.get('HOME') ?? '/';
    const path = resolvePath(sh.cwd, target);
    if (!isDirectory(sh.fs, path)) {
      sh.err.write(sh.message(`can't cd to ${target}: No such file or directory`, 'cd'));
      return 2;
    }
    sh.cwd = path;
    sh.vars.set('PWD', path);
    return 0;
  },
};

/** busybox applets that are simulated, found in /bin. */
const APPLETS: Record<string, Command> = {
  echo: (sh, argv) => echo(sh, argv),
  true: () => 0,
  false: () => 1,
  test: (sh, argv, name) => test(sh, argv, name),
  '[': (sh, argv, name) => test(sh, argv, name),
  pwd,
  cat,
  touch,
  rm,
  mkdir,
  ls,
  date,
  hostname: (sh, argv) => {
    if (argv.length > 1) sh.context.unsupported(`"${argv.join(' ')}"`);
    if (sh.context.hostname === undefined) sh.context.unsupported('hostname without a HOSTNAME in the environment');
    sh.out.write(`${sh.context.hostname}\n`);
    return 0;
  },
};

function pwd(sh: Shell): number {
  sh.out.write(`${sh.cwd}\n`);
  return 0;
}

/** Resolves a command name the way ash does: builtins, then the applets in PATH (/bin), then a
 * path to an applet or a script. `sleep` and `exec` yield, so they are handled apart. */
function* runCommand(sh: Shell, argv: string[], environment: [string, string][]): Run {
  const name = argv[0];
  const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  if (builtin !== undefined) return builtin(sh, argv, name);
  if (name === 'exec') {
    const status = yield* runCommand(sh, argv.slice(1), environment);
    throw new ExitSignal(status);
  }
  const program = findProgram(sh.fs, name.includes('/') ? resolvePath(sh.cwd, name) : name, name);
  if (program === 'sleep') return yield* sleep(sh, argv);
  if (program !== undefined && program !== 'script') return APPLETS[program](sh, argv, program);
  if (program === 'script') return yield* runScriptFile(sh, argv, environment);
  if (UNSUPPORTED_COMMANDS.has(basename(name))) sh.context.unsupported(`shell command "${name}"`);
  sh.err.write(sh.message(`${name}: not found`));
  return 127;
}

/** The applet a name runs, 'script' for a script file, or undefined when there is none. */
function findProgram(fs: ContainerFs, path: string, name: string): string | undefined {
  const applet = name.includes('/') ? (path.startsWith(APPLET_DIRECTORY) ? path.slice(APPLET_DIRECTORY.length) : undefined) : name;
  if (applet !== undefined && (applet === 'sleep' || Object.hasOwn(APPLETS, applet))) return applet;
  if (name.includes('/') && fs.files.has(path) && interpreterOf(fs.files.get(path)!) !== undefined) return 'script';
  return undefined;
}

/** The shell that runs a script file: its `#!` line's, or sh for a file without one (ash runs
 * such a file itself when exec fails with ENOEXEC); undefined when the interpreter is missing. */
function interpreterOf(text: string): string | undefined {
  if (!text.startsWith('#!')) return 'sh';
  const interpreter = text.slice(2).split('\n')[0].trim().split(/\s+/)[0];
  const name = interpreter.startsWith(APPLET_DIRECTORY) ? interpreter.slice(APPLET_DIRECTORY.length) : undefined;
  return name !== undefined && SHELL_NAMES.has(name) ? name : undefined;
}

function* runScriptFile(sh: Shell, argv: string[], environment: [string, string][]): Run {
  const vars = new Map<string, string>();
  for (const name of sh.exported) vars.set(name, sh.vars.get(name) ?? '');
  for (const [name, value] of environment) vars.set(name, value);
  const text = sh.fs.files.get(resolvePath(sh.cwd, argv[0]))!;
  const names: ShellNames = { arg0: argv[0], commandname: argv[0], appletName: sh.names.appletName };
  const child = new Shell(sh.context, sh.fs, names, argv.slice(1), vars, new Set(vars.keys()), sh.out, sh.err);
  return yield* runScript(child, compile(text));
}

// A script that can never sleep (`echo done`) runs without generators: the same steps as
// execute, executeSimple and runCommand, for the constructs that cannot yield. A simple command
// qualifies when every word and assignment is literal (so its command is known before it runs),
// it has no redirections, and its command is neither sleep, exec nor a path (a script file);
// lists, `&&`, `||`, `!` and `if` of such commands qualify too. Loops never do.

function neverYields(node: Node): boolean {
  return everySimpleCommand(node, simpleNeverYields);
}

function simpleNeverYields(node: SimpleCommand): boolean {
  if (node.redirects.length > 0 || !allLiteral(node.words)) return false;
  for (const a of node.assignments) if (a.value.literal === undefined) return false;
  if (node.words.length === 0) return true;
  const name = node.words[0].literal!;
  return name !== 'sleep' && name !== 'exec' && !name.includes('/');
}

/**
 * Whether a line is made of simple commands that each pass `test`, joined only by lists, `&&`,
 * `||`, `!` and `if` (any other construct, a loop or a subshell, does not qualify).
 */
function everySimpleCommand(node: Node, test: (simple: SimpleCommand) => boolean): boolean {
  switch (node.kind) {
    case 'simple':
      return test(node);
    case 'list':
      for (let i = 0; i < node.items.length; i++) if (!everySimpleCommand(node.items[i], test)) return false;
      return true;
    case 'and':
    case 'or':
      return everySimpleCommand(node.left, test) && everySimpleCommand(node.right, test);
    case 'not':
      return everySimpleCommand(node.body, test);
    case 'if':
      return everySimpleCommand(node.condition, test) && everySimpleCommand(node.then, test) && (node.else === undefined || everySimpleCommand(node.else, test));
    default:
      return false;
  }
}

/** execute for a node that never yields. */
function executeSync(sh: Shell, node: Node, tested: boolean): number {
  switch (node.kind) {
    case 'simple':
      return executeSimpleSync(sh, node, tested);
    case 'list': {
      let status = 0;
      for (const item of node.items) status = executeSync(sh, item, tested);
      return status;
    }
    case 'and':
    case 'or': {
      let status = executeSync(sh, node.left, true);
      if ((status === 0) === (node.kind === 'and')) status = executeSync(sh, node.right, tested);
      return status;
    }
    case 'not': {
      const status = executeSync(sh, node.body, true);
      sh.status = status === 0 ? 1 : 0;
      return sh.status;
    }
    case 'if': {
      if (executeSync(sh, node.condition, true) === 0) return executeSync(sh, node.then, tested);
      if (node.else !== undefined) return executeSync(sh, node.else, tested);
      sh.status = 0;
      return 0;
    }
    default:
      throw new Error(`executeSync: a ${node.kind} node may yield`);
  }
}

/** executeSimple for a command that never yields: literal words and assignments, no redirections. */
function executeSimpleSync(sh: Shell, node: SimpleCommand, tested: boolean): number {
  startSimpleCommand(sh, node);
  const argv = node.words.map(literalText);
  // Without redirections the command writes where the shell does: no descriptors to swap.
  // Assignments stay without a command or before a special builtin, as in executeSimple;
  // runCommandSync runs no command that takes them for its own environment.
  if (argv.length === 0 || SPECIAL_BUILTINS.has(argv[0])) {
    for (const { name, value } of node.assignments) sh.setVar(name, value.literal!);
  }
  const status = argv.length === 0 ? sh.substitutionStatus : runCommandSync(sh, argv);
  return finishSimpleCommand(sh, status, tested);
}

/** runCommand for a name that is neither sleep, exec nor a path: a builtin, an applet, or not found. */
function runCommandSync(sh: Shell, argv: string[]): number {
  const name = argv[0];
  const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  if (builtin !== undefined) return builtin(sh, argv, name);
  if (Object.hasOwn(APPLETS, name)) return APPLETS[name](sh, argv, name);
  if (UNSUPPORTED_COMMANDS.has(name)) sh.context.unsupported(`shell command "${name}"`);
  sh.err.write(sh.message(`${name}: not found`));
  return 127;
}

/** After a script's last line: ash stops at a syntax error only when it reaches it. */
function scriptEnd(sh: Shell, script: Script): number {
  if (script.syntaxError !== undefined) {
    sh.lineno = script.syntaxError.line;
    sh.fatal(`syntax error: ${script.syntaxError.message}`);
  }
  return sh.status;
}

/** The status an `exit` (or a fatal error) ended the script with; anything else goes on up. */
function exitStatus(e: unknown): number {
  if (e instanceof ExitSignal) return e.status;
  throw e;
}

/** runScript for a script whose lines never yield. */
function runScriptSync(sh: Shell, script: Script): number {
  try {
    for (const line of script.lines) executeSync(sh, line, false);
    return scriptEnd(sh, script);
  } catch (e) {
    return exitStatus(e);
  }
}

function* runScript(sh: Shell, script: Script): Run {
  try {
    for (const line of script.lines) yield* execute(sh, line, false);
    return scriptEnd(sh, script);
  } catch (e) {
    return exitStatus(e);
  }
}

/** ash's number(): digits only, else `Illegal number`, which ends the shell. */
function shellNumber(sh: Shell, text: string, builtin: string): number {
  if (!/^[0-9]+$/.test(text)) sh.fatal(`Illegal number: ${text}`, builtin);
  return Number(text);
}

/** breakcmd (shell/ash.c): `break N` leaves N loops, at most as many as there are. */
function loopControl(sh: Shell, argv: string[], kind: 'break' | 'continue'): number {
  const levels = argv.length > 1 ? shellNumber(sh, argv[1], kind) : 1;
  if (levels <= 0) sh.fatal(`Illegal number: ${argv[1]}`, kind);
  if (sh.loopDepth === 0) return 0;
  throw new LoopControl(kind, Math.min(levels, sh.loopDepth));
}

/** coreutils/echo.c with FEATURE_FANCY_ECHO: `-n`, `-e`, `-E`, and `\c` ends all output. */
function echo(sh: Shell, argv: string[]): number {
  let newline = true;
  let escapes = false;
  let i = 1;
  for (; i < argv.length && /^-[neE]+$/.test(argv[i]); i++) {
    for (const flag of argv[i].slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
  }
  let text = '';
  for (let j = i; j < argv.length; j++) {
    if (j > i) text += ' ';
    if (!escapes) {
      text += argv[j];
      continue;
    }
    const { value, stop } = processEscapes(argv[j]);
    text += value;
    if (stop) {
      sh.out.write(text);
      return 0;
    }
  }
  sh.out.write(newline ? `${text}\n` : text);
  return 0;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** libbb/process_escape_sequence.c as echo uses it: `\0NNN` and `\NNN` octal, `\xHH`, the C
 * escapes; an unknown escape stays as written. */
function processEscapes(text: string): { value: string; stop: boolean } {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      value += text[i];
      continue;
    }
    let rest = text.slice(i + 1);
    if (rest.startsWith('c')) return { value, stop: true };
    if (/^0[0-7]/.test(rest)) {
      rest = rest.slice(1);
      i++;
    }
    const octal = /^[0-7]{1,3}/.exec(rest)?.[0];
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(rest);
    if (octal !== undefined) {
      value += String.fromCharCode(parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else if (hex !== null) {
      value += String.fromCharCode(parseInt(hex[1], 16));
      i += hex[0].length;
    } else if (rest !== '' && Object.hasOwn(ESCAPES, rest[0])) {
      value += ESCAPES[rest[0]];
      i++;
    } else {
      value += '\\';
    }
  }
  return { value, stop: false };
}

/** coreutils/sleep.c with FEATURE_FANCY_SLEEP and FLOAT_DURATION (libbb/duration.c): the sum of
 * its arguments, each with an optional s, m, h or d suffix; `inf...` sleeps forever. */
function* sleep(sh: Shell, argv: string[]): Run {
  if (argv.length < 2) sh.context.unsupported('"sleep" without an operand');
  let ms = 0;
  if (/^inf/i.test(argv[1])) ms = Infinity;
  else {
    for (const arg of argv.slice(1)) {
      const match = /^(\d+|\d*\.\d*)([smhd]?)$/.exec(arg);
      if (match === null || match[1] === '.') {
        sh.err.write(`sleep: invalid number '${arg}'\n`); // libbb/xatonum_template.c
        return 1;
      }
      const unitSeconds = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]]!;
      ms += Math.round(Number(match[1]) * unitSeconds * 1000);
    }
  }
  if (ms > 0) {
    sh.context.commandsSinceSleep = 0;
    yield ms;
  }
  return 0;
}

/** Options of an applet: the allowed single letters, possibly grouped (`-rf`). */
function parseOptions(sh: Shell, argv: string[], allowed: string): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.length > 1 && arg.startsWith('-') && operands.length === 0) {
      for (const flag of arg.slice(1)) {
        if (!allowed.includes(flag)) sh.context.unsupported(`option "${arg}" of ${basename(argv[0])}`);
        flags.add(flag);
      }
    } else operands.push(arg);
  }
  return { flags, operands };
}

/** coreutils/cat.c: messages from open3_or_warn (libbb/xfuncs_printf.c) and bb_copyfd_eof. */
function cat(sh: Shell, argv: string[]): number {
  const { operands } = parseOptions(sh, argv, 'u');
  let status = 0;
  for (const file of operands) {
    if (file === '-') continue; // A container's stdin is /dev/null.
    const path = resolvePath(sh.cwd, file);
    const content = path === '/dev/null' ? '' : sh.fs.files.get(path);
    if (content !== undefined) sh.out.write(content);
    else if (isDirectory(sh.fs, path)) {
      sh.err.write('cat: read error: Is a directory\n');
      status = 1;
    } else {
      sh.err.write(`cat: can't open '${file}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
}

/** coreutils/touch.c: creates missing files; `bb_simple_perror_msg(file)` when it cannot. */
function touch(sh: Shell, argv: string[]): number {
  const { flags, operands } = parseOptions(sh, argv, 'c');
  if (operands.length === 0) sh.context.unsupported('"touch" without an operand');
  let status = 0;
  for (const file of operands) {
    const path = resolvePath(sh.cwd, file);
    if (sh.fs.files.has(path) || isDirectory(sh.fs, path) || flags.has('c')) continue;
    if (isDirectory(sh.fs, parentOf(path))) sh.fs.files.set(path, '');
    else {
      sh.err.write(`touch: ${file}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
}

/** coreutils/rm.c and libbb/remove_file.c, with their messages. */
function rm(sh: Shell, argv: string[]): number {
  const { flags, operands } = parseOptions(sh, argv, 'fRr');
  const force = flags.has('f');
  if (operands.length === 0 && !force) sh.context.unsupported('"rm" without an operand');
  let status = 0;
  for (const file of operands) {
    const path = resolvePath(sh.cwd, file);
    if (sh.fs.files.delete(path)) continue;
    if (isDirectory(sh.fs, path)) {
      if (!flags.has('r') && !flags.has('R')) {
        sh.err.write(`rm: '${file}' is a directory\n`);
        status = 1;
        continue;
      }
      for (const key of [...sh.fs.files.keys()]) if (key.startsWith(`${path}/`)) sh.fs.files.delete(key);
    } else if (!force) {
      sh.err.write(`rm: can't remove '${file}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
}

/** coreutils/mkdir.c: `can't create directory` from libbb/make_directory.c. */
function mkdir(sh: Shell, argv: string[]): number {
  const { flags, operands } = parseOptions(sh, argv, 'p');
  if (operands.length === 0) sh.context.unsupported('"mkdir" without an operand');
  let status = 0;
  for (const dir of operands) {
    const path = resolvePath(sh.cwd, dir);
    const fail = (reason: string) => {
      sh.err.write(`mkdir: can't create directory '${dir}': ${reason}\n`);
      status = 1;
    };
    if (isDirectory(sh.fs, path)) {
      if (!flags.has('p')) fail('File exists');
    } else if (sh.fs.files.has(path)) fail('File exists');
    else if (!flags.has('p') && !isDirectory(sh.fs, parentOf(path))) fail('No such file or directory');
    else {
      const missing: string[] = [];
      for (let dir = path; !isDirectory(sh.fs, dir); dir = parentOf(dir)) missing.push(dir);
      for (const dir of missing) sh.fs.files.set(`${dir}/`, '');
    }
  }
  return status;
}

/** coreutils/ls.c without a terminal: one name a line, sorted; a file operand prints as given. */
function ls(sh: Shell, argv: string[]): number {
  const { flags, operands } = parseOptions(sh, argv, '1A');
  const targets = operands.length === 0 ? ['.'] : operands;
  if (targets.filter((t) => isDirectory(sh.fs, resolvePath(sh.cwd, t))).length > 1) sh.context.unsupported('"ls" of several directories');
  let status = 0;
  for (const target of targets) {
    const path = resolvePath(sh.cwd, target);
    if (sh.fs.files.has(path)) sh.out.write(`${target}\n`);
    else if (isDirectory(sh.fs, path)) {
      const names = [...directoryEntries(sh.fs, path)].filter((name) => flags.has('A') || !name.startsWith('.')).sort();
      for (const name of names) sh.out.write(`${name}\n`);
    } else {
      sh.err.write(`ls: ${target}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
}

/** coreutils/date.c: the default format `%a %b %e %H:%M:%S %Z %Y`, or `+FORMAT`; the container
 * has no time zone, so its time is UTC. */
function date(sh: Shell, argv: string[]): number {
  let format = '%a %b %e %H:%M:%S %Z %Y';
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('+')) format = arg.slice(1);
    else if (arg !== '-u') sh.context.unsupported(`option "${arg}" of date`);
  }
  sh.out.write(`${strftime(sh, format, sh.context.now)}\n`);
  return 0;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** strftime(3) in the C locale and UTC, for the conversions scripts use with `date +...`. */
function strftime(sh: Shell, format: string, ms: number): string {
  const d = new Date(ms);
  let text = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%' || i + 1 === format.length) text += format[i];
    else text += conversion(sh, format[++i], d, ms);
  }
  return text;
}

function conversion(sh: Shell, spec: string, d: Date, ms: number): string {
  switch (spec) {
    case 'a': return DAYS[d.getUTCDay()].slice(0, 3);
    case 'A': return DAYS[d.getUTCDay()];
    case 'b':
    case 'h': return MONTHS[d.getUTCMonth()].slice(0, 3);
    case 'B': return MONTHS[d.getUTCMonth()];
    case 'C': return pad(Math.floor(d.getUTCFullYear() / 100), 2);
    case 'd': return pad(d.getUTCDate(), 2);
    case 'e': return pad(d.getUTCDate(), 2, ' ');
    case 'H': return pad(d.getUTCHours(), 2);
    case 'I': return pad(d.getUTCHours() % 12 || 12, 2);
    case 'j': return pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
    case 'k': return pad(d.getUTCHours(), 2, ' ');
    case 'l': return pad(d.getUTCHours() % 12 || 12, 2, ' ');
    case 'm': return pad(d.getUTCMonth() + 1, 2);
    case 'M': return pad(d.getUTCMinutes(), 2);
    case 'N': return pad((((ms % 1000) + 1000) % 1000) * 1_000_000, 9); // busybox date's own %N
    case 'n': return '\n';
    case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 's': return String(Math.floor(ms / 1000));
    case 'S': return pad(d.getUTCSeconds(), 2);
    case 't': return '\t';
    case 'u': return String(d.getUTCDay() || 7);
    case 'w': return String(d.getUTCDay());
    case 'y': return pad(d.getUTCFullYear() % 100, 2);
    case 'Y': return String(d.getUTCFullYear());
    case 'z': return '+0000';
    case 'Z': return 'UTC';
    case '%': return '%';
    case 'c': return strftime(sh, '%a %b %e %H:%M:%S %Y', ms);
    case 'D':
    case 'x': return strftime(sh, '%m/%d/%y', ms);
    case 'F': return strftime(sh, '%Y-%m-%d', ms);
    case 'r': return strftime(sh, '%I:%M:%S %p', ms);
    case 'R': return strftime(sh, '%H:%M', ms);
    case 'T':
    case 'X': return strftime(sh, '%H:%M:%S', ms);
    default: return sh.context.unsupported(`date format "%${spec}"`);
  }
}

function pad(n: number, width: number, fill = '0'): string {
  return String(n).padStart(width, fill);
}

// --- test (coreutils/test.c) ---

const TEST_UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-z', '-n']);
const TEST_UNSIMULATED_UNARY = new Set(['-c', '-b', '-p', '-u', '-g', '-k', '-t', '-h', '-O', '-G', '-L', '-S']);
const TEST_BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-ge', '-gt', '-le', '-lt', '-nt', '-ot', '-ef']);

class TestSyntaxError {
  constructor(readonly message: string) {}
}

/** test_main: `[` needs its `]`; then POSIX's special cases, then oexpr. Errors are busybox's
 * bb_error_msg, prefixed with applet_name (the shell's, `sh`, for the builtin). */
function test(sh: Shell, argv: string[], name: string): number {
  let args = argv.slice(1);
  if (basename(argv[0]) === '[') {
    if (args[args.length - 1] !== ']') {
      sh.err.write(`${name}: missing ]\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return new TestExpression(sh, args).evaluate() ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestSyntaxError)) throw e;
    sh.err.write(`${name}: ${e.message}\n`);
    return 2;
  }
}

class TestExpression {
  private index = 0;

  constructor(
    private readonly sh: Shell,
    private readonly args: string[],
  ) {}

  evaluate(): boolean {
    const args = this.args;
    if (args.length === 0) return false;
    const negate = args[0] === '!' && args.length > 1 ? 1 : 0;
    if (args.length === 1 + negate) return (args[negate] !== '') !== (negate === 1);
    if (args.length === 3 + negate && TEST_BINARY.has(args[negate + 1])) {
      return this.binary(args[negate], args[negate + 1], args[negate + 2]) !== (negate === 1);
    }
    const result = this.or();
    if (this.index + 1 < args.length) throw new TestSyntaxError(`${args[this.index + 1]}: unknown operand`);
    return result;
  }

  private or(): boolean {
    const left = this.and();
    if (this.args[this.index + 1] !== '-o') return left;
    this.index += 2;
    return this.or() || left;
  }

  private and(): boolean {
    const left = this.not();
    if (this.args[this.index + 1] !== '-a') return left;
    this.index += 2;
    return this.and() && left;
  }

  private not(): boolean {
    if (this.args[this.index] !== '!') return this.primary();
    this.index++;
    return !this.not();
  }

  private primary(): boolean {
    const args = this.args;
    const arg = args[this.index];
    if (arg === undefined) throw new TestSyntaxError('argument expected');
    if (arg === '(') {
      this.index++;
      const inner = this.or();
      if (args[++this.index] !== ')') throw new TestSyntaxError('closing paren expected');
      return inner;
    }
    if (args[this.index + 1] !== undefined && args[this.index + 2] !== undefined && TEST_BINARY.has(args[this.index + 1])) {
      this.index += 2;
      return this.binary(arg, args[this.index - 1], args[this.index]);
    }
    if (TEST_UNSIMULATED_UNARY.has(arg)) this.sh.context.unsupported(`test "${arg}"`);
    if (TEST_UNARY.has(arg) && args[this.index + 1] !== undefined) {
      const operand = args[++this.index];
      return this.unary(arg, operand);
    }
    if (args[this.index + 1] !== undefined && TEST_BINARY.has(args[this.index + 1])) throw new TestSyntaxError(`${args[this.index + 1]}: argument expected`);
    return arg !== '';
  }

  private unary(op: string, operand: string): boolean {
    const fs = this.sh.fs;
    const path = resolvePath(this.sh.cwd, operand);
    const file = fs.files.has(path);
    const dir = !file && isDirectory(fs, path);
    switch (op) {
      case '-z': return operand === '';
      case '-n': return operand !== '';
      case '-e':
      case '-r':
      case '-w': return file || dir; // The container runs as root, which may read and write anything.
      case '-f': return file;
      case '-d': return dir;
      case '-s': return (fs.files.get(path) ?? '').length > 0 || dir;
      default: return dir || findProgram(fs, path, path) !== undefined; // -x: directories, applets, scripts
    }
  }

  private binary(left: string, op: string, right: string): boolean {
    switch (op) {
      case '=':
      case '==': return left === right;
      case '!=': return left !== right;
      case '<': return left < right;
      case '>': return left > right;
      case '-nt':
      case '-ot':
      case '-ef': return this.sh.context.unsupported(`test "${op}"`);
    }
    const a = testNumber(left);
    const b = testNumber(right);
    switch (op) {
      case '-eq': return a === b;
      case '-ne': return a !== b;
      case '-ge': return a >= b;
      case '-gt': return a > b;
      case '-le': return a <= b;
      default: return a < b;
    }
  }
}

/** getn: strtol, with surrounding blanks allowed; anything else is a `bad number`. */
function testNumber(text: string): number {
  const match = /^\s*([+-]?\d+)?\s*$/.exec(text);
  if (match === null) throw new TestSyntaxError(`${text}: bad number`);
  return match[1] === undefined ? 0 : Number(match[1]);
}

// --- the in-memory file system ---

function resolvePath(cwd: string, path: string): string {
  // Most paths are already absolute and clean (`/bin/sh`, `/tmp/healthy`): nothing to resolve.
  const joined = path.startsWith('/') ? path : cwd === '/' ? `/${path}` : undefined;
  if (joined !== undefined && isCleanAbsolute(joined)) return joined;
  const parts: string[] = [];
  for (const segment of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '' && segment !== '.') parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

/** An absolute path without empty, `.` or `..` segments and without a trailing slash: one resolvePath keeps as it is. */
function isCleanAbsolute(path: string): boolean {
  if (path.length < 2) return false;
  let start = 1;
  for (let i = 1; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    const length = i - start;
    if (length === 0) return false;
    if (path.charCodeAt(start) === 46 && (length === 1 || (length === 2 && path.charCodeAt(start + 1) === 46))) return false;
    start = i + 1;
  }
  return true;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function isDirectory(fs: ContainerFs, path: string): boolean {
  if (IMAGE_DIRECTORIES.has(path)) return true;
  const prefix = `${path}/`;
  for (const key of fs.files.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

function directoryEntries(fs: ContainerFs, path: string): Set<string> {
  const prefix = path === '/' ? '/' : `${path}/`;
  const names = new Set<string>();
  for (const key of [...fs.files.keys(), ...IMAGE_DIRECTORIES]) {
    if (key.startsWith(prefix) && key.length > prefix.length) names.add(key.slice(prefix.length).split('/')[0]);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Starting programs

/** Compiled scripts by text: probes run the same command every few seconds for days. */
const compiledScripts = new Memo<Script>(1000, (text) => new Parser(text, text).parseScript());

function compile(text: string): Script {
  return compiledScripts.get(text);
}

/** How argv starts: a shell with its script, or one applet with its arguments as given. */
type Launch =
  | { kind: 'shell'; names: ShellNames; params: string[]; text: string; script: Script; errexit: boolean; fromCommand: boolean }
  | { kind: 'applet'; argv: string[] }
  | { kind: 'failure'; message: string; exitCode: number };

/**
 * What runc reports when argv[0] cannot be executed in the busybox image (Go's exec.LookPath
 * wording), or undefined when it can. The kubelet reports it as a StartError; startProcess and
 * runExec refuse such an argv.
 */
export function missingExecutable(argv: string[], fs: ContainerFs): string | undefined {
  const name = argv[0] ?? '';
  const path = resolvePath('/', name);
  const shell = SHELL_NAMES.has(basename(name)) && (!name.includes('/') || path.startsWith(APPLET_DIRECTORY));
  if (shell || findProgram(fs, path, name) !== undefined) return undefined;
  return name.includes('/') ? `exec: "${name}": stat ${name}: no such file or directory` : `exec: "${name}": executable file not found in $PATH`;
}

/** `started` is the command line as started, which UserErrors quote (joined only for one). */
function prepare(argv: string[], fs: ContainerFs, started: readonly string[] = argv): Launch {
  const missing = missingExecutable(argv, fs);
  if (missing !== undefined) {
    if (UNSUPPORTED_COMMANDS.has(basename(argv[0] ?? ''))) throw new UserError(`unsupported shell command "${argv[0]}" in: ${started.join(' ')}`);
    throw new UserError(`cannot start ${JSON.stringify(argv)}: ${missing}`);
  }
  const path = resolvePath('/', argv[0]);
  if (fs.files.has(path) && findProgram(fs, path, argv[0]) === 'script') {
    // The kernel runs `#!/bin/sh` scripts as `/bin/sh script args...`.
    return prepare([`${APPLET_DIRECTORY}${interpreterOf(fs.files.get(path)!)}`, ...argv], fs, started);
  }
  if (!SHELL_NAMES.has(basename(argv[0]))) return { kind: 'applet', argv };
  const appletName = basename(argv[0]);
  let errexit = false;
  let readsCommand = false;
  let i = 1;
  for (; i < argv.length && /^[-+][a-zA-Z]+$/.test(argv[i]); i++) {
    // The option letters after the sign (ASCII letters: one character each).
    for (let k = 1; k < argv[i].length; k++) {
      const option = argv[i][k];
      if (option === 'c') readsCommand = true;
      else if (option === 'e') errexit = argv[i].startsWith('-');
      else throw new UserError(`unsupported shell option "-${option}" in: ${started.join(' ')}`);
    }
  }
  if (readsCommand) {
    // procargs (shell/ash.c): after -c's script come $0 and the positional parameters.
    if (i >= argv.length) return { kind: 'failure', message: `${argv[0]}: -c requires an argument\n`, exitCode: 2 };
    const text = argv[i];
    const arg0 = argv[i + 1];
    const names = { arg0: arg0 ?? argv[0], commandname: arg0, appletName };
    return { kind: 'shell', names, params: i + 2 < argv.length ? argv.slice(i + 2) : NO_PARAMS, text, script: compile(text), errexit, fromCommand: true };
  }
  if (i >= argv.length) {
    // A container's stdin is /dev/null: the shell reads no command and exits.
    return { kind: 'shell', names: { arg0: argv[0], commandname: undefined, appletName }, params: [], text: '', script: { lines: [], syntaxError: undefined }, errexit, fromCommand: false };
  }
  const file = argv[i];
  const text = fs.files.get(resolvePath('/', file));
  if (text === undefined) return { kind: 'failure', message: `${argv[0]}: can't open '${file}': No such file or directory\n`, exitCode: 127 };
  return { kind: 'shell', names: { arg0: file, commandname: file, appletName }, params: argv.slice(i + 1), text, script: compile(text), errexit, fromCommand: false };
}

function* launch(prepared: Launch, context: ProcessContext, fs: ContainerFs, env: Record<string, string>, out: Sink, err: Sink): Run {
  if (prepared.kind === 'failure') {
    err.write(prepared.message);
    return prepared.exitCode;
  }
  const vars = new Map<string, string>();
  // The environment's own keys in order, as Object.keys lists them, without the list.
  for (const name in env) if (Object.hasOwn(env, name)) vars.set(name, env[name]);
  const names = prepared.kind === 'shell' ? prepared.names : { arg0: prepared.argv[0], commandname: undefined, appletName: 'sh' };
  const sh = new Shell(context, fs, names, prepared.kind === 'shell' ? prepared.params : NO_PARAMS, vars, new Set(vars.keys()), out, err);
  if (prepared.kind === 'applet') {
    const program = findProgram(fs, resolvePath('/', prepared.argv[0]), prepared.argv[0])!;
    return program === 'sleep' ? yield* sleep(sh, prepared.argv) : APPLETS[program](sh, prepared.argv, program);
  }
  sh.errexit = prepared.errexit;
  const script = prepared.script;
  script.sync ??= script.lines.every(neverYields);
  return script.sync ? runScriptSync(sh, script) : yield* runScript(sh, script);
}

/** What UserErrors quote: the script a shell runs, else the command line. */
function describe(prepared: Launch, argv: string[]): string {
  return prepared.kind === 'shell' && prepared.text !== '' ? prepared.text : argv.join(' ');
}

class SimulatedProcess implements ShellProcess {
  private wakeMs: number;
  private exit: (ProcessState & { state: 'exited' }) | undefined;
  private failure: unknown;

  constructor(
    private readonly context: ProcessContext,
    private readonly run: Run,
    startMs: number,
  ) {
    this.wakeMs = startMs;
  }

  advance(untilMs: number): ProcessState {
    if (this.failure !== undefined) throw this.failure;
    while (this.exit === undefined && this.wakeMs <= untilMs) {
      this.context.now = this.wakeMs;
      let step: IteratorResult<number, number>;
      try {
        step = this.run.next();
      } catch (e) {
        this.failure = e;
        throw e;
      }
      if (step.done) this.finish(step.value & 0xff, this.context.now);
      else this.wakeMs = this.context.now + step.value;
    }
    if (this.exit !== undefined) return this.exit;
    return { state: 'running', nextWakeMs: Number.isFinite(this.wakeMs) ? this.wakeMs : undefined };
  }

  takeOutput(): OutputLine[] {
    return this.context.takeLines();
  }

  kill(atMs: number): void {
    if (this.advance(atMs).state === 'exited') return;
    this.run.return(SIGKILL_EXIT_CODE);
    this.context.now = atMs;
    this.finish(SIGKILL_EXIT_CODE, atMs);
  }

  private finish(exitCode: number, atMs: number): void {
    this.context.flushPartial();
    // The state every later advance answers with (read only), made once.
    this.exit = { state: 'exited', exitCode, atMs };
  }
}

// A script that only prints and sets its status (`echo done`, `echo failed; exit 1`) does the
// same whenever and wherever it runs: its output and status depend on its text (and `-e`) alone,
// not on its environment, files, parameters or $0. Such a script is run once, into a scratch
// shell, and every process of it replays what that run printed and how it exited, at its own
// start time: the same lines, state and exit a run of its own gives (a property test compares
// them), without a shell, a generator and their tables per process.

/** The commands such a script may run: builtins that read nothing but their literal words. */
const PRINTING_BUILTINS = new Set([':', 'true', 'false', 'echo']);

/** The output lines and the exit status of a script that only prints, as its first run gave them. */
interface Replay {
  readonly lines: readonly { readonly stream: 'stdout' | 'stderr'; readonly text: string }[];
  readonly exitCode: number;
}

/**
 * Whether a line only prints and sets $?: simple commands of literal words without assignments or
 * redirections that run a printing builtin or `exit` (with no argument or digits), and lists,
 * `&&`, `||`, `!` and `if` of them. (Such a line never sleeps: see neverYields.)
 */
function printsOnly(node: Node): boolean {
  return everySimpleCommand(node, simplePrintsOnly);
}

function simplePrintsOnly(node: SimpleCommand): boolean {
  const words = node.words;
  if (words.length === 0 || node.assignments.length > 0 || node.redirects.length > 0 || !allLiteral(words)) return false;
  const name = words[0].literal!;
  if (PRINTING_BUILTINS.has(name)) return true;
  return name === 'exit' && (words.length === 1 || /^[0-9]+$/.test(words[1].literal!));
}

/** What a script that only prints does with `-e` or without, run once; false for any other script. */
function replayOf(script: Script, errexit: boolean): Replay | false {
  const known = errexit ? script.replayErrexit : script.replay;
  if (known !== undefined) return known;
  if (script.printsOnly === undefined) {
    let only = script.syntaxError === undefined;
    for (let i = 0; only && i < script.lines.length; i++) only = printsOnly(script.lines[i]);
    script.printsOnly = only;
  }
  const replay = script.printsOnly ? firstRun(script, errexit) : false;
  if (errexit) script.replayErrexit = replay;
  else script.replay = replay;
  return replay;
}

/**
 * Runs a script that only prints in a scratch shell, as launch would (the sync path): its lines
 * (the last MAX_KEPT_LINES, as a process's first takeOutput gives them) and status. False if it
 * raised an error (the busy-loop guard): its processes then run as any other, and meet it themselves.
 */
function firstRun(script: Script, errexit: boolean): Replay | false {
  const context = new ProcessContext(0, '', undefined);
  const sh = new Shell(context, { files: new Map() }, { arg0: 'sh', commandname: undefined, appletName: 'sh' }, NO_PARAMS, new Map(), new Set(), context.stream('stdout'), context.stream('stderr'));
  sh.errexit = errexit;
  let exitCode: number;
  try {
    exitCode = runScriptSync(sh, script) & 0xff;
  } catch {
    return false;
  }
  context.flushPartial();
  const lines = context.takeLines();
  const kept: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) kept.push({ stream: lines[i].stream, text: lines[i].text });
  return { lines: kept, exitCode };
}

/** A process of a script that only prints: SimulatedProcess's answers, from the script's first run. */
class ReplayedProcess implements ShellProcess {
  private exit: (ProcessState & { state: 'exited' }) | undefined;
  /** Output not yet taken (none: the shared empty list, which the caller only reads). */
  private lines: OutputLine[] = NO_OUTPUT;

  constructor(
    private readonly replay: Replay,
    private readonly startMs: number,
  ) {}

  advance(untilMs: number): ProcessState {
    if (this.exit !== undefined) return this.exit;
    // Before its start it waits for it, as a process whose first step is due then.
    if (untilMs < this.startMs) return { state: 'running', nextWakeMs: this.startMs };
    const lines = this.replay.lines;
    if (lines.length > 0) {
      const out: OutputLine[] = lines.length === 1 ? [{ atMs: this.startMs, stream: lines[0].stream, text: lines[0].text }] : [];
      if (lines.length > 1) for (let i = 0; i < lines.length; i++) out.push({ atMs: this.startMs, stream: lines[i].stream, text: lines[i].text });
      this.lines = out;
    }
    this.exit = { state: 'exited', exitCode: this.replay.exitCode, atMs: this.startMs };
    return this.exit;
  }

  takeOutput(): OutputLine[] {
    const lines = this.lines;
    if (lines.length > 0) this.lines = NO_OUTPUT;
    return lines;
  }

  kill(atMs: number): void {
    if (this.advance(atMs).state === 'exited') return;
    // Killed before it ran: it printed nothing.
    this.exit = { state: 'exited', exitCode: SIGKILL_EXIT_CODE, atMs };
  }
}

/**
 * The command line that last started a replayed process, and its replay: the pods of a workload
 * start the same command, and prepare need not take it apart again. prepare's answer for it depends
 * on argv alone (a shell by name with a `-c` script: see replayFor).
 */
let lastReplayed: { argv: string[]; replay: Replay } | undefined;

/**
 * The replay of argv if it is the command line that last started a replayed process, else
 * undefined. Such an argv names a shell by name (else prepare would not have read a `-c` script
 * from it), which prepare resolves without the files unless a file takes the shell's path (then
 * it runs that file): so does the answer here.
 */
function replayFor(argv: string[], fs: ContainerFs): Replay | undefined {
  const last = lastReplayed;
  if (last === undefined || last.argv.length !== argv.length) return undefined;
  for (let i = 0; i < argv.length; i++) if (argv[i] !== last.argv[i]) return undefined;
  const name = argv[0];
  if (name.includes('/') && fs.files.has(resolvePath('/', name))) return undefined;
  return last.replay;
}

/** No output lines (shared and frozen: replaced, never pushed onto). */
const NO_OUTPUT: OutputLine[] = Object.freeze([]) as unknown as OutputLine[];

/** Starts argv (the container's command and args as the kubelet resolves them: `['/bin/sh', '-c',
 * '...']`, `['sleep', '3600']`) at startMs. Throws a UserError for an unsupported construct. */
export function startProcess(argv: string[], fs: ContainerFs, startMs: number, env: Record<string, string> = {}): ShellProcess {
  const known = replayFor(argv, fs);
  if (known !== undefined) return new ReplayedProcess(known, startMs);
  const prepared = prepare(argv, fs);
  if (prepared.kind === 'shell') {
    const replay = replayOf(prepared.script, prepared.errexit);
    if (replay !== false) {
      if (prepared.fromCommand) lastReplayed = { argv: argv.slice(), replay };
      return new ReplayedProcess(replay, startMs);
    }
  }
  const context = new ProcessContext(startMs, describe(prepared, argv), env.HOSTNAME);
  return new SimulatedProcess(context, launch(prepared, context, fs, env, context.stream('stdout'), context.stream('stderr')), startMs);
}

/** Runs a command to completion at nowMs, as an exec probe or `kubectl exec` does. Its sleeps
 * pass in its own virtual time; once they add up to more than timeoutMs it has timed out (the
 * runtime kills it: exit code 137). File changes happen at once. */
export function runExec(argv: string[], fs: ContainerFs, nowMs: number, timeoutMs: number, env: Record<string, string> = {}): ExecResult {
  const prepared = prepare(argv, fs);
  const description = describe(prepared, argv);
  const context = new ProcessContext(nowMs, description, env.HOSTNAME);
  const stdout = new Capture();
  const stderr = new Capture();
  const run = launch(prepared, context, fs, env, stdout, stderr);
  const result = (exitCode: number, timedOut: boolean): ExecResult => ({ exitCode, output: stdout.text + stderr.text, stdout: stdout.text, stderr: stderr.text, timedOut });
  for (let elapsedMs = 0; ; ) {
    const step = run.next();
    if (step.done) return result(step.value & 0xff, false);
    elapsedMs += step.value;
    if (elapsedMs > timeoutMs || elapsedMs === Infinity) {
      run.return(SIGKILL_EXIT_CODE);
      if (timeoutMs === Infinity) throw new UserError(`exec never finishes (it sleeps forever): ${description}`);
      return result(SIGKILL_EXIT_CODE, true);
    }
    context.now = nowMs + elapsedMs;
  }
}
