/** What identity answers at /auth/login and /auth/refresh. */
export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** One use only: a spent refresh token presented again revokes the whole session. */
  refreshToken: string;
}

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
}

const STORAGE_KEY = 'cf.session';

type Listener = (tokens: StoredTokens | null) => void;

/**
 * The session's tokens, kept in localStorage so that a reload or a second tab stays signed in. Changes made by
 * another tab (a refresh, a logout) arrive through the `storage` event and are passed on to the listeners.
 */
export class TokenStore {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: Storage = window.localStorage) {
    window.addEventListener('storage', (event) => {
      if (event.key === STORAGE_KEY) {
        this.emit();
      }
    });
  }

  get(): StoredTokens | null {
    try {
      const raw = this.storage.getItem(STORAGE_KEY);
      return raw ? (JSON.parse(raw) as StoredTokens) : null;
    } catch {
      return null;
    }
  }

  set(pair: TokenPair): StoredTokens {
    const tokens = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: Date.now() + pair.expiresIn * 1000,
    };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    this.emit();
    return tokens;
  }

  clear(): void {
    if (this.storage.getItem(STORAGE_KEY) !== null) {
      this.storage.removeItem(STORAGE_KEY);
      this.emit();
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const tokens = this.get();
    this.listeners.forEach((listener) => listener(tokens));
  }
}
