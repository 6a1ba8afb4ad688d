// The seeded random generator. Every random choice in the engine (generated name suffixes,
// scheduler tie-breaks) draws from one of these, so a seed reproduces a run exactly.
// The algorithm is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of
// state, fast in JavaScript's 32-bit integer arithmetic, and good enough for simulation.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    // Spread the seed over the state, then discard the first outputs as sfc32's authors advise.
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform integer in [0, n). */
  intn(n: number): number {
    return Math.floor((this.nextUint32() / 0x100000000) * n);
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.intn(alphabet.length)];
    return s;
  }
}
