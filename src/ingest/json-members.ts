/**
 * Reading a large JSON object without holding its text: the members of the top-level
 * object are handed over one by one as JSON text (to JSON.parse), and the members named in
 * `elementwise` that are arrays element by element. Text is fed in chunks of any size (split
 * anywhere, also inside strings); memory is one member or element at a time.
 *
 * Strings are skipped with indexOf (a long text costs little); structure is scanned by
 * character. Malformed JSON: a JsonScanError with the 1-based line and column.
 */

export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type State = 'start' | 'key' | 'colon' | 'value' | 'comma' | 'done';

export interface MemberHandler {
  /** A whole member: its key and value as JSON text (`line`: the line its value starts on). */
  member(key: string, json: string, line: number): void;
  /** One element of an elementwise array (index from 0; `line`: the line it starts on). */
  element(key: string, index: number, json: string, line: number): void;
  /** A member's key, as soon as it is read (line and column of its opening quote). */
  key?(key: string, line: number, column: number): void;
}

export class JsonMemberScanner {
  private state: State = 'start';
  private key = '';
  private keyParts: string[] | undefined;
  /** Inside a string (of a key or a captured value); `esc`: the last character was a backslash. */
  private inString = false;
  private esc = false;
  /** Captured value: pieces, bracket depth within it. */
  private parts: string[] = [];
  private depth = 0;
  private capturing = false;
  /** Elementwise array: inside it (between [ and ]), at an element, the element index. */
  private inArray = false;
  private index = 0;
  private line = 1;
  private column = 0;
  /** The line the value or element being captured starts on; of the key being read. */
  private capLine = 1;
  private keyLine = 1;
  private keyColumn = 1;

  constructor(
    private readonly elementwise: ReadonlySet<string>,
    private readonly handler: MemberHandler,
  ) {}

  private fail(what: string, text: string, i: number): never {
    // line/column of position i of this chunk
    let line = this.line;
    let col = this.column;
    for (let k = 0; k < i; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        col = 0;
      } else col++;
    }
    throw new JsonScanError(what, line, col + 1);
  }

  private count(text: string, from: number, to: number): void {
    for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) {
      this.line++;
      this.column = to - k - 1;
    }
    // (column: characters since the last newline; approximate across chunks without one)
    if (text.lastIndexOf('\n', to - 1) < from) this.column += to - from;
  }

  push(text: string): void {
    const n = text.length;
    let i = 0;
    let capFrom = this.capturing ? 0 : -1;
    while (i < n) {
      if (this.inString) {
        // skip to the closing quote (not escaped)
        let j = i;
        for (;;) {
          if (this.esc) {
            this.esc = false;
            j++;
            if (j > n) break;
          }
          const q = text.indexOf('"', j);
          const b = text.indexOf('\\', j);
          if (b >= 0 && (q < 0 || b < q)) {
            if (b + 1 >= n) {
              this.esc = true;
              j = n;
              break;
            }
            j = b + 2;
            continue;
          }
          if (q < 0) {
            j = n;
            break;
          }
          j = q + 1;
          this.inString = false;
          break;
        }
        if (this.state === 'key') {
          const piece = text.slice(i, this.inString ? n : j - 1);
          if (this.inString) (this.keyParts ??= []).push(piece);
          else {
            const raw = this.keyParts ? this.keyParts.join('') + piece : piece;
            this.keyParts = undefined;
            try {
              this.key = JSON.parse(`"${raw}"`) as string;
            } catch {
              this.fail('bad string', text, i);
            }
            this.state = 'colon';
            this.handler.key?.(this.key, this.keyLine, this.keyColumn);
          }
        }
        this.count(text, i, j);
        i = j;
        if (!this.inString && this.capturing && this.depth === 0 && !this.inArray) {
          // a string value ends the member
          this.endValue(text, capFrom, i);
          capFrom = -1;
        } else if (!this.inString && this.capturing && this.inArray && this.depth === 0) {
          this.endElement(text, capFrom, i);
          capFrom = -1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      // whitespace
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        if (c === 10) {
          this.line++;
          this.column = 0;
        } else this.column++;
        if (this.capturing && this.depth === 0 && this.scalar) {
          this.scalar = false;
          if (this.inArray) this.endElement(text, capFrom, i);
          else this.endValue(text, capFrom, i);
          capFrom = -1;
        }
        i++;
        continue;
      }
      this.column++;
      switch (this.state) {
        case 'start':
          if (c !== 123) this.fail('a codings document must be a JSON object', text, i);
          this.state = 'key';
          i++;
          continue;
        case 'key':
          if (c === 125) {
            this.state = 'done';
            i++;
            continue;
          }
          if (c !== 34) this.fail('expected a member name', text, i);
          this.keyLine = this.line;
          this.keyColumn = this.column;
          this.inString = true;
          i++;
          continue;
        case 'colon':
          if (c !== 58) this.fail('expected ":"', text, i);
          this.state = 'value';
          i++;
          continue;
        case 'comma':
          if (c === 44) this.state = 'key';
          else if (c === 125) this.state = 'done';
          else this.fail('expected "," or "}"', text, i);
          i++;
          continue;
        case 'done':
          this.fail('text after the end of the document', text, i);
          break;
        case 'value':
          break;
      }
      // state 'value'
      if (!this.capturing) {
        if (this.inArray) {
          // between elements of an elementwise array
          if (c === 93) {
            if (this.index > 0 && !this.afterElement) this.fail('unexpected "]" after ","', text, i);
            this.inArray = false;
            this.afterElement = false;
            this.state = 'comma';
            i++;
            continue;
          }
          if (c === 44) {
            if (!this.afterElement) this.fail('unexpected ","', text, i);
            this.afterElement = false;
            i++;
            continue;
          }
          if (this.afterElement) this.fail('expected "," or "]"', text, i);
        } else if (c === 91 && this.elementwise.has(this.key)) {
          this.inArray = true;
          this.afterElement = false;
          this.index = 0;
          i++;
          continue;
        }
        this.capturing = true;
        this.parts = [];
        this.depth = 0;
        this.capLine = this.line;
        capFrom = i;
      }
      if (c === 34) {
        this.inString = true;
        i++;
        continue;
      }
      if (c === 123 || c === 91) {
        this.depth++;
        i++;
        continue;
      }
      if (c === 125 || c === 93) {
        if (this.depth === 0) {
          // the end of the enclosing object/array ends a scalar value
          if (this.scalar) {
            this.scalar = false;
            if (this.inArray) this.endElement(text, capFrom, i);
            else this.endValue(text, capFrom, i);
            capFrom = -1;
            continue;
          }
          this.fail(`unexpected "${String.fromCharCode(c)}"`, text, i);
        }
        this.depth--;
        i++;
        if (this.depth === 0) {
          if (this.inArray) this.endElement(text, capFrom, i);
          else this.endValue(text, capFrom, i);
          capFrom = -1;
        }
        continue;
      }
      if (c === 44 && this.depth === 0) {
        // a scalar value ends at the comma
        if (this.inArray) this.endElement(text, capFrom, i);
        else this.endValue(text, capFrom, i);
        this.scalar = false;
        capFrom = -1;
        continue;
      }
      if (this.depth === 0) this.scalar = true;
      i++;
    }
    if (this.capturing && capFrom >= 0) this.parts.push(text.slice(capFrom));
  }

  private scalar = false;
  private afterElement = false;

  private take(text: string, from: number, to: number): string {
    const last = text.slice(from < 0 ? 0 : from, to);
    const json = this.parts.length ? this.parts.join('') + last : last;
    this.parts = [];
    this.capturing = false;
    return json;
  }

  private endValue(text: string, from: number, to: number): void {
    const json = this.take(text, from, to);
    this.state = 'comma';
    this.handler.member(this.key, json, this.capLine);
  }

  private endElement(text: string, from: number, to: number): void {
    const json = this.take(text, from, to);
    this.afterElement = true;
    this.handler.element(this.key, this.index++, json, this.capLine);
  }

  /** After the last chunk: the document must be complete. */
  end(): void {
    if (this.capturing && this.scalar && this.depth === 0 && !this.inString) {
      this.scalar = false;
      this.endValue('', 0, 0);
    }
    if (this.state !== 'done') throw new JsonScanError('the document ends too early (truncated?)', this.line, this.column + 1);
  }
}
