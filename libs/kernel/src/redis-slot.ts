/** CRC16/XMODEM, the checksum Redis Cluster maps keys to slots with. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/**
 * The Redis Cluster slot of a key: of its hash tag (the text between the first `{` and the next `}`) when that is
 * not empty, of the whole key otherwise.
 */
export function redisHashSlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) {
      return crc16(Buffer.from(key.slice(open + 1, close))) % 16384;
    }
  }
  return crc16(Buffer.from(key)) % 16384;
}

/**
 * Throws unless every key shares one slot: a script or MULTI over keys in several slots fails on Redis Cluster
 * (CROSSSLOT), so callers that touch several keys at once check them here, on a single server too.
 */
export function assertOneSlot(keys: string[]): void {
  const slots = new Set(keys.map(redisHashSlot));
  if (slots.size > 1) {
    throw new Error(`these Redis keys are used together but lie in different cluster slots: ${keys.join(', ')}`);
  }
}
