/**
 * Each distinct string once, numbered in the order first seen: for data packed to post between
 * threads as numbers and a few strings (pipeline/wire.ts, coding/pack.ts).
 */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  /** The number of `x` (added when new). */
  of(x: string): number {
    let i = this.index.get(x);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(x);
      this.index.set(x, i);
    }
    return i;
  }
}
