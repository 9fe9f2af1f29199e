/**
 * A small seeded random number generator (mulberry32), so that the demo data set is the same on
 * every machine and every run for the same `now`. Not for anything secret.
 */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** One of `entries`, each as likely as its weight. For draws in a hot loop, build a Weighted once. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    return new Weighted(entries).draw(this)
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
    }
    return copy
  }

  /** Exponentially distributed with this mean: many small values, a few large ones. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean
  }

  /** Log-normal with this median: the long tail of article reach. */
  logNormal(median: number, sigma: number): number {
    // Box–Muller: a standard normal from two uniforms.
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next())
    return median * Math.exp(sigma * normal)
  }
}

/** A weighted choice prepared once (cumulative weights) and drawn from many times. */
export class Weighted<T> {
  private readonly values: T[]
  private readonly cumulative: Float64Array

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('weighted choice of nothing')
    this.values = entries.map(([value]) => value)
    this.cumulative = new Float64Array(entries.length)
    let total = 0
    entries.forEach(([, weight], i) => {
      total += weight
      this.cumulative[i] = total
    })
  }

  draw(random: Random): T {
    const roll = random.next() * this.cumulative[this.cumulative.length - 1]!
    let i = 0
    while (i < this.cumulative.length - 1 && this.cumulative[i]! <= roll) i++
    return this.values[i]!
  }
}
