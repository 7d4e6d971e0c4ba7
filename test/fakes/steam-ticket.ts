import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Builds a real Steam encrypted app ticket, as ISteamUser::GetEncryptedAppTicket hands a game client: an
 * `EncryptedAppTicket` protobuf whose `encrypted_ticket` is AES-256 (IV sealed with ECB, body CBC) under the
 * app's ticket key, holding user data, a v4 app ownership ticket and a salted SHA-1 of both.
 */
export interface TicketSpec {
  key: Buffer;
  appId: number;
  steamId64: string;
  issuedAt?: Date;
  userData?: Buffer;
}

export function buildEncryptedAppTicket(spec: TicketSpec): Buffer {
  const userData = spec.userData ?? Buffer.alloc(0);
  const ownership = ownershipTicket(spec);
  const body = Buffer.concat([userData, ownership]);
  const salt = randomBytes(8);
  const hash = createHash('sha1').update(Buffer.concat([body, salt])).digest();
  const plaintext = Buffer.concat([body, salt, hash, Buffer.alloc(4)]);
  return encodeProtobuf([
    [1, 4],
    [2, crc32(plaintext)],
    [3, userData.length],
    [4, ownership.length],
    [5, steamSymmetricEncrypt(plaintext, spec.key)],
  ]);
}

function ownershipTicket(spec: TicketSpec): Buffer {
  const issued = Math.floor((spec.issuedAt ?? new Date()).getTime() / 1000);
  const fields = Buffer.alloc(4 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 2 + 4 + 2 + 2);
  let o = 0;
  o = fields.writeUInt32LE(4, o); // version
  o = fields.writeBigUInt64LE(BigInt(spec.steamId64), o);
  o = fields.writeUInt32LE(spec.appId, o);
  o = fields.writeUInt32LE(0x7f000001, o); // external IP
  o = fields.writeUInt32LE(0x0a000001, o); // internal IP
  o = fields.writeUInt32LE(0, o); // ownership flags
  o = fields.writeUInt32LE(issued, o);
  o = fields.writeUInt32LE(issued + 21 * 86_400, o);
  o = fields.writeUInt16LE(1, o); // one license
  o = fields.writeUInt32LE(spec.appId, o);
  o = fields.writeUInt16LE(0, o); // no DLC
  fields.writeUInt16LE(0, o); // reserved
  const length = Buffer.alloc(4);
  length.writeUInt32LE(fields.length + 4);
  return Buffer.concat([length, fields]);
}

function steamSymmetricEncrypt(plaintext: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(16);
  const ivCipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const sealedIv = Buffer.concat([ivCipher.update(iv), ivCipher.final()]);
  const body = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([sealedIv, body.update(plaintext), body.final()]);
}

function encodeProtobuf(fields: [number, number | Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [id, value] of fields) {
    if (typeof value === 'number') parts.push(varint((id << 3) | 0), varint(value));
    else parts.push(varint((id << 3) | 2), varint(value.length), value);
  }
  return Buffer.concat(parts);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
