import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface StoredObject {
  body: Buffer;
  contentType: string;
}

/**
 * Where photo bytes live. Keys are `/`-separated paths made by the platform (never by a caller). The local disk
 * serves one machine (development, a single-server county); {@link S3Storage} any S3-compatible object store.
 */
export abstract class MediaStorage {
  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none under the key. */
  abstract get(key: string): Promise<StoredObject | null>;
  /** Removes the object; nothing happens when there is none. */
  abstract delete(key: string): Promise<void>;
}

/** Files under one directory; the content type is kept beside each file. */
export class LocalDiskStorage extends MediaStorage {
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = resolve(directory);
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // written under a temporary name first, so that a reader never sees half a file
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, body);
    await writeFile(`${path}.type`, contentType);
    await rename(partial, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      const [body, contentType] = await Promise.all([readFile(path), readFile(`${path}.type`, 'utf8')]);
      return { body, contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await Promise.all([rm(path, { force: true }), rm(`${path}.type`, { force: true })]);
    // the photo's directory goes with its last file (it still holds another variant: it stays)
    await rmdir(dirname(path)).catch(() => undefined);
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) {
      throw new Error(`media key escapes the storage directory: ${key}`);
    }
    return path;
  }
}
