export interface SearchRequest {
  customerId: string;
  terms: string[];
  bucketId?: number;
  limit: number;
}

/** A raw hit: `raw` is higher-is-better and dialect-specific; index.ts normalizes it. */
export interface RawHit {
  memory_id: string;
  content: string;
  raw: number;
}
