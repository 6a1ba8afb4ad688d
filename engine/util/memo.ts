// Answers of a pure function remembered by their key: the engine asks the same few questions
// (an image's tag, a stored time's milliseconds, a reason's key) on every write or sync.

/**
 * The answers of `compute` for up to `limit` keys, which are strings (one kind of key keeps the
 * shared lookup fast for every caller). Past the limit, all are forgotten at once and remembered
 * afresh: keys come and go with the objects that have them, and the bound keeps the map from
 * growing with every key ever seen. `compute` must not answer undefined.
 */
export class Memo<V> {
  private readonly answers = new Map<string, V>();

  constructor(
    private readonly limit: number,
    private readonly compute: (key: string) => V,
  ) {}

  get(key: string): V {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      if (this.answers.size >= this.limit) this.answers.clear();
      this.answers.set(key, (answer = this.compute(key)));
    }
    return answer;
  }
}
