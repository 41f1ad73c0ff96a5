/**
 * Token buckets for what the twin posts in the user's name: one per conversation and one for everything,
 * so a busy channel or a loop between two bots cannot make the user spam. A post takes a token from both
 * buckets or from neither; a refused automatic reply goes to the user for approval instead.
 */
import type { RateLimitConfig } from './slack-config';

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Tokens available now (refilled for the time passed). */
  available(): number {
    const at = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (at - this.updatedAt) * this.refillPerMs);
    this.updatedAt = at;
    return this.tokens;
  }

  take(): boolean {
    if (this.available() < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class OutgoingRateLimiter {
  private readonly global: TokenBucket;
  private readonly perConversation = new Map<string, TokenBucket>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.global = new TokenBucket(config.globalPerMinute, config.globalPerMinute / 60_000, now);
  }

  /** Takes a token for a post to `conversation`; false (and nothing taken) when either bucket is empty. */
  tryTake(conversation: string): boolean {
    let bucket = this.perConversation.get(conversation);
    if (!bucket) {
      bucket = new TokenBucket(this.config.perConversationPerMinute, this.config.perConversationPerMinute / 60_000, this.now);
      this.perConversation.set(conversation, bucket);
    }
    if (bucket.available() < 1 || this.global.available() < 1) return false;
    bucket.take();
    this.global.take();
    return true;
  }
}
